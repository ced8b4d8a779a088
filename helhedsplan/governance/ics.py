"""The meeting calendar as iCalendar: a body's meetings, a plan year's proposals and one person's
meetings (governance/calendar.py proposes and saves them)."""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from helhedsplan.core.periods import Period
from helhedsplan.governance.calendar import TZ, Proposal, meetings_in_year
from helhedsplan.governance.models import Meeting

_ICS_STATUS = {
    Meeting.Status.PROPOSED: "TENTATIVE",
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


@dataclass
class _Event:
    uid: str
    start: datetime.datetime
    minutes: int
    summary: str
    location: str = ""
    description: str = ""
    status: str = "TENTATIVE"


def _calendar(events: list[_Event], name: str) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Helhedsplan//Mødekalender//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for item in events:
        event = Event()
        start = item.start.astimezone(TZ)
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=item.minutes))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        event.add("status", item.status)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def meetings_ics(plan, meetings, name: str) -> bytes:
    events = [
        _Event(
            uid=f"moede-{m.pk}@{plan.slug}.helhedsplan",
            start=m.starts_at,
            minutes=m.duration_minutes,
            summary=f"{m.body.name}{' (ekstraordinært møde)' if m.extraordinary else ''}",
            location=m.location,
            description=m.reason,
            status=_ICS_STATUS.get(m.status, "TENTATIVE"),
        )
        for m in meetings
    ]
    return _calendar(events, name)


def proposals_ics(plan, proposals: list[Proposal], name: str) -> bytes:
    events = [
        _Event(
            uid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{plan.slug}/{p.body.key}/{p.date}"))
            + f"@{plan.slug}.helhedsplan",
            start=p.starts_at,
            minutes=p.duration_minutes,
            summary=f"{p.body.name} (foreslået)",
            description=p.note,
        )
        for p in proposals
    ]
    return _calendar(events, name)


def person_memberships(membership):
    """The memberships in the plan held by the same person: same name or same e-mail."""
    from django.db.models import Q

    from helhedsplan.plans.models import Membership

    same = Q(pk=membership.pk)
    if membership.name.strip():
        same |= Q(name__iexact=membership.name.strip())
    if membership.email.strip():
        same |= Q(email__iexact=membership.email.strip())
    return Membership.objects.filter(same, body__plan_id=membership.body.plan_id).select_related(
        "body"
    )


def person_meetings(membership, year: Period):
    """The meetings in the plan year of every body the person is a member of (while member)."""
    meetings = []
    plan = membership.body.plan
    all_meetings = list(meetings_in_year(plan, year))
    for held in person_memberships(membership):
        for meeting in all_meetings:
            day = meeting.starts_at.astimezone(TZ).date()
            if meeting.body_id != held.body_id:
                continue
            if (held.start and day < held.start) or (held.end and day > held.end):
                continue
            if meeting not in meetings:
                meetings.append(meeting)
    meetings.sort(key=lambda m: m.starts_at)
    return meetings
