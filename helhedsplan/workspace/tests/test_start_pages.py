"""Each role's start page shows its own parts and not the others'."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting, Recommendation
from helhedsplan.governance.reminders import followed_up_tertial
from helhedsplan.governance.services import criterion_change_text, propose
from helhedsplan.progress.models import Milestone
from helhedsplan.progress.services import missing_data, plan_progress
from helhedsplan.registrations.services import RegistrationInput, save_registration
from helhedsplan.workspace.tests.conftest import SCHOOL, TODAY, at, login

SLUG = "randers-nordby-2017-21"
START = f"/planer/{SLUG}/start/"


def main_text(response) -> str:
    html = response.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def register(plan, key, day, user=None, **values):
    criterion = plan.success_criteria.get(key=key)
    data = RegistrationInput(
        activity=criterion.activity, date=day, criteria=[criterion], kind="contact", **values
    )
    return save_registration(plan, data, user=user, confirmed_duplicate=True)


# --- Partner --------------------------------------------------------------------------------


def test_the_partners_missing_list_is_its_part_of_missing_data_for_the_meetings_tertial(
    client, plan, today, steering_meeting, partner
):
    response = login(client, "partner").get("/")
    shown = [row.criterion.id for _, rows in response.context["partner"].activities for row in rows]
    tertial = followed_up_tertial(plan, datetime.date(2018, 1, 25))
    groups = dict(missing_data(plan_progress(plan, TODAY), tertial))
    assert shown == [row.criterion.id for row in groups["Randers Produktionshøjskole"]]
    assert len(shown) == 2
    text = main_text(response)
    assert "Styregruppen holder møde torsdag 25. januar 2018 (om 10 dage)." in text
    assert "Mødet følger op på tertial 2017/18-T2 (1. oktober 2017 – 31. januar 2018)." in text
    assert "2 succeskriterier mangler data fra Randers Produktionshøjskole." in text


def test_a_criterion_registered_in_the_tertial_leaves_the_partners_missing_list(
    client, plan, today, steering_meeting, partner
):
    register(plan, "udd-tilbud-tilknyttet-vaerksteder", datetime.date(2018, 1, 10), codes=["U-1"])
    response = login(client, "partner").get("/")
    shown = [
        row.criterion.key for _, rows in response.context["partner"].activities for row in rows
    ]
    assert shown == ["udd-tilbud-overgang-ungdomsuddannelse"]
    groups = dict(missing_data(plan_progress(plan, TODAY), followed_up_tertial(plan, TODAY)))
    assert [row.criterion.key for row in groups["Randers Produktionshøjskole"]] == shown
    assert "1 succeskriterium mangler data fra Randers Produktionshøjskole." in main_text(response)


def test_the_partner_gets_a_register_button_for_each_of_its_activities(
    client, plan, today, partner
):
    html = login(client, "partner").get("/").content.decode()
    create = reverse("registrations:create", args=[SLUG, "uddannelsestilbud-for-unge"])
    assert f'<a class="button" href="{create}">Registrér' in html
    assert html.count('class="button" href="/planer/') == 1  # the school has one activity


def test_the_partner_sees_neither_other_partners_nor_reminders_nor_the_beredskab(
    client, plan, today, steering_meeting, partner
):
    response = login(client, "partner").get("/")
    html = response.content.decode()
    assert response.context["part"] == "partner"
    for other in ("Nørrevangsskolen", "Randers Bibliotek", "Sundhedsplejen"):
        assert other not in html
    assert "Send påmindelse" not in html
    assert "Beredskab" not in html
    assert "status-chart" not in html
    assert "Venter på beslutning" not in html


def test_without_a_steering_group_meeting_the_partner_sees_the_current_tertials_gaps(
    client, plan, today, partner
):
    text = main_text(login(client, "partner").get("/"))
    assert "Der er endnu ikke planlagt et styregruppemøde." in text
    assert "det løbende tertial 2017/18-T2" in text
    assert "2 succeskriterier mangler data" in text


def test_the_partners_latest_registrations_are_its_own_newest_first_and_ten_at_most(
    client, plan, today, partner, medarbejder
):
    own = [
        register(
            plan,
            "udd-tilbud-tilknyttet-vaerksteder",
            datetime.date(2017, 12, 1),
            partner,
            codes=[f"U-{n}"],
        )
        for n in range(11)
    ]
    register(
        plan,
        "udd-tilbud-tilknyttet-vaerksteder",
        datetime.date(2017, 12, 2),
        medarbejder,
        codes=["M-1"],
    )
    response = login(client, "partner").get("/")
    listed = [r.pk for r in response.context["partner"].registrations]
    assert listed == [r.pk for r in own[::-1][:10]]
    html = response.content.decode()
    assert reverse("registrations:detail", args=[SLUG, own[-1].pk]) in html
    assert reverse("registrations:detail", args=[SLUG, own[0].pk]) not in html


def test_a_partner_without_registrations_is_told_to_make_the_first(client, plan, today, partner):
    assert "Du har ikke selv registreret noget endnu. Registrér med knappen «Registrér»" in (
        main_text(login(client, "partner").get("/"))
    )


# --- Secretariat and staff ------------------------------------------------------------------


def test_the_secretariat_sees_the_tertials_status_as_a_chart_with_a_table_beside_it(
    client, plan, today, sekretariat
):
    register(plan, "hotspot-kontakt", datetime.date(2017, 11, 1), codes=["K-1", "K-2"])
    response = login(client, "sekretariat").get("/")
    html = response.content.decode()
    assert '<svg class="status-chart__svg"' in html and 'role="img"' in html
    label = re.search(r'role="img" aria-label="([^"]+)"', html).group(1)
    assert label.startswith("Søjlediagram over succeskriterier pr. status")
    progress = plan_progress(plan, TODAY)
    counts = Counter(
        (row.criterion.activity.focus_area.key, row.status) for row in progress.criteria
    )
    chart = response.context["staff"].chart
    for bar in chart.bars:
        for code, count in bar.counts.items():
            assert count == counts[(bar.key, code)]
    # HotSpot's focus area now has one criterion with data; every bar's part has a <title>.
    focus = plan.success_criteria.get(key="hotspot-kontakt").activity.focus_area
    bar = next(bar for bar in chart.bars if bar.key == focus.key)
    assert bar.counts["no_data"] == bar.total - 1
    assert f"<title>{bar.label}: {bar.total - 1} mangler data</title>" in html
    assert len(chart.statuses) == 2  # "mangler data" and the status of hotspot-kontakt
    # The table says the same in text, with the status in words.
    table = html.split('id="status-tabel"', 1)[1].split("</table>", 1)[0]
    assert ">mangler data</span>" in table
    assert '<td class="num">43</td>' in table  # the total of all criteria
    assert "Status i tertial 2017/18-T2" in main_text(response)


def test_the_secretariat_sees_partners_lacking_data_the_next_meetings_milestones_and_beredskab(
    client, plan, today, steering_meeting, board_meeting, sekretariat
):
    Milestone.objects.create(
        plan=plan,
        activity=plan.activities.get(key="uddannelsestilbud-for-unge"),
        month=datetime.date(2017, 11, 1),
        title="Værkstedet åbner",
    )
    response = login(client, "sekretariat").get("/")
    text = main_text(response)
    assert "Næste styregruppemøde er torsdag 25. januar 2018 (om 10 dage)" in text
    assert "8 partnere mangler data i tertial 2017/18-T2" in text
    assert "Randers Produktionshøjskole 2 Ingen modtager med e-mailadresse." in text
    members = reverse("governance:members", args=[SLUG, "styregruppe"])
    assert f'href="{members}"' in response.content.decode()
    assert "torsdag 25. januar 2018 kl. 16.00: Styregruppen" in text
    assert "mandag 12. marts 2018 kl. 16.00: Bestyrelsen" in text
    assert "1 milepæl er ikke nået" in text and "Værkstedet åbner" in text
    assert "Beredskabet er ikke klar" in text


def test_staff_see_the_next_five_meetings_of_every_body(
    client, plan, today, board_meeting, medarbejder
):
    group = plan.bodies.get(key="politisk-foelgegruppe")
    for day in range(1, 7):
        Meeting.objects.create(plan=plan, body=group, starts_at=at(2018, 2, day))
    Meeting.objects.create(plan=plan, body=group, starts_at=at(2018, 1, 10))  # before today
    meetings = login(client, "medarbejder").get("/").context["staff"].meetings
    assert [m.starts_at.date() for m in meetings] == [
        datetime.date(2018, 2, d) for d in range(1, 6)
    ]


def test_a_medarbejder_sees_the_staff_start_page_without_the_beredskab(
    client, plan, today, steering_meeting, medarbejder
):
    response = login(client, "medarbejder").get("/")
    html = response.content.decode()
    assert response.context["part"] == "staff"
    assert "status-chart" in html and "Partnere der mangler data" in html
    assert "Beredskab" not in main_text(response)
    assert "Redigér planen" not in html  # the editor and the people page are the secretariat's


def test_a_reminder_already_sent_is_shown_with_its_time_instead_of_the_button(
    client, plan, today, steering_meeting, sekretariat
):
    from helhedsplan.governance.models import Reminder

    Reminder.objects.create(
        meeting=steering_meeting,
        organisation=plan.organisations.get(key=SCHOOL),
        recipients="partner@produktionshoejskole.dk",
    )
    text = main_text(login(client, "sekretariat").get("/"))
    assert re.search(
        r"Randers Produktionshøjskole 2 Påmindet \d+\. \w+ \d{4} kl\. \d\d\.\d\d", text
    )


# --- Steering group, board and readers ------------------------------------------------------


@pytest.fixture
def waiting(plan, steering_meeting, board_meeting):
    Recommendation.objects.create(
        plan=plan,
        from_meeting=steering_meeting,
        title="Flere værkstedspladser",
        text="Styregruppen indstiller flere pladser.",
        status=Recommendation.Status.FORWARDED,
        board_meeting=board_meeting,
    )
    Recommendation.objects.create(
        plan=plan,
        from_meeting=steering_meeting,
        title="Endnu ikke sendt videre",
        text="…",
        status=Recommendation.Status.PROPOSED,
    )
    text = criterion_change_text(plan, criterion_key="hotspot-kontakt", target="60")
    return propose(plan=plan, title="Nyt mål for HotSpot", reason="", proposed_text=text)


def test_the_board_sees_its_next_meeting_with_agenda_report_and_what_awaits_a_decision(
    client, plan, today, waiting, board_meeting, bestyrelse
):
    response = login(client, "bestyrelse").get("/")
    text = main_text(response)
    html = response.content.decode()
    assert response.context["part"] == "body"
    assert "Bestyrelsen mandag 12. marts 2018 kl. 16.00 (om 56 dage)" in text
    assert "Fremdriftsafrapportering Monitorering Ledelsesrapportering Økonomiopfølgning" in text
    report = reverse("reports:show", args=[SLUG, "monitorering"]) + "?periode=2017/18-T2"
    assert f'href="{report}">Monitoreringsrapport 2017/18-T2</a>' in html
    # Only the tertial 2017/18-T1 has ended on 15 January 2018; no plan year has.
    latest = reverse("reports:show", args=[SLUG, "fremdrift"]) + "?periode=2017/18-T1"
    assert f'href="{latest}"' in html and "Årsrapport" not in text
    assert "Flere værkstedspladser – behandles 12. marts 2018" in text
    assert "Endnu ikke sendt videre" not in text
    assert f'href="{reverse("governance:change", args=[SLUG, waiting.pk])}"' in html


def test_the_board_sees_no_participant_data_and_no_partners(
    client, plan, today, steering_meeting, board_meeting, bestyrelse
):
    register(plan, "hotspot-kontakt", datetime.date(2017, 11, 1), codes=["K-1", "K-2"])
    response = login(client, "bestyrelse").get("/")
    html = response.content.decode()
    for secret in (
        "K-1",
        "status-chart",
        "mangler data",
        "Send påmindelse",
        "Registrér",
        "Randers Produktionshøjskole",
        "Beredskab",
    ):
        assert secret not in html, secret


def test_after_a_plan_year_the_latest_reports_include_its_aarsrapport(
    client, plan, monkeypatch, bestyrelse
):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2018, 7, 1)
    )
    reports = login(client, "bestyrelse").get("/").context["body"].reports
    assert [(r.kind, r.period) for r in reports] == [
        ("fremdrift", "2017/18-T3"),
        ("fremdrift", "2017/18-T2"),
        ("fremdrift", "2017/18-T1"),
        ("aarsrapport", "2017/18"),
    ]


def test_the_steering_group_sees_its_own_meeting_not_the_boards(
    client, plan, today, steering_meeting, board_meeting, styregruppe
):
    body = login(client, "styregruppe").get("/").context["body"]
    assert body.next_meeting.meeting == steering_meeting
    assert body.report.kind == "fremdrift" and body.report.period == "2017/18-T1"


def test_a_reader_sees_the_next_meeting_of_the_board_or_the_political_group(
    client, plan, today, steering_meeting, board_meeting, laeser
):
    political = Meeting.objects.create(
        plan=plan, body=plan.bodies.get(key="politisk-foelgegruppe"), starts_at=at(2018, 2, 20)
    )
    response = login(client, "laeser").get("/")
    assert response.context["body"].next_meeting.meeting == political
    assert "Næste møde i bestyrelsen eller den politiske følgegruppe" in main_text(response)
    political.status = Meeting.Status.CANCELLED
    political.save()
    assert login(client, "laeser").get("/").context["body"].next_meeting.meeting == board_meeting


# --- Every role -----------------------------------------------------------------------------

ROLES = ["sekretariat", "medarbejder", "partner", "styregruppe", "bestyrelse", "laeser"]
PARTS = {
    "sekretariat": "staff",
    "medarbejder": "staff",
    "partner": "partner",
    "styregruppe": "body",
    "bestyrelse": "body",
    "laeser": "body",
}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_the_plans_start_page_with_a_link_to_the_overview(
    client, plan, today, role
):
    organisation = plan.organisations.get(key=SCHOOL) if role == Role.PARTNER else None
    ensure_member(plan=plan, username=role, role=role, password=PASSWORD, organisation=organisation)
    response = login(client, role).get(START)
    assert response.status_code == 200
    assert response.context["part"] == PARTS[role]
    html = response.content.decode()
    assert "<h1>Start: Boligsocial helhedsplan for Randers Nordby 2017-21</h1>" in html
    assert '<p class="lead">' in html
    assert f'href="{reverse("plans:overview", args=[SLUG])}">Se hele planen (overblik)</a>' in html
    assert "Planen er et udkast" not in html


def test_an_outsider_gets_404_and_an_anonymous_visitor_the_login(client, plan, outsider):
    assert client.get(START).status_code == 302
    assert client.get(START)["Location"].startswith(reverse("login"))
    assert login(client, "outsider").get(START).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_plan_without_meetings_or_focus_areas_still_has_a_start_page(
    client, empty_plan, today, role
):
    ensure_member(plan=empty_plan, username=role, role=role, password=PASSWORD)
    response = login(client, role).get(reverse("workspace:start", args=[empty_plan.slug]))
    assert response.status_code == 200
    text = main_text(response)
    assert "Planen er et udkast." in text
    expected = {
        "staff": "Planen har endnu ingen indsatsområder",
        "partner": "ikke knyttet til en organisation",
        "body": "Der er ikke planlagt et kommende møde",
    }[PARTS[role]]
    assert expected in text
    if PARTS[role] == "staff":
        assert "Der er ikke planlagt et kommende styregruppemøde" in text
        assert "Der er ingen kommende møder" in text
        assert "Ingen milepæle er forsinkede." in text
    if PARTS[role] == "body":
        assert "Ingen indstillinger eller ændringsforslag venter på en beslutning." in text


def test_the_secretariat_of_a_draft_gets_links_to_the_editor_and_the_people(
    client, empty_plan, today
):
    ensure_member(plan=empty_plan, username="chef", role=Role.SEKRETARIAT, password=PASSWORD)
    html = login(client, "chef").get(reverse("workspace:start", args=[empty_plan.slug]))
    html = html.content.decode()
    assert f'href="/planer/{empty_plan.slug}/rediger/"' in html
    assert f'href="/planer/{empty_plan.slug}/personer/"' in html
