"""Issue 18.7: a successor's copied texts (the foreword still says 2017-2021) are marked
«Skal gennemses» until edited or marked as read; the editor shows the mark where it is."""

import datetime
import json
import re

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.planning import review
from helhedsplan.planning.creation import create_plan, successor_text
from helhedsplan.planning.models import ReviewMark
from helhedsplan.planning.tests.test_edit_views import read_form
from helhedsplan.plans.services import plan_as_data

NEW = "randers-nordby-2021-25"
BASE = f"/planer/{NEW}/rediger/"
ACTIVITY = "focus_areas/tryghed-og-trivsel/activities/naboskab"


@pytest.fixture
def successor(plan, sekretariat):
    text = successor_text(
        plan, slug=NEW, name="Randers Nordby 2021-25", start=datetime.date(2021, 6, 1)
    )
    return create_plan(text=text, user=sekretariat, member_details_from=plan)


@pytest.fixture
def editor(successor, client):
    ensure_member(plan=successor, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    client.login(username="sekretariat", password=PASSWORD)
    return client


def test_the_texts_a_successor_copies_word_for_word_are_marked(plan, successor):
    marks = ReviewMark.objects.filter(plan=successor)
    fields = {(mark.part, mark.field) for mark in marks}
    # The foreword and vision, a focus area's purpose, an activity's description, a criterion.
    assert {("", "summary"), ("", "vision")} <= fields
    assert ("focus_areas/tryghed-og-trivsel", "purpose") in fields
    assert (ACTIVITY, "description") in fields
    assert (f"{ACTIVITY}/success_criteria/naboskab-ambassadoerer", "text") in fields
    # Not the name (it has the new years), not keys, units, names or the notes on the source.
    assert not {field for _part, field in fields} & {"name", "unit", "key", "note", "aliases"}
    foreword = marks.get(part="", field="summary")
    assert foreword.reason == ReviewMark.Reason.COPIED
    assert "2017" in json.loads(foreword.value) and "nævner 2017" in foreword.note
    assert plan.name in foreword.note
    # A plan that continues none has nothing to review.
    assert not ReviewMark.objects.filter(plan=plan).exists()


def test_the_editor_says_how_many_texts_to_review_and_lists_them_years_first(editor, successor):
    count = len(review.open_marks(successor, plan_as_data(successor)))
    page = editor.get(BASE).content.decode()
    assert "Skal gennemses" in page and f"i {count} dele er kopieret fra forrige plan" in page
    assert "der nævner forrige plans år" in page
    listing = editor.get(BASE, {"gennemses": "1"}).content.decode()
    items = re.findall(r"<li>(.*?)</li>", listing[listing.index('class="edit-results"') :], re.S)
    assert len(items) == count
    naming = ["nævner 20" in item for item in items]
    assert naming[0] and naming == sorted(naming, reverse=True)  # the old years first
    assert any(f'href="{BASE}del/"' in item for item in items)
    area = editor.get(BASE, {"omraade": "tryghed-og-trivsel"}).content.decode()
    assert '<span class="tag tag--review">Skal gennemses</span>' in area


def test_a_part_says_which_of_its_fields_to_review_and_editing_one_ends_its_mark(editor, successor):
    address = f"{BASE}del/"
    page = editor.get(address).content.decode()
    assert "Skal gennemses" in page and "Forord</a>: Kopieret fra" in page
    assert "Skal gennemses: Kopieret fra" in page  # at the field, in words
    data = read_form(editor, address)
    data["summary"] = "Den 1. juni 2021 startede den Boligsociale Helhedsplan 2021-2025."
    assert editor.post(address, data).status_code == 302
    left = {m.field for m in review.open_marks(successor, plan_as_data(successor))[""]}
    assert "summary" not in left and "vision" in left


def test_a_text_that_may_stand_is_marked_as_read(editor, successor):
    address = f"{BASE}del/{ACTIVITY}/"
    before = successor.file_versions.count()
    data = read_form(editor, address)
    data["review_done"] = "on"
    response = editor.post(address, data, follow=True)
    assert "Gennemset: Aktivitet: 1. Aktivitet til styrkelse af naboskab" in (
        response.content.decode()
    )
    assert successor.file_versions.count() == before  # nothing in the plan changed
    assert ACTIVITY not in review.open_marks(successor, plan_as_data(successor))
    assert "Skal gennemses" not in editor.get(address).content.decode()


def test_a_mark_holds_only_while_its_field_keeps_the_marked_value(successor):
    data = plan_as_data(successor)
    assert "summary" in {m.field for m in review.open_marks(successor, data)[""]}
    data["summary"] = "Rettet et andet sted, fx i en indlæst planfil."
    assert "summary" not in {m.field for m in review.open_marks(successor, data).get("", [])}
