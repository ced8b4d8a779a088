"""Creating users with a role in a plan (the demo command uses it; so can a later admin page)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.plans.models import Organisation, Plan

# Which organisation a demo partner delivers data for: the production school runs
# "Uddannelsestilbud for unge" and delivers its figures.
DEMO_PARTNER_ORGANISATION = "randers-produktionshoejskole"


@transaction.atomic
def ensure_member(
    *, plan: Plan, username: str, role: str, password: str, organisation: Organisation | None = None
):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    # The secretariat keeps the plan in Django's admin; nobody else needs it.
    user.is_staff = role == Role.SEKRETARIAT
    user.save()
    if role == Role.SEKRETARIAT:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="plans"))
    # The groups come from a data migration; get_or_create also survives a flushed test database.
    group, _ = Group.objects.get_or_create(name=role)
    PlanMembership.objects.update_or_create(
        user=user, plan=plan, defaults={"group": group, "organisation": organisation}
    )
    return user


def create_demo_users(*, plan: Plan, password: str) -> list[tuple[str, str]]:
    partner_org = Organisation.objects.for_plan(plan).filter(key=DEMO_PARTNER_ORGANISATION).first()
    created = []
    for role in Role:
        ensure_member(
            plan=plan,
            username=role.value,
            role=role.value,
            password=password,
            organisation=partner_org if role == Role.PARTNER else plan.secretariat,
        )
        created.append((role.value, role.label))
    return created
