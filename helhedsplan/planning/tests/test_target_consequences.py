"""Issue 18.7: changing a yearly target shows what it does to the period target and the
criterion's text ("5 ... årligt svarende til 20 i hele perioden"), and nothing is saved until the
person chooses: update them as proposed, or keep them and mark them «Skal gennemses»."""

import re

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.planning import consequences as c
from helhedsplan.planning.models import ReviewMark
from helhedsplan.planning.tests.test_edit_views import DRAFT, read_form, url
from helhedsplan.plans import models as m
from helhedsplan.plans.services import load_plan


@pytest.fixture
def draft(db, plan_text):
    text = plan_text.replace("slug: randers-nordby-2017-21", f"slug: {DRAFT}", 1)
    return load_plan(text=text, source_name="udkast.yaml", new_status=m.Plan.Status.DRAFT)


@pytest.fixture
def editor(draft, client):
    ensure_member(plan=draft, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    client.login(username="sekretariat", password=PASSWORD)
    return client


AREA = "focus_areas/tryghed-og-trivsel"
YEARLY = f"{AREA}/activities/formidling-og-branding/success_criteria/branding-aktivitetsomslag"
IN_WORDS = f"{AREA}/activities/formidling-og-branding/success_criteria/branding-presse"
PERIOD = f"{AREA}/activities/naboskab/success_criteria/naboskab-ambassadoerer"
TEXT = "Husstandsomdelt aktivitetsomslag med 5 eksemplarer årligt svarende til 20 i hele perioden."


def _criterion(plan, key="branding-aktivitetsomslag"):
    return m.SuccessCriterion.objects.get(plan=plan, key=key)


def _first_post(client, address, **changes):
    data = read_form(client, address)
    data.update(changes)
    return data, client.post(address, data)


def _shown(html: str) -> str:
    return re.search(r'name="folger_for" value="([^"]+)"', html).group(1)


# --- the rule, as plain data ------------------------------------------------------------------


def test_a_yearly_target_proposes_the_period_target_and_the_text_with_the_new_figures():
    old = {"text": TEXT, "target": 5, "per": "year", "period_target": 20}
    found = c.of_target_change(old, {**old, "target": 6}, years=4)
    assert (found.period_old, found.period_new) == (20, 24)
    assert found.text_new == (
        "Husstandsomdelt aktivitetsomslag med 6 eksemplarer årligt svarende til 24 i hele perioden."
    )
    assert found.changes == {"period_target": 24, "text": found.text_new}


def test_the_figures_are_swapped_in_one_pass_and_only_whole_figures():
    # 5 -> 20 and 20 -> 80 must not chain into 80 -> 80; "10 unge" and "8-10" are left alone.
    text = "5 arrangementer årligt med 10 unge svarende til 20 arrangementer, 8-10 uger, 2,5 time"
    old = {"text": text, "target": 5, "per": "year", "period_target": 20}
    found = c.of_target_change(old, {**old, "target": 20}, years=4)
    assert found.period_new == 80
    assert found.text_new == (
        "20 arrangementer årligt med 10 unge svarende til 80 arrangementer, 8-10 uger, 2,5 time"
    )


def test_a_target_in_words_is_said_to_be_read_by_hand():
    old = {
        "text": "Minimum to historier årligt svarende til 8 i alt.",
        "target": 2,
        "per": "year",
        "period_target": 8,
    }
    found = c.of_target_change(old, {**old, "target": 3}, years=4)
    assert found.text_partial and found.period_new == 12
    assert found.text_new == "Minimum to historier årligt svarende til 12 i alt."


def test_what_the_person_changed_too_is_theirs():
    old = {"text": TEXT, "target": 5, "per": "year", "period_target": 20}
    assert (
        c.of_target_change(old, {**old, "target": 6, "period_target": 30, "text": "Ny"}, 4) is None
    )
    assert c.of_target_change(old, {**old, "note": "x"}, 4) is None  # the target is the same


# --- the editor ---------------------------------------------------------------------------------


def test_a_changed_yearly_target_is_not_saved_before_the_person_chooses(editor, draft):
    versions = draft.file_versions.count()
    _data, response = _first_post(editor, url("del", YEARLY), target="6")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Målet ændres fra 5 til 6" in html
    assert "Mål for hele perioden: 20" in html and "bliver det <strong>24</strong>" in html
    assert f"«{TEXT}»" in html
    assert "6 eksemplarer årligt svarende til 24 i hele perioden." in html
    assert draft.file_versions.count() == versions
    assert _criterion(draft).target == 5


def test_updating_as_proposed_saves_the_target_the_period_target_and_the_text(editor, draft):
    data, response = _first_post(editor, url("del", YEARLY), target="6")
    data.update(folger="opdater", folger_for=_shown(response.content.decode()))
    response = editor.post(url("del", YEARLY), data)
    assert response.status_code == 302
    saved = _criterion(draft)
    assert (saved.target, saved.period_target) == (6, 24)
    assert saved.text == TEXT.replace("5 ", "6 ").replace("20 ", "24 ")
    assert not ReviewMark.objects.filter(plan=draft).exists()


def test_keeping_them_saves_only_the_target_and_marks_them_for_review(editor, draft):
    data, response = _first_post(editor, url("del", YEARLY), target="6")
    data.update(folger="marker", folger_for=_shown(response.content.decode()))
    response = editor.post(url("del", YEARLY), data, follow=True)
    saved = _criterion(draft)
    assert (saved.target, saved.period_target, saved.text) == (6, 20, TEXT)
    marks = ReviewMark.objects.filter(plan=draft, part=YEARLY)
    assert sorted(marks.values_list("field", flat=True)) == ["period_target", "text"]
    html = response.content.decode()
    assert "Skal gennemses" in html and "Målet er ændret fra 5 til 6" in html
    # The front page says so too; editing the period target ends its mark.
    assert "Skal gennemses" in editor.get(url("index")).content.decode()
    data = read_form(editor, url("del", YEARLY))
    data["period_target"] = "24"
    assert editor.post(url("del", YEARLY), data).status_code == 302
    marks = ReviewMark.objects.filter(plan=draft, part=YEARLY)
    assert list(marks.values_list("field", flat=True)) == ["text"]


def test_a_choice_made_for_another_target_is_asked_again(editor, draft):
    data, response = _first_post(editor, url("del", YEARLY), target="6")
    data.update(folger="opdater", folger_for=_shown(response.content.decode()), target="7")
    response = editor.post(url("del", YEARLY), data)
    assert response.status_code == 200
    assert "Målet ændres fra 5 til 7" in response.content.decode()
    assert _criterion(draft).target == 5


def test_a_target_in_words_offers_the_period_target_and_asks_to_read_the_text(editor, draft):
    _data, response = _first_post(editor, url("del", IN_WORDS), target="3")
    html = response.content.decode()
    assert "Mål for hele perioden: 8" in html and "bliver det <strong>12</strong>" in html
    assert "Teksten nævner ikke målet 2 med tal" in html


def test_a_target_for_the_whole_period_is_saved_at_once_and_its_text_marked(editor, draft):
    _data, response = _first_post(editor, url("del", PERIOD), target="20")
    assert response.status_code == 302
    assert _criterion(draft, "naboskab-ambassadoerer").target == 20
    mark = ReviewMark.objects.get(plan=draft, part=PERIOD)
    assert mark.field == "text" and mark.reason == ReviewMark.Reason.TARGET
    page = editor.get(response["Location"]).content.decode()
    assert "nævner stadig det gamle tal: markeret «Skal gennemses»" in page


def test_the_form_of_a_yearly_target_says_how_it_makes_the_period_target(editor):
    html = editor.get(url("del", YEARLY)).content.decode()
    assert "5 årligt svarer til 20 for hele perioden (4 × målet)" in html
    assert 'data-factor="4"' in html and "planning/target.js" in html
    # A target for the whole period has no such line and no script.
    assert "target.js" not in editor.get(url("del", PERIOD)).content.decode()
