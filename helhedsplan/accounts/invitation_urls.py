"""The one-time invitation link (no plan in the address: the token names it)."""

from django.urls import path

from helhedsplan.accounts import people_views

app_name = "invitations"
urlpatterns = [
    path("<str:token>/", people_views.accept, name="accept"),
]
