"""The demo users: one per role in a plan, named after the role (`helhedsplan demo-users SLUG`),
the partner delivering for the production school."""

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.plans.models import Organisation, Plan

# Which organisation a demo partner delivers data for: the production school runs
# "Uddannelsestilbud for unge" and delivers its figures.
DEMO_PARTNER_ORGANISATION = "randers-produktionshoejskole"


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
