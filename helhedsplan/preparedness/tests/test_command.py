import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.tests.test_readiness import PEOPLE, WITHOUT_DEPUTY, fill_everything

SLUG = "randers-nordby-2017-21"


def _check(*args) -> str:
    out = StringIO()
    call_command("beredskab", "check", SLUG, "--date", "2026-11-26", *args, stdout=out)
    return out.getvalue()


def test_check_json_lists_every_gap_of_the_demo_plan(plan):
    data = json.loads(_check("--json"))
    assert data["plan"] == SLUG
    assert data["date"] == "2026-11-26"
    assert data["ready"] is False
    codes = [gap["code"] for gap in data["gaps"]]
    assert codes == (
        ["phone_missing"] * len(PEOPLE)
        + ["deputy_missing"] * len(WITHOUT_DEPUTY)
        + ["confirmation_missing"] * len(PEOPLE)
        + ["status_meeting_missing"]
    )
    first = data["gaps"][0]
    assert first["contact"] == Contact.objects.get(plan=plan, name="Peter Larsen").pk
    assert first["activation"] is None
    assert first["text"].startswith("Peter Larsen")


def test_check_lists_the_gaps_in_plain_danish_and_exits_zero(plan):
    text = _check()
    assert f"{len(PEOPLE) * 2 + len(WITHOUT_DEPUTY) + 1} ting er ikke klar" in text
    assert "- Claus Hansen (SSP-konsulent) har ingen suppleant." in text


def test_check_says_the_beredskab_is_ready_when_nothing_is_missing(plan):
    call_command("beredskab", "check", SLUG, stdout=StringIO())  # makes the people
    fill_everything(plan)
    assert _check().strip() == "Beredskabet er klar."
    assert json.loads(_check("--json")) | {"gaps": []} == {
        "plan": SLUG,
        "date": "2026-11-26",
        "ready": True,
        "gaps": [],
    }


def test_sheet_writes_a_one_page_pdf(plan, tmp_path):
    target = tmp_path / "kontaktark.pdf"
    out = StringIO()
    call_command("beredskab", "sheet", SLUG, "-o", str(target), stdout=out)
    assert "Kontaktarket er skrevet" in out.getvalue()
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 1
    assert "Louise Hou Kragh" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "findes-ikke"], "findes-ikke"),
        (["check", SLUG, "--date", "i-går"], "er ikke en dato"),
        (["sheet", SLUG, "-o", "/findes/ikke/mappe/ark.pdf"], "kan ikke skrives"),
    ],
)
def test_errors_are_plain_messages_with_a_non_zero_exit(plan, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("beredskab", *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 1
    assert message in str(refused.value)
