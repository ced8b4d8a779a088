"""Every role against every registration and progress page: what it may open (200) or not (404)."""

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD

SLUG = "randers-nordby-2017-21"
ROLES = [*Role.values, "outsider"]
PAGES = {
    "dashboard": ("workspace:dashboard", []),
    "missing": ("progress:missing", []),
    "tertials": ("progress:tertials", []),
    "registrations": ("registrations:index", []),
    "export": ("registrations:export", []),
    "measurements": ("registrations:measurements", []),
    "import": ("registrations:import", []),
    "register_for_school": ("registrations:create", ["uddannelsestilbud-for-unge"]),
    "register_for_hotspot": ("registrations:create", ["hotspot"]),
    "assess": ("registrations:assess", ["nussa-oplevet-forandring"]),
    "template_school": ("registrations:import_template", ["uddannelsestilbud-for-unge", "xlsx"]),
}
# Figures with the small-number rule: every role of the plan.
FIGURES = {"dashboard", "missing", "tertials", "measurements"}
# Registration rows (the list and its export): those who keep and deliver them, never the
# roles that get the outward editions (a reader could sum hidden figures back from rows).
ROWS = {"registrations", "export"}
WRITE = {"import", "register_for_school", "template_school"}
STAFF_ONLY = {"register_for_hotspot", "assess"}
ALLOWED = {
    Role.SEKRETARIAT: FIGURES | ROWS | WRITE | STAFF_ONLY,
    Role.MEDARBEJDER: FIGURES | ROWS | WRITE | STAFF_ONLY,
    Role.PARTNER: FIGURES | ROWS | WRITE,
    Role.STYREGRUPPE: FIGURES,
    Role.BESTYRELSE: FIGURES,
    Role.LAESER: FIGURES,
    "outsider": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_it_may(client, plan, role, django_user_model):
    if role == "outsider":
        django_user_model.objects.create_user(username="u", password=PASSWORD)
    else:
        organisation = (
            plan.organisations.get(key="randers-produktionshoejskole")
            if role == Role.PARTNER
            else None
        )
        ensure_member(
            plan=plan, username="u", role=role, password=PASSWORD, organisation=organisation
        )
    assert client.login(username="u", password=PASSWORD)
    opened = {
        name
        for name, (url_name, args) in PAGES.items()
        if client.get(reverse(url_name, args=[SLUG, *args])).status_code == 200
    }
    assert opened == ALLOWED[role]
