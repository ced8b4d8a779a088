"""Editing a plan's parts in forms (a draft saves; a plan in force proposes a change)."""

from django.urls import path

from helhedsplan.planning import (
    create_views,
    edit_add_views,
    edit_index_views,
    edit_version_views,
    edit_views,
)

app_name = "planning_edit"
urlpatterns = [
    path("<slug:slug>/rediger/", edit_index_views.index, name="index"),
    path("<slug:slug>/rediger/versioner/", edit_version_views.versions, name="versions"),
    path("<slug:slug>/rediger/del/", edit_views.part, name="plan_part"),
    path("<slug:slug>/rediger/del/<path:part>/", edit_views.part, name="part"),
    path("<slug:slug>/rediger/ny/<path:list_path>/", edit_add_views.add, name="add"),
    path("<slug:slug>/rediger/slet/<path:part>/", edit_add_views.delete, name="delete"),
    path("<slug:slug>/rediger/i-kraft/", create_views.in_force, name="in_force"),
]
