"""The people with access to a plan, and invitations."""

from django.urls import path

from helhedsplan.accounts import people_views

app_name = "accounts"
urlpatterns = [
    path("<slug:slug>/personer/", people_views.people, name="people"),
    path("<slug:slug>/personer/<int:pk>/rolle/", people_views.change_role, name="change_role"),
    path("<slug:slug>/personer/<int:pk>/fjern/", people_views.remove, name="remove"),
    path("<slug:slug>/personer/<int:pk>/laas-op/", people_views.unlock, name="unlock"),
    path(
        "<slug:slug>/personer/adresser/laas-op/",
        people_views.unlock_address,
        name="unlock_address",
    ),
    path(
        "<slug:slug>/personer/invitationer/<int:pk>/send-igen/",
        people_views.resend,
        name="resend",
    ),
    path(
        "<slug:slug>/personer/invitationer/<int:pk>/traek-tilbage/",
        people_views.withdraw,
        name="withdraw",
    ),
]
