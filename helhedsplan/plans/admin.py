"""Django admin for every plan model: the secretariat's tool for corrections between loads."""

from django.contrib import admin

from helhedsplan.plans import models as m


class CoverageInline(admin.TabularInline):
    model = m.CoverageRule
    extra = 0


class SubActivityInline(admin.TabularInline):
    model = m.SubActivity
    extra = 0


class CriterionInline(admin.StackedInline):
    model = m.SuccessCriterion
    extra = 0
    fk_name = "activity"
    fields = [
        "key",
        "text",
        "kind",
        "combine",
        "target",
        "target_max",
        "per",
        "period_target",
        "unit",
        "data_source",
        "responsible_organisation",
    ]


class FigureInline(admin.TabularInline):
    model = m.MeasureFigure
    extra = 0


class PartyInline(admin.TabularInline):
    model = m.SubAgreementParty
    extra = 0


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0


@admin.register(m.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start", "end", "budget_lbf", "budget_local"]
    search_fields = ["name", "slug"]


class PlanChildAdmin(admin.ModelAdmin):
    list_filter = ["plan"]


@admin.register(m.Organisation)
class OrganisationAdmin(PlanChildAdmin):
    list_display = ["name", "key", "kind", "parent", "plan"]
    list_filter = ["plan", "kind"]
    search_fields = ["name", "key"]


@admin.register(m.Area)
class AreaAdmin(PlanChildAdmin):
    list_display = ["name", "key", "plan"]
    inlines = [CoverageInline]


@admin.register(m.CoverageRule)
class CoverageRuleAdmin(admin.ModelAdmin):
    list_display = ["street", "numbers", "from_number", "to_number", "area"]
    list_filter = ["area__plan", "area"]


@admin.register(m.Department)
class DepartmentAdmin(PlanChildAdmin):
    list_display = ["number", "organisation", "area", "plan"]


@admin.register(m.OverallGoal)
class OverallGoalAdmin(PlanChildAdmin):
    list_display = ["text", "key", "plan"]


@admin.register(m.FocusArea)
class FocusAreaAdmin(PlanChildAdmin):
    list_display = ["number", "name", "priority", "plan"]


@admin.register(m.SubAgreement)
class SubAgreementAdmin(admin.ModelAdmin):
    list_display = ["focus_area", "staff_hours_per_week", "budget_lbf", "budget_local"]
    list_filter = ["focus_area__plan"]
    inlines = [PartyInline]


@admin.register(m.SubAgreementParty)
class SubAgreementPartyAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "sub_agreement"]


@admin.register(m.LocalMeasure)
class LocalMeasureAdmin(PlanChildAdmin):
    list_display = ["key", "focus_area", "direction", "target_value", "target_year"]
    inlines = [FigureInline]


@admin.register(m.MeasureFigure)
class MeasureFigureAdmin(admin.ModelAdmin):
    list_display = ["measure", "role", "label", "period", "value"]
    list_filter = ["role", "measure__plan"]


@admin.register(m.Activity)
class ActivityAdmin(PlanChildAdmin):
    list_display = ["name", "key", "focus_area", "responsible_organisation"]
    list_filter = ["plan", "focus_area"]
    search_fields = ["name", "key"]
    inlines = [SubActivityInline, CriterionInline]


@admin.register(m.SubActivity)
class SubActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "activity"]
    list_filter = ["activity__plan"]


@admin.register(m.SuccessCriterion)
class SuccessCriterionAdmin(PlanChildAdmin):
    list_display = ["key", "activity", "kind", "target", "target_max", "per", "unit"]
    list_filter = ["plan", "kind", "per"]
    search_fields = ["key", "text"]


@admin.register(m.Body)
class BodyAdmin(PlanChildAdmin):
    list_display = ["name", "kind", "meets_per_year", "plan"]
    inlines = [MembershipInline]


@admin.register(m.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["role", "name", "organisation", "body"]
    list_filter = ["body__plan", "body"]


@admin.register(m.PlanFileVersion)
class PlanFileVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "loaded_at", "loaded_by", "source_name", "sha256"]
    readonly_fields = ["plan", "loaded_at", "loaded_by", "source_name", "sha256", "content"]

    def has_add_permission(self, request):
        return False
