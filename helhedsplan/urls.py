from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from helhedsplan.accounts import login_views
from helhedsplan.api.api import api
from helhedsplan.workspace import start_views

admin.site.site_header = "Helhedsplan – administration"
admin.site.site_title = "Helhedsplan"
admin.site.index_title = "Sekretariatets administration"

urlpatterns = [
    path("", start_views.home, name="home"),
    # Login with lockout (django-axes) and the two-step code (django-otp): helhedsplan/accounts.
    path("login/", include("helhedsplan.accounts.login_urls")),
    path("login/glemt/", include("helhedsplan.accounts.password_reset_urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("helhedsplan.accounts.account_urls")),
    path("admin/login/", login_views.admin_login),
    path("admin/", admin.site.urls),
    path("ny-plan/", include("helhedsplan.planning.create_urls")),
    path("invitation/", include("helhedsplan.accounts.invitation_urls")),
    path("planer/", include("helhedsplan.workspace.plan_urls")),
    path("planer/", include("helhedsplan.registrations.urls")),
    path("planer/", include("helhedsplan.progress.urls")),
    path("planer/", include("helhedsplan.workspace.urls")),
    path("planer/", include("helhedsplan.planning.edit_urls")),
    path("planer/", include("helhedsplan.accounts.urls")),
    path("planer/", include("helhedsplan.economy.urls")),
    path("planer/", include("helhedsplan.reports.urls")),
    path("planer/", include("helhedsplan.governance.urls")),
    path("planer/", include("helhedsplan.governance.calendar_urls")),
    path("planer/", include("helhedsplan.governance.notices_urls")),
    path("planer/", include("helhedsplan.preparedness.plan_urls")),
    path("planer/", include("helhedsplan.preparedness.activation_urls")),
    path("planer/", include("helhedsplan.registerdata.urls")),
    path("api/v1/", api.urls),
]

# Municipal single sign-on (helhedsplan/sso): /oidc/, /saml2/ and /sso/ exist only when switched on.
if settings.HELHEDSPLAN_SSO_OIDC or settings.HELHEDSPLAN_SSO_SAML:
    from helhedsplan.sso.urls import patterns as sso_patterns

    urlpatterns += sso_patterns(
        oidc_on=settings.HELHEDSPLAN_SSO_OIDC, saml_on=settings.HELHEDSPLAN_SSO_SAML
    )
