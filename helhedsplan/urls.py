from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from helhedsplan.api.api import api
from helhedsplan.workspace import start_views

admin.site.site_header = "Helhedsplan – administration"
admin.site.site_title = "Helhedsplan"
admin.site.index_title = "Sekretariatets administration"

urlpatterns = [
    path("", start_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("ny-plan/", include("helhedsplan.planning.create_urls")),
    path("invitation/", include("helhedsplan.accounts.invitation_urls")),
    path("planer/", include("helhedsplan.plans.urls")),
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
    path("api/v1/", api.urls),
]
