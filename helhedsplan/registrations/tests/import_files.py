"""Files and helpers for the registrations import's tests."""

import datetime
import io

import openpyxl
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.registrations.importer import COLUMNS, import_registrations

SLUG = "randers-nordby-2017-21"
TODAY = datetime.date(2021, 5, 31)
HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "hotspot,hotspot-kontakt,2018-09-14,,contact,1,2,,P-0001;P-0002,Gadeplan",
    "naboskab,naboskab-frivillige-aktiviteter,2019-03-02,,event,1,25,,,Fællesspisning",
]


def csv_file(*rows, header=HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def run(plan, source: bytes, filename="registreringer.csv", **kwargs):
    kwargs.setdefault("today", TODAY)
    return import_registrations(plan=plan, rows_source=source, filename=filename, **kwargs)


def xlsx_file(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def url(name="registrations:import", **kwargs):
    return reverse(name, kwargs={"slug": SLUG, **kwargs})


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client
