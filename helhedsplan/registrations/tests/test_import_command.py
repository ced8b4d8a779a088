"""`helhedsplan import registrations FILE --plan SLUG [--dry-run] [--json]`."""

import datetime
import io
import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.registrations.models import Registration

SLUG = "randers-nordby-2017-21"
HEADER = "activity,criterion,date,end_date,kind,count,participants,completed,participant_codes,note"
GOOD = [
    "hotspot,hotspot-kontakt,2018-09-14,,contact,1,2,,P-0001;P-0002,",
    "naboskab,naboskab-frivillige-aktiviteter,2019-03-02,,event,1,25,,,Fællesspisning",
]
BAD = "naboskab,,2030-01-01,,event,1,10,,,"


@pytest.fixture
def write(tmp_path):
    def write(*rows, name="registreringer.csv"):
        path = tmp_path / name
        path.write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
        return str(path)

    return write


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import", "registrations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "registrations", *args, stdout=out, stderr=err)
    assert refused.value.returncode == 1
    # As on the command line: the rows' errors, then the refusal's message.
    return out.getvalue(), f"{err.getvalue()}{refused.value}\n"


def test_a_valid_file_is_imported_and_counted(plan, write):
    out, err = run(write(*GOOD), "--plan", SLUG)

    assert out.strip() == "2 registreringer importeret."
    assert err == ""
    assert Registration.objects.count() == 2


def test_registrations_from_the_command_line_have_no_user(plan, write):
    run(write(GOOD[0]), "--plan", SLUG)

    registration = Registration.objects.get()
    assert registration.registered_by is None
    assert registration.organisation is None


def test_a_dry_run_checks_the_file_and_saves_nothing(plan, write):
    out, _ = run(write(*GOOD), "--plan", SLUG, "--dry-run")

    assert out.strip() == (
        "Filen er i orden: 2 registreringer ville blive importeret (intet er gemt)."
    )
    assert Registration.objects.count() == 0


def test_errors_go_to_stderr_one_per_line_and_nothing_is_saved(plan, write):
    out, err = run_failing(
        write(GOOD[0], BAD, "hotspot,,2019-01-01,,contact,1,1,,0101901234,"), "--plan", SLUG
    )

    lines = err.strip().splitlines()
    assert lines[0].startswith("Række 3, kolonne date: Datoen 01.01.2030 ligger uden for")
    assert lines[1].startswith("Række 4, kolonne participant_codes: ")
    assert "0101901234" not in err
    assert lines[-1].startswith("Intet er importeret: filen har 2 fejl.")
    assert out == ""
    assert Registration.objects.count() == 0


def test_a_dry_run_with_errors_fails_the_same_way(plan, write):
    _, err = run_failing(write(BAD), "--plan", SLUG, "--dry-run")

    assert "Række 2, kolonne date" in err


def test_json_answer_has_the_documented_keys(plan, write):
    out, _ = run(write(*GOOD), "--plan", SLUG, "--json")

    assert json.loads(out) == {"created": 2, "rows": 2, "dry_run": False, "errors": []}


def test_json_lists_the_errors_and_exits_non_zero(plan, write):
    out, err = run_failing(write(GOOD[0], BAD), "--plan", SLUG, "--json", "--dry-run")

    answer = json.loads(out)
    assert answer["created"] == 0
    assert answer["dry_run"] is True
    assert [(e["row"], e["column"]) for e in answer["errors"]] == [(3, "date")]
    assert set(answer["errors"][0]) == {"row", "column", "message"}
    assert "Intet er importeret" in err


def test_an_xlsx_file_is_imported(plan, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(
        ["familieklassen", None, datetime.date(2019, 9, 9), None, "møde", 1, None, None, None, None]
    )
    path = tmp_path / "familieklassen.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    out, _ = run(str(path), "--plan", SLUG)

    assert out.strip() == "1 registrering importeret."
    assert Registration.objects.get().kind == Registration.Kind.MEETING


def test_an_empty_file_is_one_clear_error(plan, tmp_path):
    path = tmp_path / "tom.csv"
    path.write_bytes(b"")

    _, err = run_failing(str(path), "--plan", SLUG)

    assert err.splitlines()[0] == "Filen er tom."


def test_an_unknown_plan_is_a_clear_error(plan, write):
    _, err = run_failing(write(*GOOD), "--plan", "findes-ikke")

    assert "Der er ingen plan med det korte navn «findes-ikke»." in err


def test_a_missing_file_is_a_clear_error(plan, tmp_path):
    _, err = run_failing(str(tmp_path / "findes-ikke.csv"), "--plan", SLUG)

    assert "findes ikke" in err
