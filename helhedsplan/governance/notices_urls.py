"""URLs of the governance notices pages; included from helhedsplan/urls.py under planer/."""

from django.urls import path

from helhedsplan.governance import notice_views

app_name = "governance_notices"
urlpatterns = [
    path("<slug:slug>/moeder/underretning/", notice_views.notice_list, name="list"),
    path("<slug:slug>/moeder/underretning/ny/", notice_views.notice_create, name="create"),
]
