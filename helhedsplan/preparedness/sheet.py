"""The one-page contact sheet of the beredskab, for the wall and the pocket (A4, PDF)."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string

from helhedsplan.plans.models import Plan
from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.services import tel_links

# The sheet's stylesheet is a file beside this one, not a <style> in the page: no inline CSS.
CSS = Path(__file__).with_name("sheet.css")


@dataclass
class Person:
    contact: Contact
    phones: list[tuple[str, str]]
    deputies: list["Person"] = field(default_factory=list)


def _person(contact: Contact) -> Person:
    return Person(contact=contact, phones=tel_links(contact.phone))


def contact_groups(plan: Plan) -> dict:
    """The beredskab's people by kind, each member with their deputies: one query."""
    contacts = list(
        Contact.objects.filter(plan=plan).select_related("organisation").order_by("order", "id")
    )
    members = {c.pk: _person(c) for c in contacts if c.kind == Contact.Kind.MEMBER}
    loose = []
    for contact in contacts:
        if contact.kind != Contact.Kind.DEPUTY:
            continue
        if contact.deputy_for_id in members:
            members[contact.deputy_for_id].deputies.append(_person(contact))
        else:
            loose.append(_person(contact))
    return {
        "members": list(members.values()),
        "loose_deputies": loose,
        "press": [_person(c) for c in contacts if c.kind == Contact.Kind.PRESS],
        "resources": [_person(c) for c in contacts if c.kind == Contact.Kind.RESOURCE],
    }


def first_steps(groups: dict) -> list[str]:
    """What to do first, in the plan's own terms ("Kompetencer/handlemuligheder i
    beredskabssituationer", "Håndtering af omverdenen"). The coordinator is the member whose role
    names the secretariat's leader, when there is one."""
    leader = next(
        (p.contact for p in groups["members"] if "sekretariatsleder" in p.contact.role.lower()),
        None,
    )
    call = "Ring til sekretariatslederen"
    if leader is not None and leader.name:
        call += f" ({leader.name}"
        call += f", tlf. {leader.phone})" if leader.phone else ")"
    return [
        "Følg politiets anvisninger, og støt op om dem.",
        f"{call}: sekretariatslederen er tovholder og indkalder beredskabsstyregruppen.",
        "Alle i styregruppen kan aktivere beredskabet; politiet kan også. Svarer et medlem "
        "ikke, så ring til suppleanten.",
        "Henvis pressen til pressekontakterne nedenfor.",
        "Skriv hændelser og beslutninger i loggen. Evaluér umiddelbart efter.",
    ]


def sheet_html(plan: Plan, today: datetime.date) -> str:
    groups = contact_groups(plan)
    rows = len(groups["members"]) + sum(len(p.deputies) for p in groups["members"])
    rows += len(groups["loose_deputies"]) + len(groups["press"])
    return render_to_string(
        "preparedness/sheet.html",
        {
            "plan": plan,
            "today": today,
            "steps": first_steps(groups),
            # A long list is set smaller, so that the sheet stays one page.
            "compact": rows > 12 or len(groups["resources"]) > 12,
            **groups,
        },
    )


def sheet_pdf(plan: Plan, today: datetime.date) -> bytes:
    import weasyprint

    # pdf/ua-1: a tagged PDF, readable by screen readers, like the reports.
    return weasyprint.HTML(string=sheet_html(plan, today)).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(CSS))], pdf_variant="pdf/ua-1"
    )
