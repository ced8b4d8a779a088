"""API tokens in the admin: see, name and revoke them; the token itself is never shown."""

from django.contrib import admin

from helhedsplan.api.models import ApiToken
from helhedsplan.plans.admin import PlanScoped


@admin.register(ApiToken)
class ApiTokenAdmin(PlanScoped, admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username"]
    fields = ["user", "name", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["user", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A token is shown once, on creation: that is the command's job (`helhedsplan api-token`).
        return False

    @admin.action(description="Spær de valgte API-nøgler")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked=False).update(revoked=True)
        self.message_user(request, f"{count} API-nøgle(r) er spærret.")
