from django.urls import path

from helhedsplan.progress import views

app_name = "progress"
urlpatterns = [
    path("<slug:slug>/fremdrift/", views.dashboard, name="dashboard"),
    path("<slug:slug>/fremdrift/mangler-data/", views.missing, name="missing"),
    path("<slug:slug>/fremdrift/tertialer/", views.tertials, name="tertials"),
]
