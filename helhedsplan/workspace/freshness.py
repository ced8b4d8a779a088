"""A stamp of the data that the dashboard and the start pages show, to cache their figures until
something changes.

The dashboard is the most opened page (before every meeting, by everyone), and its figures are
the same for everyone who opens it on the same day until a row changes. One small query reads,
for every table the figures come from, its row count and highest id (a row added or deleted) and
the highest id of its history table (a row changed: every save and delete through the ORM writes
one, in the same transaction). Changes in the admin write its log, plan loads a plan file
version. Any change anywhere gives a new stamp, so a cached figure is never older than the data.

The figures are kept in Django's cache (the "figures" cache where settings name one, else the
default), each under its plan and date with the stamp it was made at: a reader whose stamp, just
read from the database, differs makes them anew and keeps them in the place of the old ones. So
every process sees a change at once, whether each has its own memory (locmem) or they share one
cache, and a change leaves no stale copy behind to fill the memory. How long unused figures are
kept, and how many, is the cache's own setting (TIMEOUT, MAX_ENTRIES).
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import caches
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


def figures_cache():
    # Its own bounded cache where settings name one, else the default (as charts.chart_cache).
    return caches["figures" if "figures" in settings.CACHES else "default"]


def forget_all() -> None:
    """Drop every kept figure (for tests, whose rolled-back databases repeat stamps)."""
    figures_cache().clear()


def cached(key: tuple, compute, *, stamp: str | None = None):
    """`compute()`, or what it gave before while the data is unchanged (`stamp`: the data's
    stamp, if the caller has read it already)."""
    stamp = stamp or data_stamp()
    name = "figures:" + ":".join(str(part) for part in key)
    kept = figures_cache().get(name)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    value = compute()
    figures_cache().set(name, (stamp, value))
    return value


def cached_plan_progress(plan, as_of, *, stamp: str | None = None):
    """Every criterion's progress on `as_of` (progress.services.plan_progress), shared by the
    dashboard and the start pages."""
    return cached(("progress", plan.pk, as_of), lambda: plan_progress(plan, as_of), stamp=stamp)
