"""URLs of the governance calendar pages; included from helhedsplan/urls.py under planer/.

A plan year is written 2018-19 in the URLs (its label 2018/19 holds a slash).
"""

from django.urls import path

from helhedsplan.governance import calendar_views as views

app_name = "governance_calendar"
urlpatterns = [
    path("<slug:slug>/moeder/kalender/", views.index, name="index"),
    path("<slug:slug>/moeder/kalender/moede/<int:pk>/ret/", views.meeting_edit, name="edit"),
    path("<slug:slug>/moeder/kalender/<str:year>/", views.year_view, name="year"),
    path("<slug:slug>/moeder/kalender/<str:year>/foreslaa/", views.propose, name="propose"),
    path("<slug:slug>/moeder/kalender/<str:year>/medlem/", views.membership_pick, name="pick"),
    path(
        "<slug:slug>/moeder/kalender/<str:year>/medlem/<int:membership_id>.ics",
        views.membership_ics,
        name="membership_ics",
    ),
    path(
        "<slug:slug>/moeder/kalender/<str:year>/<slug:body_key>.ics",
        views.body_ics,
        name="body_ics",
    ),
]
