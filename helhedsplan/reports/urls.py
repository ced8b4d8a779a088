from django.urls import path

from helhedsplan.reports import views

app_name = "reports"
urlpatterns = [
    path("<slug:slug>/rapporter/", views.index, name="index"),
    path("<slug:slug>/rapporter/<slug:kind>/", views.show, name="show"),
    path("<slug:slug>/rapporter/<slug:kind>/tekster/", views.texts, name="texts"),
]
