"""Underretning (strategic agreement, pkt. 9): a board member who knows of a matter that may
matter to the plan's continued implementation must have the whole board called to an
extraordinary meeting, through the secretariat.

Raising a notice records it, proposes an extraordinary board meeting and e-mails the whole
board and the secretariat, who confirm the time and send the formal notice of meeting.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from helhedsplan.accounts.models import Role
from helhedsplan.governance.models import Meeting, Notice
from helhedsplan.plans.models import Body, Membership, Plan

logger = logging.getLogger(__name__)

# The extraordinary meeting is proposed at least this many days ahead, so that the whole board
# can be called in time, at the time of day the board normally meets.
NOTICE_DAYS = 5
MEETING_TIME = datetime.time(16, 0)


@dataclass
class NoticeResult:
    notice: Notice
    recipients: list[str]
    mailed: bool


def proposed_start(now: datetime.datetime, *, days: int = NOTICE_DAYS) -> datetime.datetime:
    """The first weekday (Monday to Friday) at 16.00 at least `days` full days after `now`."""
    tz = timezone.get_current_timezone()
    earliest = timezone.localtime(now) + datetime.timedelta(days=days)
    day = earliest.date()
    if datetime.datetime.combine(day, MEETING_TIME, tzinfo=tz) < earliest:
        day += datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, MEETING_TIME, tzinfo=tz)


def board_of(plan: Plan) -> Body | None:
    boards = Body.objects.for_plan(plan).filter(kind=Body.Kind.BOARD)
    return boards.filter(key="bestyrelse").first() or boards.order_by("order").first()


def notice_recipients(plan: Plan, board: Body | None, *, on: datetime.date) -> list[str]:
    """The whole board (its members' addresses and the board users) and the secretariat."""
    addresses: set[str] = set()
    if board is not None:
        members = (
            Membership.objects.filter(body=board)
            .filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))
            .exclude(email="")
        )
        addresses.update(members.values_list("email", flat=True))
    users = get_user_model().objects.filter(
        plan_memberships__plan=plan,
        plan_memberships__group__name__in=[Role.BESTYRELSE, Role.SEKRETARIAT],
        is_active=True,
    )
    addresses.update(users.values_list("email", flat=True))
    return sorted({address.strip().lower() for address in addresses if address.strip()})


def notices_link(plan: Plan) -> str:
    return settings.HELHEDSPLAN_BASE_URL.rstrip("/") + reverse(
        "governance_notices:list", args=[plan.slug]
    )


def raise_notice(
    *, plan: Plan, user, subject: str, text: str, now: datetime.datetime | None = None
) -> NoticeResult:
    """Record the notice, propose the extraordinary board meeting and tell the board."""
    now = now or timezone.now()
    board = board_of(plan)
    with transaction.atomic():
        meeting = None
        if board is not None:
            meeting = Meeting.objects.create(
                plan=plan,
                body=board,
                starts_at=proposed_start(now),
                status=Meeting.Status.PROPOSED,
                extraordinary=True,
                # Only a neutral reason: the meeting, its agenda and the calendar files are open
                # to every role, the notice itself only to the board and the secretariat.
                reason="Ekstraordinært møde efter underretning til bestyrelsen (pkt. 9).",
                changed_by=user,
            )
        notice = Notice.objects.create(
            plan=plan, raised_by=user, subject=subject, text=text, meeting=meeting
        )
    recipients = notice_recipients(plan, board, on=timezone.localtime(now).date())
    mailed = False
    if recipients:
        context = {
            "plan": plan,
            "notice": notice,
            "meeting": meeting,
            "raised_by": (user.get_full_name() or user.get_username()) if user else "Et medlem",
            "link": notices_link(plan),
        }
        with translation.override(settings.LANGUAGE_CODE):
            mail_subject = render_to_string("governance/email/notice_subject.txt", context)
            body = render_to_string("governance/email/notice.txt", context)
        message = EmailMessage(
            subject=" ".join(mail_subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            reply_to=[user.email] if user and user.email else None,
        )
        try:
            message.send(fail_silently=False)
            mailed = True
        except (OSError, smtplib.SMTPException):
            # The notice is kept: the secretariat sees it on the page and calls the meeting.
            logger.exception("Underretningen %s kunne ikke sendes som e-mail.", notice.pk)
    return NoticeResult(notice=notice, recipients=recipients, mailed=mailed)
