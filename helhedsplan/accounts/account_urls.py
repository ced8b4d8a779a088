"""/konto/: the logged-in user's own settings."""

from django.urls import path

from helhedsplan.accounts import two_factor_views

app_name = "account"
urlpatterns = [
    path("to-trins-login/", two_factor_views.two_factor_page, name="two_factor"),
    path("to-trins-login/qr.svg", two_factor_views.qr_code, name="two_factor_qr"),
]
