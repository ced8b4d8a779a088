from django.contrib import admin

from helhedsplan.accounts.models import PlanMembership


@admin.register(PlanMembership)
class PlanMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "plan", "group", "organisation"]
    list_filter = ["plan", "group"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
