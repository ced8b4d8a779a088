from django.urls import path

from helhedsplan.workspace import dashboard_views

app_name = "workspace"
urlpatterns = [
    path("<slug:slug>/fremdrift/", dashboard_views.dashboard, name="dashboard"),
]
