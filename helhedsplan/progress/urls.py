from django.urls import path

from helhedsplan.progress import milestone_views, views

app_name = "progress"
urlpatterns = [
    path("<slug:slug>/fremdrift/mangler-data/", views.missing, name="missing"),
    path("<slug:slug>/fremdrift/tertialer/", views.tertials, name="tertials"),
    path("<slug:slug>/fremdrift/tertialer/godkend/", views.approve_tertial, name="tertial_approve"),
    path("<slug:slug>/fremdrift/tertialer/genaabn/", views.reopen_tertial, name="tertial_reopen"),
    path("<slug:slug>/milepaele/", milestone_views.index, name="milestones"),
    path(
        "<slug:slug>/milepaele/<slug:key>/<str:year_label>/",
        milestone_views.activity_plan,
        name="milestone_plan",
    ),
    path(
        "<slug:slug>/milepaele/<slug:key>/<str:year_label>.xlsx",
        milestone_views.export,
        name="milestone_export",
    ),
]
