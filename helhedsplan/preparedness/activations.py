"""Activating the beredskab and the steps that follow: the call list, the coordinating meeting,
action items, information to residents, the press note, closing and the evaluation. Every step
writes a line in the activation's timeline (LogEntry); the models keep the audit history."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.plans.addresses import AddressError
from helhedsplan.plans.coverage import check_plan_address
from helhedsplan.preparedness.models import (
    ActionItem,
    Activation,
    CallEntry,
    Contact,
    IncidentType,
    LogEntry,
)
from helhedsplan.preparedness.notify import notify_contacts
from helhedsplan.preparedness.services import ensure_contacts


class ActivationError(ValueError):
    """A step that cannot be taken now; the message is shown to the user in Danish."""


def log(activation: Activation, user, text: str) -> LogEntry:
    return LogEntry.objects.create(activation=activation, user=user, text=text)


# The place ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    area: object | None  # plans.Area
    message: str  # what the address check said, in Danish; empty when no address was typed
    covered: bool | None = None  # None: no address, or one that could not be read


def find_place(*, plan, address: str = "", area=None) -> Place:
    """The area of a typed address, found with the areas page's address check.

    An address outside the plan's area, or one that cannot be read, does not stop the
    activation: a crisis next to the estates still matters. The message says so.
    """
    address = (address or "").strip()
    if not address:
        return Place(area=area, message="")
    try:
        result = check_plan_address(plan, address)
    except AddressError:
        return Place(
            area=area,
            message=(
                "Adressen kunne ikke læses som vej og husnummer, så boligområdet er ikke fundet; "
                "den er gemt som stedbeskrivelse."
            ),
        )
    if result["covered"]:
        found = plan.areas.filter(name=result["area"]).first()
        return Place(
            area=found or area,
            message=f"Adressen ligger i boligområdet {result['area']}.",
            covered=True,
        )
    return Place(
        area=area,
        message="Adressen ligger uden for helhedsplanens område.",
        covered=False,
    )


# Activation ---------------------------------------------------------------------------------


@dataclass
class ActivationResult:
    activation: Activation
    place: Place
    notifications: list = field(default_factory=list)

    @property
    def failed(self) -> list:
        return [n for n in self.notifications if not n.ok]


def call_list_contacts(plan) -> list[tuple[Contact, bool]]:
    """Every member of the steering group in order, each followed by their deputies."""
    members = list(
        Contact.objects.filter(plan=plan, kind=Contact.Kind.MEMBER)
        .prefetch_related("deputies")
        .order_by("order", "id")
    )
    lines = []
    for member in members:
        lines.append((member, False))
        deputies = sorted(member.deputies.all(), key=lambda c: (c.order, c.id))
        lines.extend((deputy, True) for deputy in deputies if deputy.plan_id == plan.id)
    return lines


def press_contacts(plan):
    """The press is handled by the housing organisations' leadership: listed, not called."""
    return Contact.objects.filter(plan=plan, kind=Contact.Kind.PRESS).order_by("order", "id")


def activation_url(activation: Activation) -> str:
    path = reverse("preparedness_activation:detail", args=[activation.plan.slug, activation.pk])
    return f"{settings.HELHEDSPLAN_BASE_URL}{path}"


def _message(activation: Activation) -> tuple[str, str]:
    kind = activation.get_incident_type_display()
    subject = f"Beredskab aktiveret: {kind} – {activation.plan.name}"
    place = ", ".join(
        p for p in [activation.area.name if activation.area else "", activation.address] if p
    )
    lines = [
        f"Beredskabsplanen for {activation.plan.name} er aktiveret.",
        "",
        f"Hændelse: {kind}",
        f"Sted: {place or 'ikke angivet'}",
        f"Tidspunkt: {formats.datetime_words(activation.occurred_at)}",
    ]
    if activation.requested_by_police:
        lines.append("Aktiveret på politiets anmodning.")
    lines += [
        "",
        activation.description,
        "",
        "Du bliver ringet op. Opkaldsliste, handlinger og log:",
        activation_url(activation),
    ]
    return subject, "\n".join(lines)


def activate(
    *,
    plan,
    user,
    incident_type: str,
    description: str,
    occurred_at=None,
    area=None,
    address: str = "",
    requested_by_police: bool = False,
) -> ActivationResult:
    """Creates the activation, its call list and log, then notifies the people on the call list
    and the press contacts. A failed notification is recorded and never stops the activation."""
    place = find_place(plan=plan, address=address, area=area)
    activation = Activation(
        plan=plan,
        incident_type=incident_type,
        area=place.area,
        address=(address or "").strip(),
        occurred_at=occurred_at or timezone.now(),
        description=description,
        requested_by_police=requested_by_police,
        activated_by=user,
    )
    # Refused (a CPR number, an unknown type) before anything is saved.
    activation.full_clean(exclude=["activated_by"])
    # A plan whose people were never opened in the app gets them from the plan file now.
    ensure_contacts(plan)
    with transaction.atomic():
        activation.save()
        started = f"Beredskabet er aktiveret: {IncidentType(incident_type).label}"
        if requested_by_police:
            started += ", på politiets anmodning"
        log(activation, user, started + ".")
        if place.message:
            log(activation, user, place.message)
        lines = call_list_contacts(plan)
        CallEntry.objects.bulk_create(
            CallEntry(
                activation=activation,
                contact=contact,
                name=str(contact)[:300],
                phone=contact.phone,
                is_deputy=is_deputy,
                order=index,
            )
            for index, (contact, is_deputy) in enumerate(lines, start=1)
        )
        members = sum(1 for _, is_deputy in lines if not is_deputy)
        log(
            activation,
            user,
            f"Opkaldslisten er lavet: {members} medlemmer og {len(lines) - members} suppleanter.",
        )
    recipients = [contact for contact, _ in lines] + list(press_contacts(plan))
    subject, text = _message(activation)
    notifications = notify_contacts(
        activation=activation, contacts=recipients, subject=subject, text=text
    )
    delivered = sum(1 for n in notifications if n.ok)
    summary = f"Besked sendt: {delivered} af {len(notifications)} leveret"
    if delivered < len(notifications):
        summary += f", {len(notifications) - delivered} kunne ikke sendes"
    log(activation, user, summary + ".")
    return ActivationResult(activation=activation, place=place, notifications=notifications)


def _require_open(activation: Activation) -> None:
    if activation.status == Activation.Status.CLOSED:
        raise ActivationError("Aktiveringen er afsluttet; trinnet kan ikke ændres.")


# The call list ------------------------------------------------------------------------------


def mark_call(*, call: CallEntry, status: str, user) -> CallEntry:
    """Reached or no answer, with the time; on no answer the deputy is next."""
    _require_open(call.activation)
    if status not in {CallEntry.Status.REACHED, CallEntry.Status.NO_ANSWER}:
        raise ActivationError("Ukendt status for opkaldet.")
    call.status = status
    call.reached_at = timezone.now()
    call.save(update_fields=["status", "reached_at"])
    if status == CallEntry.Status.REACHED:
        text = f"Kontaktet: {call.name}."
    else:
        text = f"Intet svar: {call.name}."
        if not call.is_deputy and _deputies_of(call):
            text += " Ring til suppleanten."
    log(call.activation, user, text)
    return call


def _deputies_of(call: CallEntry) -> list[CallEntry]:
    following = CallEntry.objects.filter(activation=call.activation, order__gt=call.order)
    deputies = []
    for line in following.order_by("order", "id"):
        if not line.is_deputy:
            break
        deputies.append(line)
    return deputies


@dataclass
class CallLine:
    call: CallEntry
    is_next: bool = False  # highlighted: the one to ring now
    hint: str = ""


def call_lines(activation: Activation) -> list[CallLine]:
    """The call list as shown: a deputy is highlighted when the member did not answer, and
    marked as not needed once someone in the group is reached."""
    lines = [CallLine(call) for call in activation.calls.all()]
    groups: list[list[CallLine]] = []
    for line in lines:
        if not line.call.is_deputy or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    for group in groups:
        reached = next((g for g in group if g.call.status == CallEntry.Status.REACHED), None)
        member = group[0].call
        for position, line in enumerate(group):
            if line.call.status != CallEntry.Status.PENDING:
                continue
            if reached is not None:
                line.hint = "Ikke nødvendigt: en anden i gruppen er kontaktet."
            elif position > 0 and all(
                g.call.status == CallEntry.Status.NO_ANSWER for g in group[:position]
            ):
                line.is_next = True
                line.hint = f"Ring nu: {member.name} svarer ikke."
    return lines


# The coordinating meeting, action items, residents, press -----------------------------------


def set_meeting(*, activation: Activation, at, note: str, user) -> None:
    _require_open(activation)
    activation.coordinating_meeting_at = at
    activation.coordinating_meeting_note = note
    activation.full_clean()
    activation.save(update_fields=["coordinating_meeting_at", "coordinating_meeting_note"])
    text = (
        f"Koordinerende møde: {formats.datetime_words(at)}."
        if at
        else "Koordinerende møde: tidspunkt fjernet."
    )
    if note:
        text += " Referat/note gemt."
    log(activation, user, text)


def add_action(*, activation: Activation, title: str, owner: str, due, user) -> ActionItem:
    _require_open(activation)
    action = ActionItem(activation=activation, title=title, owner=owner, due=due)
    action.full_clean()
    action.save()
    text = f"Handling tilføjet: {title} (ansvarlig: {owner}"
    text += f", frist {formats.datetime_words(due)})." if due else ")."
    log(activation, user, text)
    return action


def complete_action(*, action: ActionItem, user) -> ActionItem:
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        log(action.activation, user, f"Handling udført: {action.title}.")
    return action


def draft_resident_info(*, activation: Activation, text: str, user) -> None:
    """Saving the text makes it a draft again: a changed text needs the group's approval."""
    if activation.resident_info_status == Activation.InfoStatus.SENT:
        raise ActivationError("Informationen er allerede sendt til beboerne og kan ikke ændres.")
    activation.resident_info = text
    activation.resident_info_status = Activation.InfoStatus.DRAFTED
    activation.full_clean()
    activation.save(update_fields=["resident_info", "resident_info_status"])
    log(activation, user, "Information til beboerne: udkast gemt.")


def approve_resident_info(*, activation: Activation, user) -> None:
    if activation.resident_info_status != Activation.InfoStatus.DRAFTED:
        raise ActivationError("Der er intet udkast til information til beboerne at godkende.")
    activation.resident_info_status = Activation.InfoStatus.APPROVED
    activation.save(update_fields=["resident_info_status"])
    log(activation, user, "Information til beboerne: godkendt af styregruppen.")


def mark_resident_info_sent(*, activation: Activation, user) -> None:
    if activation.resident_info_status != Activation.InfoStatus.APPROVED:
        raise ActivationError(
            "Informationen til beboerne skal godkendes af styregruppen, før den sendes."
        )
    activation.resident_info_status = Activation.InfoStatus.SENT
    activation.save(update_fields=["resident_info_status"])
    log(activation, user, "Information til beboerne: sendt til beboerne.")


def save_press_note(*, activation: Activation, text: str, user) -> None:
    activation.press_note = text
    activation.full_clean()
    activation.save(update_fields=["press_note"])
    log(activation, user, "Pressenote gemt.")


# Closing and the evaluation -----------------------------------------------------------------


def close_activation(*, activation: Activation, user) -> None:
    _require_open(activation)
    activation.status = Activation.Status.CLOSED
    activation.closed_at = timezone.now()
    activation.save(update_fields=["status", "closed_at"])
    log(activation, user, "Aktiveringen er afsluttet. Evalueringen skal skrives nu.")


def evaluate(*, activation: Activation, text: str, user) -> None:
    if activation.status != Activation.Status.CLOSED:
        raise ActivationError("Afslut aktiveringen, før evalueringen skrives.")
    if not (text or "").strip():
        raise ActivationError("Skriv evalueringen.")
    first = not activation.evaluation
    activation.evaluation = text
    activation.evaluated_at = timezone.now()
    activation.full_clean()
    activation.save(update_fields=["evaluation", "evaluated_at"])
    log(activation, user, "Evaluering skrevet." if first else "Evaluering ændret.")


def evaluation_missing(activation: Activation) -> bool:
    # evaluated_at, as the readiness check (services.readiness) asks.
    return activation.status == Activation.Status.CLOSED and activation.evaluated_at is None
