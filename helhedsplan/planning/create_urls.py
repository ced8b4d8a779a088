"""Starting a new plan: from a template, as a successor, or from an uploaded plan file."""

from django.urls import path

from helhedsplan.planning import create_views

app_name = "planning_create"
urlpatterns = [
    path("", create_views.start, name="start"),
    path("skabelon/", create_views.from_template, name="template"),
    path("afloeser/", create_views.successor, name="successor"),
    path("planfil/", create_views.upload, name="upload"),
]
