"""/login/: the password step and the code step (names without a namespace, as Django's)."""

from django.urls import path

from helhedsplan.accounts import login_views

urlpatterns = [
    path("", login_views.LoginView.as_view(), name="login"),
    path("kode/", login_views.login_code, name="login_code"),
]
