from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.governance.models import (
    AgendaItem,
    Attendance,
    ChangeRequest,
    Decision,
    HolidayPeriod,
    Meeting,
    Notice,
    Recommendation,
    Reminder,
)
from helhedsplan.plans.admin import PlanScoped


class AgendaInline(PlanScoped, admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(PlanScoped, admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("body", "starts_at", "status", "extraordinary", "plan")
    list_filter = ("plan", "body__kind", "status", "extraordinary")
    date_hierarchy = "starts_at"
    inlines = [AgendaInline, AttendanceInline]


@admin.register(HolidayPeriod)
class HolidayPeriodAdmin(PlanScoped, admin.ModelAdmin):
    list_display = ("name", "start", "end", "plan")
    list_filter = ("plan",)


@admin.register(Decision)
class DecisionAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("text", "meeting", "consensus")
    list_filter = ("consensus",)


@admin.register(Recommendation)
class RecommendationAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("title", "status", "from_meeting", "board_meeting")
    list_filter = ("plan", "status")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("title", "status", "created_at", "lbf_approved_on")
    list_filter = ("plan", "status")
    readonly_fields = ("changes", "documents", "base_version", "applied_version")


@admin.register(Reminder)
class ReminderAdmin(PlanScoped, admin.ModelAdmin):
    list_display = ("meeting", "organisation", "sent_at")


@admin.register(Notice)
class NoticeAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ("subject", "created_at", "raised_by", "meeting")
    list_filter = ("plan",)
