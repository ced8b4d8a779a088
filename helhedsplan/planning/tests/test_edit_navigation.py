"""Issue 18.7: the plan editor is short pages by focus area and activity, its parts named by
their text (keys only small beside it), with a search over the parts' text that works without
JavaScript."""

import re

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD

SLUG = "randers-nordby-2017-21"
BASE = f"/planer/{SLUG}/rediger/"
FOCUS = "focus_areas/uddannelse-og-beskaeftigelse"
ACTIVITY = f"{FOCUS}/activities/uddannelsestilbud-for-unge"
CRITERION = f"{ACTIVITY}/success_criteria/udd-tilbud-netvaerksarrangementer"


@pytest.fixture
def editor(plan, client):
    ensure_member(plan=plan, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    client.login(username="sekretariat", password=PASSWORD)
    return client


def _main(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _links(html: str) -> list[str]:
    return re.findall(r"<a\s[^>]*href=", html)


def test_the_front_page_lists_the_focus_areas_and_their_activities_by_name_not_every_part(
    editor, plan
):
    html = _main(editor.get(BASE))
    for area in plan.focus_areas.all():
        assert f'href="{BASE}?omraade={area.key}">{area.number}. {area.name}</a>' in html
    for activity in plan.activities.all():
        # Named by its name (a long name shortened with "…").
        assert f">{activity.number}. {activity.name}"[:60] in html
    for name in ("organisations", "areas", "departments", "overall_goals", "bodies"):
        assert f'href="{BASE}?liste={name}"' in html
    # Before issue 18.7 the page had 682 links; now one per focus area and activity and a few.
    assert len(_links(html)) < 40
    assert "Slet" not in html
    assert "udd-tilbud-netvaerksarrangementer" not in html


def test_a_focus_areas_page_holds_its_activities_and_criteria_named_by_their_text(editor, plan):
    html = _main(editor.get(f"{BASE}?omraade=uddannelse-og-beskaeftigelse"))
    assert "<h1>Indsatsområde: 3. Uddannelse og beskæftigelse" in html
    assert f'href="{BASE}del/{FOCUS}/"' in html  # its own fields: the sub-agreement
    criterion = plan.success_criteria.get(key="udd-tilbud-netvaerksarrangementer")
    start = criterion.text[:40]
    # The visible line is the criterion's text; the key is small beside it, never the label.
    assert f'<span class="edit-tree__title">{start}' in html
    assert '<span class="edit-key">nøgle udd-tilbud-netvaerksarrangementer</span>' in html
    link = re.search(
        rf'<a href="{BASE}del/{CRITERION}/">Ret<span class="visually-hidden"> ([^<]+)<', html
    )
    assert link and link.group(1).startswith(f"Succeskriterium: {start}")
    assert "«udd-tilbud" not in html
    # Other focus areas' parts are not on the page.
    assert "tryghed-og-trivsel/activities" not in html


def test_a_plan_level_list_has_its_own_page(editor):
    html = _main(editor.get(f"{BASE}?liste=organisations"))
    assert "<h1>Organisationer</h1>" in html
    assert f'href="{BASE}del/organisations/msb/"' in html
    assert "Boligorganisationen Møllevænget og Storgaarden" in html
    assert "?omraade=" not in html
    assert editor.get(f"{BASE}?liste=focus_areas").status_code == 404
    assert editor.get(f"{BASE}?omraade=findes-ikke").status_code == 404


def test_a_parts_page_leads_back_through_its_focus_area_by_name(editor):
    html = _main(editor.get(f"{BASE}del/{CRITERION}/"))
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</nav>")]
    assert f'<a href="{BASE}?omraade=uddannelse-og-beskaeftigelse">Indsatsområde: 3. ' in crumbs
    assert "Aktivitet: " in crumbs and "«" not in crumbs
    assert "<h1>Succeskriterium: Der afholdes 5 netværksskabende arrangementer" in html


def test_the_search_finds_parts_by_their_text_in_any_case_and_names_where_they_are(editor):
    html = _main(editor.get(BASE, {"q": "NETVÆRKSSKABENDE arrangementer"}))
    # The criterion, and its activity, whose description speaks of the same arrangements.
    assert "2 dele med «NETVÆRKSSKABENDE arrangementer»" in html
    assert f'<a href="{BASE}del/{ACTIVITY}/">Aktivitet: ' in html
    assert f'<a href="{BASE}del/{CRITERION}/">Succeskriterium: Der afholdes 5' in html
    assert "Indsatsområde: 3. Uddannelse og beskæftigelse › Aktivitet: " in html
    # Every word must be found; the search also reads the fields behind the text (a key, a unit).
    assert "0 dele med" in _main(editor.get(BASE, {"q": "netværksskabende kvantefysik"}))
    by_key = _main(editor.get(BASE, {"q": "udd-tilbud-netvaerksarrangementer"}))
    assert f"{BASE}del/{CRITERION}/" in by_key


def test_the_search_inside_a_focus_area_finds_only_its_parts(editor):
    everywhere = _main(editor.get(BASE, {"q": "forældre"}))
    inside = _main(editor.get(BASE, {"q": "forældre", "omraade": "tryghed-og-trivsel"}))
    count = int(re.search(r"(\d+) dele? med", everywhere).group(1))
    found = re.findall(rf'href="{BASE}del/(focus_areas/[a-z-]+)', inside)
    assert count > len(found)
    assert found and set(found) == {"focus_areas/tryghed-og-trivsel"}
    assert (
        f'href="{BASE}?q=for%C3%A6ldre">søg i hele planen' in inside
        or "søg i hele planen" not in inside
    )


def test_an_activitys_page_leads_to_the_activities_before_and_after_it_by_name(editor):
    middle = f"{FOCUS}/activities/parat-til-uddannelse-og-beskaeftigelse"
    html = _main(editor.get(f"{BASE}del/{middle}/"))
    nav = html[html.index('class="edit-siblings"') :]
    assert "Forrige aktivitet: " in nav and "Næste aktivitet: " in nav
    assert f'<a href="{BASE}del/{ACTIVITY}/">3. Uddannelsestilbud for unge</a>' in nav


def test_the_search_finds_the_plans_own_texts_too(editor, plan):
    html = _main(editor.get(BASE, {"q": "Fremtiden lever her"}))  # the vision
    assert f'<a href="{BASE}del/">Planen: {plan.name}</a>' in html
