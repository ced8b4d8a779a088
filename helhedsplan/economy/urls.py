from django.urls import path

from helhedsplan.economy import views

app_name = "economy"
urlpatterns = [
    path("<slug:slug>/oekonomi/", views.overview, name="overview"),
    path("<slug:slug>/oekonomi/udgift/", views.expense_new, name="expense_new"),
    path("<slug:slug>/oekonomi/timer/", views.hours_new, name="hours_new"),
    path("<slug:slug>/oekonomi/import/", views.expense_import, name="import"),
    path("<slug:slug>/oekonomi/import/skabelon.csv", views.import_template, name="template"),
]
