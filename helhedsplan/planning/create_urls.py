"""Starting a new plan: from a template, as a successor, or from an uploaded plan file."""

app_name = "planning_create"
urlpatterns = []
