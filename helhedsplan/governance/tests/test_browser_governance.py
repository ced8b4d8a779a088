"""The governance pages in a real Chromium: axe-core finds nothing serious."""

import datetime

import pytest
from django.utils import timezone

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting
from helhedsplan.governance.services import criterion_change_text, propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"


def test_governance_pages_have_no_serious_accessibility_violations(
    live_server, page, plan, sekretariat
):
    board = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 16)),
    )
    group = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="styregruppe"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 2, 19, 9)),
    )
    text = criterion_change_text(plan, criterion_key="hotspot-kontakt", target="60")
    change = propose(plan=plan, title="Nyt mål", reason="", proposed_text=text)
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    problems = {}
    for path in [
        f"/planer/{SLUG}/moeder/",
        f"/planer/{SLUG}/moeder/{board.pk}/",
        f"/planer/{SLUG}/moeder/{group.pk}/",
        f"/planer/{SLUG}/moeder/aendringer/",
        f"/planer/{SLUG}/moeder/aendringer/{change.pk}/",
        f"/planer/{SLUG}/aftaler/",
        f"/planer/{SLUG}/aftaler/sub_agreement/?delaftale=kriminalpraeventiv-indsats",
        f"/planer/{SLUG}/organer/styregruppe/medlemmer/",
        f"/planer/{SLUG}/moeder/underretning/ny/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        if found := serious_violations(page):
            problems[path] = found
    assert problems == {}
