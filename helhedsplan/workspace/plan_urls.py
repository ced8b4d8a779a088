from django.urls import path

from helhedsplan.workspace import plan_views as views

app_name = "plans"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/indsatsomraader/<slug:key>/", views.focus_area, name="focus_area"),
    path("<slug:slug>/aktiviteter/", views.activities, name="activities"),
    path("<slug:slug>/aktiviteter/<slug:key>/", views.activity, name="activity"),
    path("<slug:slug>/omraader/", views.areas, name="areas"),
    path("<slug:slug>/organer/", views.bodies, name="bodies"),
]
