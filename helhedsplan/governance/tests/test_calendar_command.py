"""helhedsplan calendar SLUG --plan-year ... [--json] [--ics FILE] [--save]."""

import json
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from icalendar import Calendar

from helhedsplan.governance.models import Meeting

SLUG = "randers-nordby-2017-21"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json(plan):
    out, _ = run(SLUG, "--plan-year", "2018/19", "--json")
    data = json.loads(out)
    assert set(data[0]) == {"body", "body_name", "date", "weekday", "time", "note"}
    board = [row for row in data if row["body"] == "bestyrelse"]
    assert [(r["date"], r["weekday"], r["time"]) for r in board] == [
        ("2018-11-14", "onsdag", "14:00"),
        ("2019-03-13", "onsdag", "14:00"),
    ]
    assert board[0]["body_name"] == "Bestyrelsen"
    assert sum(1 for row in data if row["body"] == "styregruppe") == 3
    assert sum(1 for row in data if row["body"] == "fravaersteam") == 26
    assert all(a["date"] <= b["date"] for a, b in pairwise(data))
    assert not Meeting.objects.exists()


def test_text(plan):
    out, _ = run(SLUG, "--plan-year", "2019/20")
    assert "Forslag til møder i" in out
    assert "Styregruppen: Tertialmøde i T1" in out
    assert "møder i alt." in out


def test_ics_and_save(plan, tmp_path):
    path = tmp_path / "moeder.ics"
    out, err = run(SLUG, "--plan-year", "2018/19", "--json", "--ics", str(path), "--save")
    count = len(json.loads(out))
    assert len(Calendar.from_ical(path.read_bytes()).events) == count
    assert f"{count} møder er skrevet til" in err
    assert f"{count} møder er gemt som foreslåede" in err
    assert Meeting.objects.filter(status=Meeting.Status.PROPOSED).count() == count
    out, _ = run(SLUG, "--plan-year", "2018/19", "--save")
    assert "Ingen nye møder i planåret 2018/19." in out
    assert Meeting.objects.count() == count


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["findes-ikke", "--plan-year", "2018/19"], "Planen «findes-ikke» findes ikke."),
        ([SLUG, "--plan-year", "2025/26"], "ligger uden for planen"),
        ([SLUG, "--plan-year", "2018"], "Ukendt periode"),
        ([SLUG, "--plan-year", "2018/19-T2"], "ikke et tertial"),
    ],
)
def test_errors(plan, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("calendar", *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 1
    assert message in str(refused.value)
