from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.plans.admin import PlanScoped


@admin.register(PlanMembership)
class PlanMembershipAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ["user", "plan", "group", "organisation", "created_at"]
    list_filter = ["plan", "group"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["activities"]


@admin.register(Invitation)
class InvitationAdmin(PlanScoped, SimpleHistoryAdmin):
    """Read only: invitations are made on the plan's people page or with `helhedsplan invite`,
    which make the one-time link (the admin could not show it)."""

    list_display = ["email", "plan", "group", "created_at", "expires_at", "accepted_at"]
    list_filter = ["plan", "group", "replaced"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Django's and django-otp's own admins, cut down like the rest to the people of the user's plans
# (a secretariat given the auth rights must not open, or delete, another plan's people).
admin.site.unregister(get_user_model())
admin.site.unregister(TOTPDevice)


@admin.register(get_user_model())
class PlanScopedUserAdmin(PlanScoped, UserAdmin):
    pass


@admin.register(TOTPDevice)
class PlanScopedTOTPDeviceAdmin(PlanScoped, TOTPDeviceAdmin):
    pass
