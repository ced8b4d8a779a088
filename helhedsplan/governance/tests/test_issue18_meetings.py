"""Issue 18, points 4 and 5: a meeting has its agenda from the moment it is planned, by every path
that plans one, and the migration fills in the older ones; the meeting page links the report it
follows up on, asks for a past meeting to be marked held or cancelled, and offers downloads only
for what exists; the meeting list is filtered by body, the user's own bodies first."""

import datetime
import importlib
import io
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import parse_period
from helhedsplan.core.testing import read_form
from helhedsplan.documents.document import Items
from helhedsplan.governance import documents
from helhedsplan.governance.agenda import FIXED_ITEMS
from helhedsplan.governance.calendar import TZ, propose_year, save_proposals
from helhedsplan.governance.models import AgendaItem, Meeting
from helhedsplan.governance.notices import raise_notice
from helhedsplan.governance.tests.test_meetings import act

SLUG = "randers-nordby-2017-21"
BOARD_ITEMS = FIXED_ITEMS["board"]
STEERING_ITEMS = FIXED_ITEMS["steering_group"]
INDEX = reverse("governance:index", args=[SLUG])


def log_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def at(*day, hour=16):
    return timezone.make_aware(datetime.datetime(*day, hour))


def planned(plan, key, day, status=Meeting.Status.PLANNED):
    return Meeting.objects.create(
        plan=plan, body=plan.bodies.get(key=key), starts_at=at(*day), status=status
    )


def url(meeting):
    return reverse("governance:meeting", args=[SLUG, meeting.pk])


def listed_bodies(page: str) -> set[str]:
    return set(re.findall(r"\d+\. \w+ \d{4}: ([^<]+)</a>", page))


def titles(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("title", flat=True))


# --- point 4: the agenda exists from the moment a meeting is planned ------------------------


def test_a_meeting_created_in_code_has_its_fixed_items_and_report_before_anyone_opens_it(plan):
    board = planned(plan, "bestyrelse", (2019, 3, 12))
    group = planned(plan, "styregruppe", (2018, 10, 16))
    absence = planned(plan, "fravaersteam", (2018, 10, 16))
    assert titles(board) == BOARD_ITEMS
    assert all(board.agenda_items.values_list("fixed", flat=True))
    assert (board.report_kind, board.report_period) == ("monitorering", "2018/19-T2")
    assert titles(group) == STEERING_ITEMS
    assert (group.report_kind, group.report_period) == ("fremdrift", "2018/19-T1")
    # A working group has no fixed items in the kommissorium, and no report.
    assert titles(absence) == [] and absence.report_kind == ""


def test_the_calendars_saved_proposals_have_their_agendas(plan):
    year = parse_period("2018/19", plan.start, plan.end)
    created = save_proposals(plan, year, propose_year(plan, year)).created
    boards = [m for m in created if m.body.kind == "board"]
    groups = [m for m in created if m.body.key == "styregruppe"]
    assert boards and groups
    for meeting in boards:
        assert titles(meeting) == BOARD_ITEMS and meeting.report_kind == "monitorering"
    for meeting in groups:
        assert titles(meeting) == STEERING_ITEMS and meeting.report_kind == "fremdrift"


def test_the_calendar_pages_proposal_saves_meetings_with_agendas(client, plan, sekretariat):
    log_in(client, sekretariat)
    client.post(reverse("governance_calendar:propose", args=[SLUG, "2018-19"]))
    board = Meeting.objects.filter(plan=plan, body__kind="board").first()
    assert board is not None and titles(board) == BOARD_ITEMS


def test_the_extraordinary_meeting_of_a_notice_has_the_boards_fixed_items(client, plan, bestyrelse):
    result = raise_notice(plan=plan, user=bestyrelse, subject="Sag", text="Forholdet.")
    assert titles(result.notice.meeting) == BOARD_ITEMS
    log_in(client, bestyrelse)
    client.post(
        reverse("governance_notices:create", args=[SLUG]),
        {"subject": "En sag mere", "text": "Et forhold af betydning for planen."},
    )
    meetings = Meeting.objects.filter(plan=plan, extraordinary=True)
    assert meetings.count() == 2
    assert all(titles(m) == BOARD_ITEMS for m in meetings)


def test_a_board_member_sees_the_agenda_of_a_meeting_no_staff_has_opened(client, plan, bestyrelse):
    board = planned(plan, "bestyrelse", (2019, 3, 12))
    page = log_in(client, bestyrelse).get(url(board)).content.decode()
    agenda = page.split('id="dagsorden"')[1].split("</section>")[0]
    for title in BOARD_ITEMS:
        assert title in agenda
    assert "ingen punkter" not in agenda.lower()


def test_moving_a_meeting_in_the_calendar_moves_the_report_it_follows_up_on(
    client, plan, sekretariat
):
    board = planned(plan, "bestyrelse", (2019, 3, 12))
    assert board.report_period == "2018/19-T2"
    edit = reverse("governance_calendar:edit", args=[SLUG, board.pk])
    log_in(client, sekretariat)
    client.post(
        edit,
        {"date": "2019-06-12", "time": "16:00", "duration_minutes": "120", "status": "planned"}
        | read_form(client, edit),
    )
    board.refresh_from_db()
    assert board.starts_at.astimezone(TZ).date() == datetime.date(2019, 6, 12)
    assert (board.report_kind, board.report_period) == ("monitorering", "2018/19-T3")
    assert titles(board) == BOARD_ITEMS  # the agenda is not made twice


def test_the_data_migration_fills_the_agendas_of_meetings_saved_before(plan):
    board = planned(plan, "bestyrelse", (2021, 3, 17))
    group = planned(plan, "styregruppe", (2018, 10, 16))
    kept = planned(plan, "bestyrelse", (2019, 3, 12))
    # As saved before: no items, no report (the old path filled them when staff opened it).
    AgendaItem.objects.filter(meeting__in=[board, group]).delete()
    Meeting.objects.filter(pk__in=[board.pk, group.pk]).update(report_kind="", report_period="")
    own = AgendaItem.objects.create(meeting=kept, order=9, title="Eget punkt")
    before = AgendaItem.objects.filter(meeting=kept).count()

    migration = importlib.import_module("helhedsplan.governance.migrations.0002_fill_agendas")
    migration.fill_agendas(apps, None)

    board.refresh_from_db()
    group.refresh_from_db()
    assert titles(board) == BOARD_ITEMS
    assert (board.report_kind, board.report_period) == ("monitorering", "2020/21-T2")
    assert titles(group) == STEERING_ITEMS
    assert (group.report_kind, group.report_period) == ("fremdrift", "2018/19-T1")
    # A meeting that had an agenda is left as it was.
    assert AgendaItem.objects.filter(meeting=kept).count() == before
    assert AgendaItem.objects.filter(pk=own.pk).exists()
    # Run again: nothing doubles.
    migration.fill_agendas(apps, None)
    assert titles(board) == BOARD_ITEMS


# --- point 4: the report it follows up on is a link -----------------------------------------


def test_the_report_a_meeting_follows_up_on_is_linked_by_its_name(client, plan, bestyrelse):
    board = planned(plan, "bestyrelse", (2019, 3, 12))
    page = log_in(client, bestyrelse).get(url(board)).content.decode()
    report = reverse("reports:show", args=[SLUG, "monitorering"])
    link = re.search(rf'<a href="{re.escape(report)}\?periode=([^"]+)">([^<]+)</a>', page)
    assert link is not None
    assert link.groups() == ("2018/19-T2", "Monitoreringsrapport 2018/19-T2")
    assert "Mødet følger op på" in page
    assert f'href="{report}?periode=2018/19-T2&amp;format=pdf"' in page
    assert f'href="{report}?periode=2018/19-T2&amp;format=docx"' in page
    # The linked page is the report.
    assert client.get(f"{report}?periode=2018/19-T2").status_code == 200


def test_the_agenda_document_names_the_report_with_its_address(plan):
    board = planned(plan, "bestyrelse", (2019, 3, 12))
    report = documents.agenda_document(board)
    bilag = next(s for s in report.sections if s.heading == "Bilag")
    [text] = next(b for b in bilag.blocks if isinstance(b, Items)).items
    assert text.startswith("Mødet følger op på: Monitoreringsrapport 2018/19-T2 (http")
    assert reverse("reports:show", args=[SLUG, "monitorering"]) + "?periode=2018%2F19-T2" in text


# --- point 4: a past meeting is asked to be marked held or cancelled -------------------------

PROMPT = "Blev mødet holdt?"


def test_a_past_proposed_meeting_asks_staff_to_mark_it_held_or_cancelled(client, plan, sekretariat):
    board = planned(plan, "bestyrelse", (2021, 3, 17), status=Meeting.Status.PROPOSED)
    page = log_in(client, sekretariat).get(url(board)).content.decode()
    assert PROMPT in page and "står stadig som «foreslået»" in page
    form = page.split('id="udfald"')[1].split("</form>")[0]
    assert 'method="post"' in form and f'action="{act(board, "outcome")}"' in form
    assert 'name="status" value="held">Marker som afholdt</button>' in form
    assert 'name="status" value="cancelled">Marker som aflyst</button>' in form

    response = client.post(act(board, "outcome"), {"status": "held"}, follow=True)
    board.refresh_from_db()
    assert board.status == Meeting.Status.HELD and board.changed_by == sekretariat
    text = response.content.decode()
    assert "Mødet er markeret som afholdt" in text and PROMPT not in text


def test_a_past_planned_meeting_can_be_marked_cancelled(client, plan, medarbejder):
    group = planned(plan, "styregruppe", (2020, 10, 13))
    log_in(client, medarbejder)
    assert PROMPT in client.get(url(group)).content.decode()
    client.post(act(group, "outcome"), {"status": "cancelled"})
    group.refresh_from_db()
    assert group.status == Meeting.Status.CANCELLED
    assert PROMPT not in client.get(url(group)).content.decode()


def test_a_meeting_already_marked_or_still_ahead_is_not_changed_by_the_prompt(
    client, plan, sekretariat
):
    held = planned(plan, "bestyrelse", (2020, 3, 17), status=Meeting.Status.HELD)
    ahead = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=timezone.now() + datetime.timedelta(days=30),
    )
    log_in(client, sekretariat)
    assert PROMPT not in client.get(url(held)).content.decode()
    assert PROMPT not in client.get(url(ahead)).content.decode()
    client.post(act(held, "outcome"), {"status": "cancelled"})
    client.post(act(ahead, "outcome"), {"status": "held"})
    held.refresh_from_db()
    ahead.refresh_from_db()
    assert held.status == Meeting.Status.HELD
    assert ahead.status == Meeting.Status.PROPOSED
    assert client.post(act(held, "outcome"), {"status": "x"}).status_code == 404


def test_readers_are_told_but_cannot_mark_a_past_meeting(client, plan, bestyrelse):
    board = planned(plan, "bestyrelse", (2021, 3, 17), status=Meeting.Status.PROPOSED)
    page = log_in(client, bestyrelse).get(url(board)).content.decode()
    assert PROMPT in page and "Sekretariatet har endnu ikke markeret det" in page
    assert act(board, "outcome") not in page
    response = client.post(act(board, "outcome"), {"status": "held"})
    assert response.status_code == 404
    board.refresh_from_db()
    assert board.status == Meeting.Status.PROPOSED


def test_the_meeting_list_says_which_past_meetings_are_not_marked(client, plan, sekretariat):
    planned(plan, "bestyrelse", (2021, 3, 17), status=Meeting.Status.PROPOSED)
    planned(plan, "bestyrelse", (2020, 3, 17), status=Meeting.Status.HELD)
    page = log_in(client, sekretariat).get(INDEX, {"organ": "alle"}).content.decode()
    assert "1 tidligere møde står stadig som foreslået eller planlagt" in page
    assert page.count("mangler at blive markeret afholdt eller aflyst") == 1


# --- point 4: downloads only for what exists ------------------------------------------------


def test_minutes_downloads_are_offered_only_when_minutes_exist(client, plan, sekretariat):
    board = planned(plan, "bestyrelse", (2019, 3, 12))
    log_in(client, sekretariat)
    page = client.get(url(board)).content.decode()
    assert "dokument=referat" not in page
    assert f'href="{url(board)}?format=pdf"' in page  # the agenda is there
    for file_format in ("pdf", "docx"):
        response = client.get(url(board), {"format": file_format, "dokument": "referat"})
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
        assert "Mødet har intet referat endnu" in response.content.decode()

    client.post(
        act(board, "minutes"),
        {"referat-minutes": "Referatets tekst."} | read_form(client, url(board)),
    )
    page = client.get(url(board)).content.decode()
    assert f'href="{url(board)}?format=pdf&amp;dokument=referat"' in page
    assert f'href="{url(board)}?format=docx&amp;dokument=referat"' in page
    response = client.get(url(board), {"format": "pdf", "dokument": "referat"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Referatets tekst." in text and "ikke skrevet" not in text


def test_an_agenda_without_items_is_not_offered_for_download(client, plan, partner):
    absence = planned(plan, "fravaersteam", (2018, 10, 16))
    page = log_in(client, partner).get(url(absence)).content.decode()
    assert "?format=pdf" not in page and "?format=docx" not in page
    assert "Der er ingen punkter på dagsordenen endnu." in page
    response = client.get(url(absence), {"format": "pdf"})
    assert response.status_code == 404
    assert "Mødet har ingen dagsorden endnu" in response.content.decode()


# --- point 4 and 5 in the running demo ------------------------------------------------------


def test_the_running_demo_has_held_meetings_with_minutes_decisions_and_one_recommendation(
    client, plan
):
    """Makes the running demo plan (a few seconds): the path the issue was seen on."""
    from helhedsplan.demo.running import make_running_demo
    from helhedsplan.demo.users import create_demo_users
    from helhedsplan.governance.models import Decision, Recommendation

    today = datetime.date(2026, 12, 7)
    create_demo_users(plan=plan, password=PASSWORD)
    running = make_running_demo(source=plan, today=today).plan
    meetings = Meeting.objects.filter(plan=running).select_related("body")
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    assert held and not any(m.awaits_outcome(at(*today.timetuple()[:3], hour=0)) for m in held)
    for meeting in held:
        assert meeting.minutes.strip()
        assert titles(meeting) == FIXED_ITEMS.get(meeting.body.kind, [])
    boards = [m for m in held if m.body.kind == "board"]
    groups = [m for m in held if m.body.key == "styregruppe"]
    assert boards and groups
    # Each held meeting that follows up on a report took note of it (the first meeting of the
    # plan, before its first tertial has ended, follows up on none).
    with_report = [m for m in boards + groups if m.report_kind]
    assert len(with_report) >= len(boards + groups) - 1
    for meeting in with_report:
        assert "til efterretning" in meeting.decisions.first().text
    group = next(m for m in groups if m.report_kind)
    decision = Decision.objects.filter(meeting=group).get()
    assert decision.text.startswith(
        f"Styregruppen tog fremdriftsrapporten for {group.report_period} til efterretning."
    )
    assert f"gennemgik fremdriftsrapporten for {group.report_period}" in group.minutes
    awaiting = Recommendation.objects.filter(
        plan=running, status=Recommendation.Status.FORWARDED, decision__isnull=True
    )
    assert awaiting.count() == 1
    assert timezone.localtime(awaiting.get().board_meeting.starts_at).date() >= today

    # The board member's page: its own body first and shown; a held meeting's minutes offered.
    index = reverse("governance:index", args=[running.slug])
    log_in(client, get_user_model().objects.get(username="bestyrelse"))
    page = client.get(index).content.decode()
    assert "Viser møder for: <strong>Bestyrelsen</strong>" in page
    assert listed_bodies(page) == {"Bestyrelsen"}
    board_page = reverse("governance:meeting", args=[running.slug, boards[-1].pk])
    meeting_page = client.get(board_page).content.decode()
    assert f'href="{board_page}?format=pdf&amp;dokument=referat"' in meeting_page
    assert "Blev mødet holdt?" not in meeting_page
    assert "Mødet følger op på" in meeting_page
