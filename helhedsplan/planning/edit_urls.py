"""Editing a plan's parts in forms (a draft saves; a plan in force proposes a change)."""

app_name = "planning_edit"
urlpatterns = []
