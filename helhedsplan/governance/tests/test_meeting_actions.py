"""The meeting page is read with GET and changed through one POST view per thing done on it:
the page itself takes no POST, an action no GET, showing the page writes nothing, and a new
agenda item takes the number after the highest, also after an item was deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import AgendaItem, Meeting
from helhedsplan.governance.tests.test_meetings import ACTIONS, act, meeting, url

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_the_page_takes_no_post_and_an_action_no_get(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    client.login(username="sekretariat", password=PASSWORD)
    assert client.post(url(board), {"action": "minutes"}).status_code == 405
    for action in ("add_item", "outcome", "minutes", "decision", "recommendation"):
        assert client.get(act(board, action)).status_code == 405, action
    assert set(ACTIONS) >= {"forward", "decide"}


def test_showing_a_meeting_writes_nothing(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    # A meeting saved without its fixed items (before Meeting.save() added them) stays so.
    AgendaItem.objects.filter(meeting=board).delete()
    client.login(username="sekretariat", password=PASSWORD)
    client.get(url(board))  # the session's first write is the login's, not the page's
    for query in ({}, {"format": "pdf", "dokument": "referat"}):
        with CaptureQueriesContext(connection) as queries:
            client.get(url(board), query)
        written = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]
        ]
        assert written == [], written
    assert not board.agenda_items.exists()


def test_a_new_item_follows_the_highest_number(client, plan, sekretariat):
    board = meeting(plan, "bestyrelse", (2019, 3, 12))
    fixed = list(board.agenda_items.order_by("order"))
    assert len(fixed) >= 2
    fixed[0].delete()  # count() + 1 would now repeat the last number
    client.login(username="sekretariat", password=PASSWORD)
    for title in ("Første", "Andet"):
        assert client.post(act(board, "add_item"), {"punkt-title": title}).status_code == 302
    orders = list(board.agenda_items.order_by("order").values_list("order", flat=True))
    assert len(orders) == len(set(orders))
    assert board.agenda_items.get(title="Første").order == fixed[-1].order + 1
    assert board.agenda_items.get(title="Andet").order == fixed[-1].order + 2


@pytest.mark.parametrize("action", ["add_item", "decision", "recommendation", "minutes"])
def test_a_form_with_errors_shows_the_meeting_page_with_them(client, plan, sekretariat, action):
    group = meeting(plan, "styregruppe", (2019, 2, 19))
    client.login(username="sekretariat", password=PASSWORD)
    data = {"referat-minutes": "Barn 010203-1234 deltog."} if action == "minutes" else {}
    response = client.post(act(group, action), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dagsorden" in page and "field--error" in page
    assert Meeting.objects.get(pk=group.pk).minutes == ""
