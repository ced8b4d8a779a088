"""The beredskab plan's people, made from the plan file, and its readiness: what is not ready
before a crisis happens (seed: "Boligsocial beredskabsplan")."""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction

from helhedsplan.core import formats
from helhedsplan.core.periods import Period, plan_years
from helhedsplan.governance.models import Meeting
from helhedsplan.plans.models import Body, Plan
from helhedsplan.preparedness.models import Activation, Contact

# "Politiassistent i Randers, suppleant for politikommissær Allan Aarslev"
_DEPUTY_FOR = re.compile(r"\bsuppleant\s+for\s+(?P<whom>.+)$", re.IGNORECASE)

# How old a confirmation may be before the person must be asked again.
CONFIRMATION_MONTHS = 12


@transaction.atomic
def ensure_contacts(plan: Plan) -> int:
    """Make the beredskab's people from the plan data the first time; return how many were made.

    Members of the plan's preparedness bodies become members of the steering group; a member
    whose role says "suppleant for NAME" becomes the deputy of the member of that name. The
    plan file's press contacts and ad hoc resources follow. Once a plan has any people the
    secretariat keeps them in the app, so this does nothing: nothing edited is overwritten.
    """
    # Locks the plan row (where the database can), so two first visits make the people once.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if Contact.objects.filter(plan=plan).exists():
        return 0
    members = [
        member
        for body in plan.bodies.filter(kind=Body.Kind.PREPAREDNESS).prefetch_related("members")
        for member in body.members.all()
    ]
    contacts: list[Contact] = []
    deputies: list[tuple[Contact, str]] = []
    for member in members:
        found = _DEPUTY_FOR.search(member.role)
        contact = Contact(
            plan=plan,
            kind=Contact.Kind.DEPUTY if found else Contact.Kind.MEMBER,
            level=Contact.Level.COORDINATING,
            role=member.role,
            organisation_id=member.organisation_id,
            name=member.name,
            note=member.note,
            order=len(contacts),
        )
        contacts.append(contact)
        if found:
            deputies.append((contact, found.group("whom")))
    section = plan.preparedness or {}
    organisations = {o.key: o.pk for o in plan.organisations.all()}
    for press in section.get("press_contacts") or []:
        contacts.append(
            Contact(
                plan=plan,
                kind=Contact.Kind.PRESS,
                level=Contact.Level.COORDINATING,
                role=press["role"],
                organisation_id=organisations.get(press.get("organisation")),
                name=press.get("name") or "",
                note=press.get("note") or "",
                order=len(contacts),
            )
        )
    for resource in section.get("resources") or []:
        contacts.append(
            Contact(
                plan=plan,
                kind=Contact.Kind.RESOURCE,
                level=Contact.Level.EXECUTING,
                role=resource["name"],
                note=resource.get("note") or "",
                order=len(contacts),
            )
        )
    for contact in contacts:
        # One by one rather than bulk_create: the audit history records each creation.
        contact.save()
    regulars = [c for c in contacts if c.kind == Contact.Kind.MEMBER and c.name]
    for deputy, whom in deputies:
        # The longest name found in "suppleant for ..." wins ("Jørgensen" vs "Lene Gorm Jørgensen").
        named = [c for c in regulars if c.name.casefold() in whom.casefold()]
        if named:
            deputy.deputy_for = max(named, key=lambda c: len(c.name))
            deputy.save(update_fields=["deputy_for"])
    return len(contacts)


@dataclass(frozen=True)
class Gap:
    """Something not ready in the beredskab: a code for scripts and a Danish text for people."""

    code: str
    text: str
    contact: Contact | None = None
    activation: Activation | None = None

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "text": self.text,
            "contact": self.contact.pk if self.contact else None,
            "activation": self.activation.pk if self.activation else None,
        }


def who(contact: Contact) -> str:
    """A person as the gap list names them: name and role, or the role alone."""
    return f"{contact.name} ({contact.role})" if contact.name else contact.role


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month0 = divmod(day.month - 1 - months, 12)
    year += day.year
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month0 + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def last_plan_year(plan: Plan, today: datetime.date) -> Period | None:
    """The plan year in which the annual status meeting must have been held.

    The beredskab steering group "mødes én gang årligt til et statusmøde". A plan year still
    running may yet get its meeting, so the year checked is the last completed one: the plan year
    before the one that contains `today`. When the plan has ended it is the plan's last year.
    Before the end of the plan's first year nothing can be missing yet: None.
    """
    years = plan_years(plan.start, plan.end)
    if not years:
        return None
    if today > plan.end:
        return years[-1]
    completed = [year for year in years if year.end < today]
    return completed[-1] if completed else None


def readiness(plan: Plan, today: datetime.date) -> list[Gap]:
    """Everything that is not ready, in a fixed order: phones, deputies, confirmations, the
    annual status meeting, evaluations. Empty when the beredskab is ready. Three queries."""
    contacts = list(
        Contact.objects.filter(plan=plan).select_related("organisation").order_by("order", "id")
    )
    gaps: list[Gap] = []
    people = [c for c in contacts if c.kind != Contact.Kind.RESOURCE]
    members = [c for c in contacts if c.kind == Contact.Kind.MEMBER]
    if not members:
        gaps.append(
            Gap("members_missing", "Beredskabsstyregruppen har ingen medlemmer i systemet.")
        )
    for contact in people:
        if not contact.phone.strip():
            gaps.append(Gap("phone_missing", f"{who(contact)} mangler et telefonnummer.", contact))
    with_deputy = {c.deputy_for_id for c in contacts if c.kind == Contact.Kind.DEPUTY}
    for member in members:
        if member.pk not in with_deputy:
            gaps.append(Gap("deputy_missing", f"{who(member)} har ingen suppleant.", member))
    oldest = _months_before(today, CONFIRMATION_MONTHS)
    for contact in people:
        if contact.confirmed_on is None:
            gaps.append(
                Gap(
                    "confirmation_missing",
                    f"Oplysningerne om {who(contact)} er ikke bekræftet.",
                    contact,
                )
            )
        elif contact.confirmed_on < oldest:
            gaps.append(
                Gap(
                    "confirmation_old",
                    f"Oplysningerne om {who(contact)} blev sidst bekræftet "
                    f"{formats.date_short(contact.confirmed_on)}, for mere end {CONFIRMATION_MONTHS} "
                    "måneder siden.",
                    contact,
                )
            )
    year = last_plan_year(plan, today)
    if (
        year is not None
        and not Meeting.objects.filter(
            plan=plan,
            body__kind=Body.Kind.PREPAREDNESS,
            status=Meeting.Status.HELD,
            starts_at__date__gte=year.start,
            starts_at__date__lte=year.end,
        ).exists()
    ):
        gaps.append(
            Gap(
                "status_meeting_missing",
                f"Beredskabsstyregruppen har ikke holdt sit årlige statusmøde i planåret "
                f"{year.label}.",
            )
        )
    for activation in Activation.objects.filter(
        plan=plan, status=Activation.Status.CLOSED, evaluated_at__isnull=True
    ).order_by("occurred_at", "id"):
        gaps.append(
            Gap(
                "evaluation_missing",
                f"Aktiveringen «{activation}» er afsluttet, men ikke evalueret.",
                activation=activation,
            )
        )
    return gaps


def tel_links(phone: str) -> list[tuple[str, str]]:
    """The numbers in a phone field as (shown, tel: address): "89122924/20758355" is two."""
    links = []
    for part in re.split(r"[/,;]| el\. | eller ", phone or ""):
        shown = part.strip()
        digits = re.sub(r"[^\d+]", "", shown)
        if len(digits.lstrip("+")) >= 3:
            links.append((shown, f"tel:{digits}"))
    return links
