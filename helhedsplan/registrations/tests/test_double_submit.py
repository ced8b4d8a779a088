"""A create form sent twice (a double click, a resent page) makes one row; the second POST gets
the first result's page."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.registrations.models import Measurement, Registration

SLUG = "randers-nordby-2017-21"
CREATE = reverse("registrations:create", args=[SLUG, "hotspot"])
MEASUREMENTS = reverse("registrations:measurements", args=[SLUG])


def logged_in(username="sekretariat") -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def registration(**changes):
    base = {"date": "2018-09-01", "kind": "event", "count": "1", "participants": "40"}
    return base | {"note": "Sommerfest"} | changes


def test_a_registration_sent_twice_is_saved_once_and_both_answers_show_it(plan, sekretariat):
    client = logged_in()
    data = registration() | read_form(client, CREATE)
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    assert Registration.objects.count() == 1
    saved = Registration.objects.get()
    assert first["Location"] == reverse("registrations:detail", args=[SLUG, saved.pk])
    html = second.content.decode()
    assert second.status_code == 200 and "Registreringen er allerede gemt" in html
    assert f'href="{first["Location"]}"' in html


def test_every_new_form_gets_a_new_token(plan, sekretariat):
    client = logged_in()
    assert client.post(CREATE, registration() | read_form(client, CREATE)).status_code == 302
    data = registration(note="En anden fest", confirm_duplicate="on") | read_form(client, CREATE)
    assert client.post(CREATE, data).status_code == 302
    assert Registration.objects.count() == 2


def test_a_form_refused_for_its_content_can_be_sent_again_with_the_same_token(plan, sekretariat):
    client = logged_in()
    token = read_form(client, CREATE)
    refused = client.post(CREATE, registration(date="2030-01-01") | token)
    assert refused.status_code == 200 and not Registration.objects.exists()
    assert client.post(CREATE, registration() | token).status_code == 302
    assert Registration.objects.count() == 1


def test_a_measurement_sent_twice_is_saved_once(plan, sekretariat):
    client = logged_in()
    data = {
        "target": "m:klagesager",
        "date": "2018-12-31",
        "value": "12,5",
        "source": "Boligorganisationen",
    } | read_form(client, MEASUREMENTS)
    data["value"] = "12.5"
    assert client.post(MEASUREMENTS, data).status_code == 302
    assert client.post(MEASUREMENTS, data).status_code == 302
    assert Measurement.objects.count() == 1


# SQLite's test database lives in memory with a shared cache, whose table locks fail at once
# instead of waiting, so two threads writing at the same moment meet "database table is locked"
# there (a file database waits: core/tests/test_sqlite_concurrency.py). CI's PostgreSQL pass runs
# this test; the token's unique constraint is the same on both engines.
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="parallel writers need a real database: runs in the PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True)
def test_two_parallel_posts_of_one_registration_form_save_one_row(plan, sekretariat):
    client = logged_in()
    data = registration() | read_form(client, CREATE)
    start = threading.Barrier(2)
    answers = []

    def post():
        try:
            start.wait()
            answer = client.post(CREATE, data)
            answers.append(answer.get("Location") or answer.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = Registration.objects.get()
    detail = reverse("registrations:detail", args=[SLUG, saved.pk])
    # One answer is the saved registration; the other says it was saved already, with a link.
    assert detail in answers
    assert any(f'href="{detail}"' in answer and "allerede gemt" in answer for answer in answers)


IMPORT = reverse("registrations:import", args=[SLUG])
IMPORT_ROWS = (
    "activity,criterion,date,end_date,kind,count,participants,completed,participant_codes,note\n"
    "naboskab,naboskab-frivillige-aktiviteter,2019-03-02,,event,1,25,,,Fællesspisning\n"
    "naboskab,naboskab-frivillige-aktiviteter,2019-03-09,,event,1,20,,,Fællesspisning\n"
).encode()


def _import(client, guard, **data):
    upload = SimpleUploadedFile("registreringer.csv", IMPORT_ROWS, content_type="text/csv")
    return client.post(IMPORT, {"file": upload, **guard, **data}, follow=True)


def test_an_import_sent_twice_imports_the_file_once(plan, sekretariat):
    client = logged_in()
    guard = read_form(client, IMPORT)
    assert guard["form_token"]
    first = _import(client, guard)
    second = _import(client, guard)
    assert "2 registreringer" in first.content.decode()
    assert "Den er kun gemt én gang" in second.content.decode()
    assert Registration.objects.count() == 2


def test_a_check_only_import_keeps_the_token_for_the_real_one(plan, sekretariat):
    client = logged_in()
    guard = read_form(client, IMPORT)
    _import(client, guard, dry_run="on")
    assert Registration.objects.count() == 0
    _import(client, guard)
    assert Registration.objects.count() == 2
