from django.urls import path

from helhedsplan.workspace import dashboard_views, start_views

app_name = "workspace"
urlpatterns = [
    path("<slug:slug>/start/", start_views.start_page, name="start"),
    path("<slug:slug>/start/paamindelse/", start_views.remind, name="remind"),
    path("<slug:slug>/fremdrift/", dashboard_views.dashboard, name="dashboard"),
]
