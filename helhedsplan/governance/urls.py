from django.urls import path

from helhedsplan.governance import change_views, meeting_views, views

app_name = "governance"
urlpatterns = [
    path("<slug:slug>/moeder/", views.index, name="index"),
    path("<slug:slug>/moeder/<int:pk>/", meeting_views.meeting, name="meeting"),
    # One POST view per thing done on the meeting page.
    path("<slug:slug>/moeder/<int:pk>/punkt/", meeting_views.add_item, name="meeting_item"),
    path("<slug:slug>/moeder/<int:pk>/udfald/", meeting_views.mark_outcome, name="meeting_outcome"),
    path("<slug:slug>/moeder/<int:pk>/referat/", meeting_views.minutes, name="meeting_minutes"),
    path(
        "<slug:slug>/moeder/<int:pk>/beslutning/",
        meeting_views.add_decision,
        name="meeting_decision",
    ),
    path(
        "<slug:slug>/moeder/<int:pk>/indstilling/",
        meeting_views.add_recommendation,
        name="meeting_recommendation",
    ),
    path(
        "<slug:slug>/moeder/indstillinger/<int:pk>/send/",
        meeting_views.forward_recommendation,
        name="recommendation_forward",
    ),
    path(
        "<slug:slug>/moeder/indstillinger/<int:pk>/beslut/",
        meeting_views.decide_recommendation,
        name="recommendation_decide",
    ),
    path("<slug:slug>/moeder/aendringer/", change_views.changes, name="changes"),
    # One POST view per thing done on the change requests' pages.
    path(
        "<slug:slug>/moeder/aendringer/nyt-maal/",
        change_views.propose_criterion,
        name="change_criterion",
    ),
    path("<slug:slug>/moeder/aendringer/ny-fil/", change_views.propose_file, name="change_file"),
    path("<slug:slug>/moeder/aendringer/<int:pk>/", change_views.change, name="change"),
    path(
        "<slug:slug>/moeder/aendringer/<int:pk>/beslut/",
        change_views.decide_change,
        name="change_decide",
    ),
    path(
        "<slug:slug>/moeder/aendringer/<int:pk>/lbf/",
        change_views.approve_change,
        name="change_lbf",
    ),
    path(
        "<slug:slug>/moeder/aendringer/<int:pk>/i-kraft/",
        change_views.apply_change,
        name="change_apply",
    ),
    path(
        "<slug:slug>/moeder/aendringer/<int:pk>/afvis/",
        change_views.reject_change,
        name="change_reject",
    ),
    path("<slug:slug>/organer/<slug:key>/medlemmer/", views.members, name="members"),
    path(
        "<slug:slug>/organer/<slug:key>/medlemmer/<int:pk>/fjern/",
        views.member_remove,
        name="member_remove",
    ),
    path("<slug:slug>/aftaler/", views.agreements, name="agreements"),
    path("<slug:slug>/aftaler/<slug:document>/", views.agreement, name="agreement"),
]
