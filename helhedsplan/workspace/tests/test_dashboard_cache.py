"""The dashboard's figures are cached until the data changes: a second opening reads them from the
cache (fewer queries), and any change, in the app, through an import, a deletion or the admin,
shows at once."""

import datetime
import re
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.economy.models import Expense
from helhedsplan.registrations.models import Measurement, Registration
from helhedsplan.registrations.services import RegistrationInput, save_registration
from helhedsplan.workspace.freshness import data_stamp

SLUG = "randers-nordby-2017-21"
DAY = {"dato": "2019-01-31"}


def _open(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workspace:dashboard", args=[SLUG]), DAY)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _register(plan, codes):
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    return save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=datetime.date(2018, 10, 1),
            kind="contact",
            criteria=[criterion],
            codes=codes,
        ),
    )


def test_a_second_opening_reads_the_figures_from_the_cache(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    first_html, first_queries = _open(client)
    second_html, second_queries = _open(client)
    assert second_queries < first_queries - 5
    # The same page, but for the log-out form's CSRF token, which Django masks anew each time.
    unmasked = [
        re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", h) for h in (first_html, second_html)
    ]
    assert unmasked[0] == unmasked[1]


def test_a_new_registration_shows_at_once(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    _register(plan, ["K-1", "K-2"])
    assert "vis de 1 registreringer bag tallet" in _open(client)[0]
    _register(plan, ["K-3", "K-4", "K-5"])
    assert "vis de 2 registreringer bag tallet" in _open(client)[0]


def test_every_kind_of_change_gives_a_new_stamp(plan, sekretariat):
    registration = _register(plan, ["K-1"])
    stamps = [data_stamp()]

    registration.note = "Rettet"
    registration.save()
    stamps.append(data_stamp())

    Measurement.objects.create(
        plan=plan,
        criterion=plan.success_criteria.get(key="naboskab-ambassadoerer"),
        date=datetime.date(2018, 11, 1),
        value=Decimal(12),
        source="Optælling",
    )
    stamps.append(data_stamp())

    Expense.objects.bulk_create(  # no history row: counted by rows and ids
        [Expense(plan=plan, month=datetime.date(2018, 3, 1), amount=Decimal(1), financing="lbf")]
    )
    stamps.append(data_stamp())

    Registration.objects.filter(pk=registration.pk).delete()
    stamps.append(data_stamp())

    LogEntry.objects.log_actions(
        user_id=sekretariat.pk, queryset=[plan], action_flag=CHANGE, change_message="Rettet"
    )
    stamps.append(data_stamp())

    assert len(set(stamps)) == len(stamps)
    assert data_stamp() == stamps[-1]  # and nothing changes it without a change
