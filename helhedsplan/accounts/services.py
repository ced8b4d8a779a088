"""Creating users with a role in a plan (the demo users are made with it, helhedsplan.demo.users;
so are the tests' people)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.plans.models import Organisation, Plan


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
