from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.plans.admin import PlanScoped


@admin.register(Expense)
class ExpenseAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("plan", "month", "focus_area", "financing", "amount", "registered_by")
    list_filter = ("plan", "financing", "focus_area", "is_demo")
    date_hierarchy = "month"


@admin.register(StaffHours)
class StaffHoursAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("plan", "month", "organisation", "hours", "registered_by")
    list_filter = ("plan", "organisation", "is_demo")
    date_hierarchy = "month"
