"""/login/glemt/: "Glemt adgangskode?" (helhedsplan/accounts/password_reset.py). The names are
Django's own, without a namespace, as its views expect them."""

from django.urls import path

from helhedsplan.accounts import password_reset

urlpatterns = [
    path("", password_reset.RequestView.as_view(), name="password_reset"),
    path("sendt/", password_reset.DoneView.as_view(), name="password_reset_done"),
    path(
        "ny/<uidb64>/<token>/",
        password_reset.ConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("skiftet/", password_reset.CompleteView.as_view(), name="password_reset_complete"),
]
