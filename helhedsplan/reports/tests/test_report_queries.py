"""Every report reads its data with a fixed number of queries: ten times the data, same count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhedsplan.demo.services import generate_demo_data
from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.registrations.models import Registration, RegistrationParticipant
from helhedsplan.reports.services import make_report
from helhedsplan.reports.tests.conftest import DEMO_REPORTS as REPORTS


def copy_data(plan, times: int) -> None:
    """Copy the plan's registrations (with their criteria and participants), expenses and hours
    until there are `times` as many, as benchmarks/reports.py does."""
    registrations = list(Registration.objects.filter(plan=plan).order_by("pk"))
    originals = [registration.pk for registration in registrations]
    criteria = Registration.criteria.through
    links = list(criteria.objects.filter(registration__plan=plan))
    participants = list(RegistrationParticipant.objects.filter(registration__plan=plan))
    economy = [list(model.objects.filter(plan=plan)) for model in (Expense, StaffHours)]
    for _ in range(times - 1):
        for registration in registrations:
            registration.pk = None
        made = Registration.objects.bulk_create(registrations)
        new_id = {old: new.pk for old, new in zip(originals, made, strict=True)}
        criteria.objects.bulk_create(
            criteria(
                registration_id=new_id[link.registration_id],
                successcriterion_id=link.successcriterion_id,
            )
            for link in links
        )
        RegistrationParticipant.objects.bulk_create(
            RegistrationParticipant(
                registration_id=new_id[link.registration_id],
                participant_id=link.participant_id,
                completed=link.completed,
            )
            for link in participants
        )
        for rows in economy:
            for row in rows:
                row.pk = None
            type(rows[0]).objects.bulk_create(rows)


def query_counts(plan) -> dict[str, int]:
    counts = {}
    for kind, period in REPORTS.items():
        with CaptureQueriesContext(connection) as queries:
            made = make_report(
                plan=plan, kind=kind, period=period, file_format="html", suppress=True
            )
        assert made.report.sections
        counts[kind] = len(queries)
    return counts


def test_every_report_makes_the_same_queries_with_ten_times_the_data(plan):
    generate_demo_data(plan=plan, seed=1, until=plan.end)
    # The first report on a plan read fresh from the database reads its organisations once more
    # (seen as 8 queries against 7 since the plan is shared, not loaded, in the test): both sides
    # are counted warm, so the comparison is of the data's size alone.
    query_counts(plan)
    demo = query_counts(plan)
    registrations = Registration.objects.filter(plan=plan).count()

    copy_data(plan, 10)

    assert Registration.objects.filter(plan=plan).count() == 10 * registrations
    assert query_counts(plan) == demo
    assert all(count > 0 for count in demo.values())
