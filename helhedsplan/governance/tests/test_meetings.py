"""A meeting: the kommissorium's fixed items and the report, minutes with attendance, decisions,
and a recommendation from the steering group to the board; agenda and minutes as PDF and Word."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.governance.models import Attendance, Decision, Meeting, Recommendation

SLUG = "randers-nordby-2017-21"


def meeting(plan, key, day):
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key=key),
        starts_at=timezone.make_aware(datetime.datetime(*day, 16)),
        status=Meeting.Status.PLANNED,
        location="Bysekretariatet",
    )


def url(item):
    return reverse("governance:meeting", args=[SLUG, item.pk])


ACTIONS = {
    "add_item": "meeting_item",
    "outcome": "meeting_outcome",
    "minutes": "meeting_minutes",
    "decision": "meeting_decision",
    "recommendation": "meeting_recommendation",
    "forward": "recommendation_forward",
    "decide": "recommendation_decide",
}


def act(item, action):
    """The POST view of one thing done on the meeting page (`item`: the meeting, or the
    recommendation for «forward» and «decide»)."""
    return reverse(f"governance:{ACTIONS[action]}", args=[SLUG, item.pk])


def test_a_board_agenda_has_the_fixed_items_and_the_monitoring_report(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="sekretariat", password=PASSWORD)
    page = client.get(url(board)).content.decode()
    for item in (
        "Fremdriftsafrapportering",
        "Monitorering",
        "Ledelsesrapportering",
        "Økonomiopfølgning",
    ):
        assert item in page
    board.refresh_from_db()
    assert (board.report_kind, board.report_period) == ("monitorering", "2018/19-T2")
    assert "periode=2018/19-T2" in page


def test_a_steering_group_agenda_gets_the_fremdriftsrapport_of_the_last_tertial(
    client, plan, sekretariat
):
    group = meeting(plan, "styregruppe", (2018, 10, 16))
    client.login(username="sekretariat", password=PASSWORD)
    page = client.get(url(group)).content.decode()
    assert "Nyt fra deltagerne" in page and "Koordinering" in page
    group.refresh_from_db()
    assert (group.report_kind, group.report_period) == ("fremdrift", "2018/19-T1")


def test_minutes_attendance_and_decisions_are_kept(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    members = list(board.body.members.all())
    client.login(username="sekretariat", password=PASSWORD)
    client.post(
        act(board, "minutes"),
        {
            "referat-minutes": "Godt møde.",
            "til_stede": [members[0].pk, members[1].pk],
        }
        | read_form(client, url(board)),
    )
    board.refresh_from_db()
    assert board.minutes == "Godt møde." and board.status == "held"
    assert Attendance.objects.filter(meeting=board, present=True).count() == 2
    assert Attendance.objects.filter(meeting=board, present=False).count() == len(members) - 2
    client.post(
        act(board, "decision"),
        {
            "beslutning-text": "Budgettet godkendes.",
            "beslutning-consensus": "on",
        },
    )
    assert Decision.objects.get().consensus
    client.post(act(board, "add_item"), {"punkt-title": "Årskonference"})
    assert board.agenda_items.filter(title="Årskonference", fixed=False).exists()


def test_a_cpr_number_in_the_minutes_is_refused(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="sekretariat", password=PASSWORD)
    page = client.post(
        act(board, "minutes"), {"referat-minutes": "Barn 010203-1234 deltog."}
    ).content.decode()
    assert "CPR" in page
    board.refresh_from_db()
    assert board.minutes == ""


def test_a_recommendation_goes_from_the_steering_group_to_the_board_agenda_and_is_decided(
    client, plan, sekretariat
):
    group = meeting(plan, "styregruppe", (2019, 2, 19))
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="sekretariat", password=PASSWORD)
    client.post(
        act(group, "recommendation"),
        {
            "indstilling-title": "Flere lektiecaféer",
            "indstilling-text": "Styregruppen indstiller …",
        },
    )
    item = Recommendation.objects.get()
    assert item.status == "proposed"
    client.post(act(item, "forward"), {"board_meeting": board.pk})
    item.refresh_from_db()
    assert item.status == "forwarded" and item.board_meeting == board
    assert "Indstilling fra styregruppen" in client.get(url(board)).content.decode()

    agenda = client.get(url(board), {"format": "pdf"})
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(agenda.content)).pages)
    assert "Dagsorden: Bestyrelsen" in text and "Flere lektiecaféer" in text

    client.post(act(item, "decide"), {"text": "Bestyrelsen tiltræder.", "consensus": "1"})
    item.refresh_from_db()
    assert item.status == "decided" and item.decision.meeting == board and item.decision.consensus


def test_minutes_download_as_word(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="sekretariat", password=PASSWORD)
    client.post(
        act(board, "minutes"),
        {"referat-minutes": "Referatets tekst."} | read_form(client, url(board)),
    )
    response = client.get(url(board), {"format": "docx", "dokument": "referat"})
    from docx import Document

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Referat: Bestyrelsen" in text and "Referatets tekst." in text
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")][:2] == [
        "Deltagere",
        "Dagsorden",
    ]


def test_readers_see_the_meeting_but_cannot_change_it(client, plan, bestyrelse, outsider):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="bestyrelse", password=PASSWORD)
    page = client.get(url(board)).content.decode()
    assert "Bestyrelsen" in page and "Gem referat" not in page
    assert client.post(act(board, "minutes"), {"referat-minutes": "x"}).status_code == 404
    client.login(username="outsider", password=PASSWORD)
    assert client.get(url(board)).status_code == 404


def test_correcting_the_minutes_keeps_a_member_who_has_since_left(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    members = list(board.body.members.all())
    client.login(username="sekretariat", password=PASSWORD)
    client.post(
        act(board, "minutes"),
        {
            "referat-minutes": "Første udgave.",
            "til_stede": [m.pk for m in members],
        }
        | read_form(client, url(board)),
    )
    left = members[0]
    name = str(left)
    left.delete()
    client.post(
        act(board, "minutes"),
        {
            "referat-minutes": "Rettet.",
            "til_stede": [m.pk for m in members[1:]],
        }
        | read_form(client, url(board)),
    )
    assert board.attendance.count() == len(members)
    assert board.attendance.filter(name=name, present=True).exists()


def test_a_recommendation_is_decided_once(client, plan, sekretariat):
    group = meeting(plan, "styregruppe", (2019, 2, 19))
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="sekretariat", password=PASSWORD)
    client.post(
        act(group, "recommendation"),
        {"indstilling-title": "Mere", "indstilling-text": "Tekst"},
    )
    item = Recommendation.objects.get()
    client.post(act(item, "decide"), {"text": "For tidligt."})
    assert not Decision.objects.exists()  # not yet sent to the board
    client.post(act(item, "forward"), {"board_meeting": board.pk})
    client.post(act(item, "decide"), {"text": "Tiltrådt.", "consensus": "1"})
    client.post(act(item, "decide"), {"text": "Igen."})
    client.post(act(item, "forward"), {"board_meeting": board.pk})
    item.refresh_from_db()
    assert list(Decision.objects.values_list("text", flat=True)) == ["Tiltrådt."]
    assert item.status == "decided"
