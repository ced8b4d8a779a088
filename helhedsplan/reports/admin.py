from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.plans.admin import PlanScoped
from helhedsplan.reports.models import Narrative


@admin.register(Narrative)
class NarrativeAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("plan", "report", "period", "topic", "changed_by", "changed_at", "is_demo")
    list_filter = ("plan", "report", "is_demo")
    search_fields = ("text", "topic")
