"""Tertial approval locks a tertial until it is reopened; assessments and measurements in the app."""

from decimal import Decimal

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.registrations.models import Assessment, Measurement, Registration, TertialApproval

SLUG = "randers-nordby-2017-21"
APPROVE = reverse("progress:tertial_approve", args=[SLUG])
REOPEN = reverse("progress:tertial_reopen", args=[SLUG])


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_secretariat_approves_and_reopens_a_tertial_and_both_are_recorded(
    client, plan, sekretariat
):
    login(client, sekretariat)
    url = reverse("progress:tertials", args=[SLUG])
    client.post(
        APPROVE,
        {
            "tertial": "2018/19-T1",
            "note": "Styregruppemøde 9. okt.",
            "bekraeft": "1",
        },
    )
    approval = TertialApproval.objects.get(tertial="2018/19-T1")
    assert approval.approved
    create = reverse("registrations:create", args=[SLUG, "hotspot"])
    html = client.post(
        create, {"date": "2018-09-01", "kind": "event", "count": "1"}
    ).content.decode()
    assert "2018/19-T1 er godkendt og låst" in html
    client.post(
        REOPEN,
        {
            "tertial": "2018/19-T1",
        },
    )
    assert (
        client.post(
            create, {"date": "2018-09-01", "kind": "event", "count": "1", "participants": "5"}
        ).status_code
        == 302
    )
    history = list(
        approval.history.order_by("history_date").values_list("approved", "history_user__username")
    )
    assert history == [(True, "sekretariat"), (False, "sekretariat")]
    assert "genåbnet" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "role", [Role.MEDARBEJDER, Role.PARTNER, Role.STYREGRUPPE, Role.BESTYRELSE]
)
def test_only_the_secretariat_approves_tertials(client, plan, role):
    user = ensure_member(plan=plan, username="u", role=role, password=PASSWORD)
    login(client, user)
    assert (
        client.post(
            APPROVE,
            {
                "tertial": "2018/19-T1",
            },
        ).status_code
        == 404
    )
    assert not TertialApproval.objects.exists()


def test_an_assessment_is_set_per_tertial_with_its_history(client, plan, medarbejder):
    login(client, medarbejder)
    url = reverse("registrations:assess", args=[SLUG, "nussa-oplevet-forandring"])
    page = f"{url}?tertial=2018/19-T2"
    response = client.post(
        url,
        {"tertial_label": "2018/19-T2", "status": "near", "text": "Gode tilbagemeldinger."}
        | read_form(client, page),
    )
    assert response.status_code == 302
    client.post(
        url,
        {"tertial_label": "2018/19-T2", "status": "on_track", "text": "Nu på sporet."}
        | read_form(client, page),
    )
    assessment = Assessment.objects.get()
    assert (assessment.tertial, assessment.status) == ("2018/19-T2", "on_track")
    assert assessment.history.count() == 2
    html = client.get(url, {"tertial": "2018/19-T2"}).content.decode()
    assert "Gode tilbagemeldinger." in html


def test_a_count_criterion_cannot_be_assessed_in_words(client, plan, medarbejder):
    login(client, medarbejder)
    assert (
        client.get(reverse("registrations:assess", args=[SLUG, "hotspot-kontakt"])).status_code
        == 404
    )


def test_partners_and_the_board_cannot_assess(client, plan, partner, bestyrelse):
    url = reverse("registrations:assess", args=[SLUG, "nussa-oplevet-forandring"])
    for user in (partner, bestyrelse):
        login(client, user)
        assert (
            client.post(
                url, {"tertial_label": "2018/19-T2", "status": "near", "text": "x"}
            ).status_code
            == 404
        )
    assert not Assessment.objects.exists()


def test_a_measurement_for_a_local_measure_is_saved_with_its_source(client, plan, sekretariat):
    login(client, sekretariat)
    url = reverse("registrations:measurements", args=[SLUG])
    response = client.post(
        url,
        {
            "target": "m:klagesager",
            "date": "2018-12-31",
            "value": "55",
            "source": "RandersBolig 2018",
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.local_measure.key == "klagesager"
    assert measurement.value == Decimal("55")
    assert measurement.period == "2018/19-T2"


def test_a_measurement_with_bad_input_is_refused_in_danish(client, plan, sekretariat):
    login(client, sekretariat)
    url = reverse("registrations:measurements", args=[SLUG])
    html = client.post(
        url,
        {
            "target": "c:naboskab-ambassadoerer",
            "date": "2016-01-01",
            "value": "x",
            "source": "cpr 010190-1234",
        },
    ).content.decode()
    assert "uden for planperioden" in html
    assert "ligner et CPR-nummer" in html
    assert not Measurement.objects.exists()


def test_only_plan_staff_register_measurements(client, plan, partner, bestyrelse):
    url = reverse("registrations:measurements", args=[SLUG])
    for user in (partner, bestyrelse):
        login(client, user)
        assert client.get(url).status_code == 200  # reading is fine
        response = client.post(
            url, {"target": "m:klagesager", "date": "2018-12-31", "value": "1", "source": "x"}
        )
        assert response.status_code == 404
    assert not Measurement.objects.exists()
    assert not Registration.objects.exists()


def test_an_unknown_tertial_label_is_a_message_not_an_error(client, plan, sekretariat):
    login(client, sekretariat)
    response = client.post(
        APPROVE,
        {
            "tertial": "2030/31-T1",
        },
        follow=True,
    )
    assert "ligger uden for planen" in response.content.decode()
    assert not TertialApproval.objects.exists()


def test_the_tertials_page_takes_no_post_and_approving_no_get(client, plan, sekretariat):
    login(client, sekretariat)
    page = reverse("progress:tertials", args=[SLUG])
    assert client.post(page, {"tertial": "2018/19-T1", "bekraeft": "1"}).status_code == 405
    assert client.get(APPROVE).status_code == 405 and client.get(REOPEN).status_code == 405
    assert not TertialApproval.objects.exists()
    html = client.get(page).content.decode()
    assert f'action="{APPROVE}"' in html
