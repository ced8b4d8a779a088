"""Issue 18: tertial approval asks first and shows what is missing; a partner's progress shows
its own criteria by default; the drill-down names the criterion; whole counts are whole."""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from helhedsplan.accounts.access import PlanAccess
from helhedsplan.accounts.models import Role
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import parse_period
from helhedsplan.core.templatetags.hp import num
from helhedsplan.progress.services import missing_data, plan_progress
from helhedsplan.registrations.models import TertialApproval
from helhedsplan.registrations.services import RegistrationInput, save_registration

SLUG = "randers-nordby-2017-21"
APPROVE = reverse("progress:tertial_approve", args=[SLUG])
REOPEN = reverse("progress:tertial_reopen", args=[SLUG])
TODAY = datetime.date(2018, 1, 15)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_approving_without_confirmation_changes_nothing_and_lists_the_missing_criteria(
    client, plan, sekretariat, today
):
    login(client, sekretariat)
    response = client.post(APPROVE, {"tertial": "2017/18-T1", "note": "Møde"})
    assert response.status_code == 200
    assert not TertialApproval.objects.exists()
    html = response.content.decode()
    tertial_end = datetime.date(2017, 9, 30)
    progress = plan_progress(plan, tertial_end)

    groups = missing_data(progress, parse_period("2017/18-T1", plan.start, plan.end))
    rows = [row for _, group in groups for row in group]
    assert rows, "the empty demo plan misses data for every criterion"
    assert f"{len(rows)} succeskriterier mangler data i tertialet" in html
    for row in rows:
        assert row.criterion.text in html.replace("&#x27;", "'").replace("&quot;", '"')
        organisation = row.criterion.deliverer
        if organisation:
            assert organisation.name in html.replace("&amp;", "&")
    assert 'name="bekraeft" value="1"' in html
    assert 'value="Møde"' in html
    # Confirmed, the tertial is locked.
    client.post(APPROVE, {"tertial": "2017/18-T1", "note": "Møde", "bekraeft": "1"})
    approval = TertialApproval.objects.get(tertial="2017/18-T1")
    assert approval.approved and approval.note == "Møde"


def test_the_tertial_list_leads_to_the_confirmation(client, plan, sekretariat, today):
    login(client, sekretariat)
    html = client.get(reverse("progress:tertials", args=[SLUG])).content.decode()
    assert "Godkend 2017/18-T1" in html
    assert 'name="bekraeft"' not in html


def _dashboard(client, **params):
    return client.get(reverse("workspace:dashboard", args=[SLUG]), params).content.decode()


def test_a_partner_sees_only_its_own_criteria_by_default_and_can_see_all(
    client, plan, partner, today
):
    login(client, partner)
    access = PlanAccess(
        plan=plan, role=Role.PARTNER, organisation_id=partner_org(plan).pk, user_id=partner.pk
    )
    own = plan.success_criteria.filter(activity_id__in=access.activity_ids())
    other = plan.success_criteria.exclude(activity_id__in=access.activity_ids()).first()
    total = plan.success_criteria.count()
    assert 0 < own.count() < total
    html = _dashboard(client)
    assert html.count('data-label="Succeskriterium"') == own.count()
    assert f"Viser kun vores: de {own.count()} af planens {total} succeskriterier" in html
    assert f"Vis alle {total} succeskriterier</a>" in html
    assert other.activity.name not in html
    everything = _dashboard(client, vis="alle")
    assert everything.count('data-label="Succeskriterium"') == total
    assert other.activity.name in everything
    assert f"Vis kun vores ({own.count()})</a>" in everything


def test_the_secretariat_sees_all_criteria_without_a_toggle(client, plan, sekretariat, today):
    login(client, sekretariat)
    html = _dashboard(client)
    assert html.count('data-label="Succeskriterium"') == plan.success_criteria.count()
    assert "Vis kun vores" not in html and "Viser kun vores" not in html


def test_the_drill_down_names_the_criterion_by_its_text(client, plan, partner, today):
    criterion = plan.success_criteria.get(key="udd-tilbud-tilknyttet-vaerksteder")
    save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=TODAY,
            kind="contact",
            criteria=[criterion],
            codes=["U-1"],
        ),
        user=partner,
        organisation_id=partner_org(plan).pk,
    )
    login(client, partner)
    drill = f"?kriterium={criterion.key}&amp;til={TODAY:%Y-%m-%d}"
    assert drill in _dashboard(client)
    html = client.get(
        reverse("registrations:index", args=[SLUG]),
        {"kriterium": criterion.key, "til": f"{TODAY:%Y-%m-%d}"},
    ).content.decode()
    heading = html.split('<h2 id="liste">', 1)[1].split("</h2>", 1)[0]
    assert heading == f"Registreringer bag succeskriteriet «{escape(criterion.text)}»"
    assert criterion.key not in heading


def _expected(plan, key):
    row = next(r for r in plan_progress(plan, TODAY).criteria if r.criterion.key == key)
    return row


def test_the_expected_count_is_whole_and_a_share_keeps_its_decimals(
    client, plan, sekretariat, today
):
    row = _expected(plan, "hotspot-kontakt")
    assert row.expected != row.expected.to_integral_value()  # e.g. 50,74 on 15 January 2018
    assert row.expected_shown == row.expected.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    login(client, sekretariat)
    html = _dashboard(client)
    assert f'data-label="Forventet nu">{num(row.expected_shown)}</td>' in html
    assert f">{num(row.expected)}<" not in html
    fractional = [
        r
        for r in plan_progress(plan, TODAY).criteria
        if r.criterion.kind in {"share", "average", "level"} and r.expected is not None
    ]
    assert all(r.expected_shown == r.expected for r in fractional)


def test_the_progress_pdf_shows_the_expected_count_whole(client, plan, sekretariat, today):
    login(client, sekretariat)
    response = client.get(
        reverse("reports:show", args=[SLUG, "fremdrift"]),
        {"periode": "2017/18-T2", "format": "pdf"},
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    report_row = _row_at(plan, datetime.date(2018, 1, 15), "hotspot-kontakt")
    assert report_row.expected != report_row.expected.to_integral_value()
    assert num(report_row.expected) not in text
    assert num(report_row.expected_shown) in text


def _row_at(plan, day, key):
    return next(r for r in plan_progress(plan, day).criteria if r.criterion.key == key)


def partner_org(plan):
    return plan.organisations.get(key="randers-produktionshoejskole")
