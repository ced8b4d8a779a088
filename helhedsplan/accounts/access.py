"""The one access check every plan view calls: which plan, in which role, and what that allows."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.http import Http404

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.plans.models import Activity, Plan

# Who may register deliveries; everyone else with a role reads only.
WRITING_ROLES = {Role.SEKRETARIAT, Role.MEDARBEJDER, Role.PARTNER}
# Who sees participant codes (pseudonyms): those who register them.
CODE_READING_ROLES = WRITING_ROLES
# Who reads registration rows (the list, one registration, the CSV export, the API): the
# secretariat, its staff and the partner that delivers them. The roles that get the outward
# editions (OUTWARD_ROLES) see figures with the small-number rule, never rows: from 1,153 rows
# with their participant counts every hidden figure could be summed back (issue 17).
ROW_READING_ROLES = WRITING_ROLES
# The steering group, the board and readers get the outward editions: small person counts
# hidden, other person counts rounded (core/outward.py, README "Små tal og diskretionering").
OUTWARD_ROLES = {Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER}


@dataclass(frozen=True)
class PlanAccess:
    plan: Plan
    role: str
    organisation_id: int | None = None
    user_id: int | None = field(default=None, compare=False)

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SEKRETARIAT

    @property
    def suppresses_small_numbers(self) -> bool:
        """Readers outside the secretariat see person counts below the threshold as "<N"."""
        return self.role in OUTWARD_ROLES

    @property
    def reads_registrations(self) -> bool:
        return self.role in ROW_READING_ROLES

    def require_registration_reader(self) -> "PlanAccess":
        """For the pages that show registration rows: 404 for the outward roles, like a page
        that does not exist for them (their menus do not lead there)."""
        if not self.reads_registrations:
            raise Http404("Siden findes ikke.")
        return self

    @property
    def is_plan_staff(self) -> bool:
        """The secretariat and its staff: they keep measurements, assessments and approvals."""
        return self.role in {Role.SEKRETARIAT, Role.MEDARBEJDER}

    def require_staff(self) -> "PlanAccess":
        """For pages that change what the secretariat keeps: 404 for every other role, like a
        plan the user is not a member of."""
        if not self.is_plan_staff:
            raise Http404("Siden findes ikke.")
        return self

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES

    @property
    def sees_participant_codes(self) -> bool:
        return self.role in CODE_READING_ROLES

    @property
    def can_read_all_registrations(self) -> bool:
        # A partner reads only the activities it delivers for; the plan's own roles read all.
        return self.role != Role.PARTNER

    @cached_property
    def _activity_ids(self) -> frozenset[int]:
        activities = Activity.objects.for_plan(self.plan)
        if self.role == Role.PARTNER:
            # Its organisation's activities, plus those named on the partner's own access
            # ("leverer data for"): read fresh on every request, like the membership itself.
            explicit = PlanMembership.activities.through.objects.filter(
                planmembership__plan=self.plan, planmembership__user_id=self.user_id
            ).values("activity_id")
            delivers = Q(id__in=explicit)
            # A partner without an organisation delivers only what is named on its access (a
            # filter on organisation None would match the activities nobody is responsible for).
            if self.organisation_id is not None:
                delivers |= Q(responsible_organisation_id=self.organisation_id) | Q(
                    success_criteria__responsible_organisation_id=self.organisation_id
                )
            activities = activities.filter(delivers)
        return frozenset(activities.values_list("id", flat=True))

    def activity_ids(self) -> frozenset[int]:
        """The activities whose registrations this role may read."""
        return self._activity_ids

    def may_register_for(self, activity: Activity) -> bool:
        return self.can_write and activity.id in self._activity_ids

    def may_change(self, registration) -> bool:
        if not self.can_write or registration.activity_id not in self._activity_ids:
            return False
        # A partner changes only what it registered itself.
        return self.role != Role.PARTNER or registration.registered_by_id == self.user_id


def plans_for_user(user):
    if user.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(memberships__user=user)


def get_plan_for_user(request, slug: str) -> PlanAccess:
    """The plan `slug` as the logged-in user may see it; 404 when the user has no role in it.

    A 404 rather than a 403, so that plan names are not revealed to outsiders.
    """
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None or not request.user.is_authenticated:
        raise Http404("Planen findes ikke.")
    if request.user.is_superuser:
        return PlanAccess(plan=plan, role=Role.SEKRETARIAT, user_id=request.user.id)
    membership = (
        PlanMembership.objects.filter(user=request.user, plan=plan).select_related("group").first()
    )
    if membership is None:
        raise Http404("Planen findes ikke.")
    return PlanAccess(
        plan=plan,
        role=membership.role,
        organisation_id=membership.organisation_id,
        user_id=request.user.id,
    )
