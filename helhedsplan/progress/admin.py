from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.plans.admin import PlanScoped
from helhedsplan.progress.models import Milestone


@admin.register(Milestone)
class MilestoneAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ["title", "activity", "month", "status", "owner"]
    list_filter = ["plan", "status", "activity", "is_demo"]
