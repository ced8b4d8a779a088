from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.accounts.models import Invitation, PlanMembership


@admin.register(PlanMembership)
class PlanMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "plan", "group", "organisation", "created_at"]
    list_filter = ["plan", "group"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["activities"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Read only: invitations are made on the plan's people page or with `helhedsplan invite`,
    which make the one-time link (the admin could not show it)."""

    list_display = ["email", "plan", "group", "created_at", "expires_at", "accepted_at"]
    list_filter = ["plan", "group", "replaced"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
