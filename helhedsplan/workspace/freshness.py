"""A stamp of the data that the dashboard and the start pages show, to cache their figures until
something changes.

The dashboard is the most opened page (before every meeting, by everyone), and its figures are
the same for everyone who opens it on the same day until a row changes. One small query reads,
for every table the figures come from, its row count and highest id (a row added or deleted) and
the highest id of its history table (a row changed: every save and delete through the ORM writes
one, in the same transaction). Changes in the admin write its log, plan loads a plan file
version. Any change anywhere gives a new stamp, so a cached figure is never older than the data.

The figures are kept in each process's own memory: the stamp comes from the database, so every
gunicorn worker sees the same change at once.
"""

import threading
from collections import OrderedDict

from django.contrib.admin.models import LogEntry
from django.db import connection

from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.plans.models import Plan, PlanFileVersion
from helhedsplan.progress.models import Milestone
from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationCriterion,
    RegistrationParticipant,
    TertialApproval,
)

SOURCES = [
    Registration,
    RegistrationCriterion,
    RegistrationParticipant,
    Participant,
    Measurement,
    Assessment,
    TertialApproval,
    Milestone,
    Expense,
    StaffHours,
    Plan,
    PlanFileVersion,
    LogEntry,
]
# Figures kept per process: a day's figures for a few plans and dates; old stamps fall out.
KEPT = 64


def _stamp_sql() -> str:
    parts = []
    for model in SOURCES:
        table = connection.ops.quote_name(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]
        history = getattr(model, "history", None)
        if history is not None:
            history_table = connection.ops.quote_name(history.model._meta.db_table)
            parts.append(f"(SELECT MAX(history_id) FROM {history_table})")
    return "SELECT " + ", ".join(parts)


def data_stamp() -> str:
    """Changes whenever a row the dashboard's figures come from is added, changed or deleted."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        return "-".join(str(value) for value in cursor.fetchone())


class _Kept:
    """The figures themselves, kept in this process as they were made (Django's cache would
    pickle them, and unpickling a plan's criteria costs as much as a third of the page).
    What comes out is shared: read it, never change it (copy a row before changing it)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: tuple, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_kept = _Kept(KEPT)


def forget_all() -> None:
    """Drop every kept figure (for tests, whose rolled-back databases repeat stamps)."""
    _kept.clear()


def cached(key: tuple, compute, *, stamp: str | None = None):
    """`compute()`, or what it gave before while the data is unchanged (`stamp`: the data's
    stamp, if the caller has read it already). The result is shared: do not change it."""
    return _kept.get_or_make((*key, stamp or data_stamp()), compute)


def cached_plan_progress(plan, as_of, *, stamp: str | None = None):
    """Every criterion's progress on `as_of` (progress.services.plan_progress), shared by the
    dashboard and the start pages. Shared: copy a row before changing it."""
    return cached(("progress", plan.pk, as_of), lambda: plan_progress(plan, as_of), stamp=stamp)
