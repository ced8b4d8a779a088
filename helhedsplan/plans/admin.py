"""Django admin for every plan model: the secretariat's tool for corrections between loads.

A secretariat user (staff, with the plans app's permissions) sees, changes and picks only the
rows of the plans it is the secretariat of: one installation holds many plans, and the admin
must not open another plan's members, texts or plan file. Superusers see every plan.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.http import Http404

from helhedsplan.plans import models as m


def plan_lookup(model, depth: int = 0) -> str | None:
    """The lookup from a model to its plan: "plan", "area__plan", ... ("pk" for Plan itself);
    None for a model that belongs to no plan."""
    if model is m.Plan:
        return "pk"
    relations = [
        f
        for f in model._meta.concrete_fields
        if (f.many_to_one or f.one_to_one) and f.related_model
    ]
    if any(f.name == "plan" and f.related_model is m.Plan for f in relations):
        return "plan"
    if depth < 3:
        for f in sorted(relations, key=lambda f: f.null):
            inner = (
                plan_lookup(f.related_model, depth + 1) if f.related_model is not m.Plan else None
            )
            if inner:
                return f.name if inner == "pk" else f"{f.name}__{inner}"
    return None


def scoped(queryset, plans):
    """`queryset` cut down to the rows of `plans` (None: every row). Users: those with a role in
    one of the plans."""
    if plans is None:
        return queryset
    if queryset.model is get_user_model():
        return queryset.filter(plan_memberships__plan__in=plans).distinct()
    lookup = plan_lookup(queryset.model)
    if lookup is None and _belongs_to_a_user(queryset.model):
        # A user's own rows (API keys): those of the people with a role in one of the plans.
        return queryset.filter(user__plan_memberships__plan__in=plans).distinct()
    if lookup is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": plans}).distinct()


def _belongs_to_a_user(model) -> bool:
    return any(
        f.name == "user" and f.related_model is get_user_model()
        for f in model._meta.concrete_fields
        if f.many_to_one
    )


class PlanScoped:
    """For ModelAdmin and inlines: rows, choices and filters of the user's own plans only."""

    def admin_plans(self, request):
        if request.user.is_superuser:
            return None
        # The group name of the secretariat role (accounts.Role.SEKRETARIAT).
        return m.Plan.objects.filter(
            memberships__user=request.user, memberships__group__name="sekretariat"
        )

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), self.admin_plans(request))

    # django-simple-history's history pages read the history table directly, past get_queryset:
    # a row outside the user's plans is "not found" there too.
    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )

    def _require_in_scope(self, request, object_id) -> None:
        if self.admin_plans(request) is None:
            return
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("Findes ikke.")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scoped(field.queryset, self.admin_plans(request))
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scoped(field.queryset, self.admin_plans(request))
        return field

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self.admin_plans(request) is None:
            return filters
        # A filter on a relation lists only what the user's own rows point to (the plain
        # filter would list every plan's names).
        return [
            (name, admin.RelatedOnlyFieldListFilter)
            if isinstance(name, str) and _is_relation(self.model, name)
            else name
            for name in filters
        ]


def _is_relation(model, path: str) -> bool:
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if not field.is_relation:
            return False
        model = field.related_model
    return True


class ModelAdmin(PlanScoped, admin.ModelAdmin):
    pass


class TabularInline(PlanScoped, admin.TabularInline):
    pass


class StackedInline(PlanScoped, admin.StackedInline):
    pass


class CoverageInline(TabularInline):
    model = m.CoverageRule
    extra = 0


class SubActivityInline(TabularInline):
    model = m.SubActivity
    extra = 0


class CriterionInline(StackedInline):
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
        "counts_persons",
        "data_source",
        "responsible_organisation",
    ]


class FigureInline(TabularInline):
    model = m.MeasureFigure
    extra = 0


class PartyInline(TabularInline):
    model = m.SubAgreementParty
    extra = 0


class MembershipInline(TabularInline):
    model = m.Membership
    extra = 0


@admin.register(m.Plan)
class PlanAdmin(ModelAdmin):
    list_display = ["name", "slug", "start", "end", "budget_lbf", "budget_local"]
    search_fields = ["name", "slug"]


class PlanChildAdmin(ModelAdmin):
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
class CoverageRuleAdmin(ModelAdmin):
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
class SubAgreementAdmin(ModelAdmin):
    list_display = ["focus_area", "staff_hours_per_week", "budget_lbf", "budget_local"]
    list_filter = ["focus_area__plan"]
    inlines = [PartyInline]


@admin.register(m.SubAgreementParty)
class SubAgreementPartyAdmin(ModelAdmin):
    list_display = ["name", "title", "organisation", "sub_agreement"]


@admin.register(m.LocalMeasure)
class LocalMeasureAdmin(PlanChildAdmin):
    list_display = ["key", "focus_area", "direction", "target_value", "target_year"]
    inlines = [FigureInline]


@admin.register(m.MeasureFigure)
class MeasureFigureAdmin(ModelAdmin):
    list_display = ["measure", "role", "label", "period", "value"]
    list_filter = ["role", "measure__plan"]


@admin.register(m.Activity)
class ActivityAdmin(PlanChildAdmin):
    list_display = ["name", "key", "focus_area", "responsible_organisation"]
    list_filter = ["plan", "focus_area"]
    search_fields = ["name", "key"]
    inlines = [SubActivityInline, CriterionInline]


@admin.register(m.SubActivity)
class SubActivityAdmin(ModelAdmin):
    list_display = ["name", "key", "activity"]
    list_filter = ["activity__plan"]


@admin.register(m.SuccessCriterion)
class SuccessCriterionAdmin(PlanChildAdmin):
    list_display = [
        "key",
        "activity",
        "kind",
        "target",
        "target_max",
        "per",
        "unit",
        "counts_persons",
    ]
    list_filter = ["plan", "kind", "per", "counts_persons"]
    search_fields = ["key", "text"]


@admin.register(m.Body)
class BodyAdmin(PlanChildAdmin):
    list_display = ["name", "kind", "meets_per_year", "plan"]
    inlines = [MembershipInline]


@admin.register(m.Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ["role", "name", "organisation", "body"]
    list_filter = ["body__plan", "body"]


@admin.register(m.PlanFileVersion)
class PlanFileVersionAdmin(ModelAdmin):
    list_display = ["plan", "loaded_at", "loaded_by", "source_name", "sha256"]
    readonly_fields = ["plan", "loaded_at", "loaded_by", "source_name", "sha256", "content"]

    def has_add_permission(self, request):
        return False
