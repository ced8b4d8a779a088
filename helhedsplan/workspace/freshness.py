"""A stamp of the data that the dashboard and the start pages show, to cache their figures until
something changes.

The dashboard is the most opened page (before every meeting, by everyone), and its figures are
the same for everyone who opens it on the same day until a row changes. One small query reads,
for every table the figures come from, its row count and highest id (a row added or deleted) and
the highest id of its history table (a row changed: every save and delete through the ORM writes
one, in the same transaction). Changes in the admin write its log, plan loads a plan file
version. Any change anywhere gives a new stamp, so a cached figure is never older than the data.

The cache is each process's own memory (Django's default cache): the stamp comes from the
database, so every gunicorn worker sees the same change at once.
"""

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
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
# A day's figures for many plans and dates fit easily; old stamps simply fall out.
CACHE_SECONDS = 600


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


def cached(key: tuple, compute):
    """`compute()`, or its result from the cache while the data is unchanged."""
    full_key = "figures:" + ":".join(str(part) for part in (*key, data_stamp()))
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def cached_plan_progress(plan, as_of):
    """Every criterion's progress on `as_of` (progress.services.plan_progress), shared by the
    dashboard and the start pages."""
    return cached(("progress", plan.pk, as_of), lambda: plan_progress(plan, as_of))
