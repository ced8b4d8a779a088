"""The people page: only the secretariat opens it; invite, resend, withdraw, change, remove."""

import re

import pytest
from django.urls import reverse

from helhedsplan.accounts import invitations
from helhedsplan.accounts.models import Invitation, PlanMembership, Role
from helhedsplan.accounts.tests.conftest import OTHER_ACTIVITY, ROLES_WITHOUT_PEOPLE_PAGE, SLUG
from helhedsplan.conftest import PASSWORD

PEOPLE = reverse("accounts:people", args=[SLUG])


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def everyone(request, sekretariat, medarbejder, partner, bestyrelse, styregruppe, laeser):
    return {
        "sekretariat": sekretariat,
        "medarbejder": medarbejder,
        "partner": partner,
        "bestyrelse": bestyrelse,
        "styregruppe": styregruppe,
        "laeser": laeser,
    }


@pytest.fixture
def pending(plan, sekretariat):
    return invitations.invite(
        plan=plan, email="ny@kommune.dk", role=Role.LAESER, by=sekretariat
    ).invitation


def every_page(plan, partner, pending):
    membership = PlanMembership.objects.get(plan=plan, user=partner)
    return [
        ("get", PEOPLE),
        ("post", PEOPLE),
        ("get", reverse("accounts:change_role", args=[SLUG, membership.pk])),
        ("post", reverse("accounts:change_role", args=[SLUG, membership.pk])),
        ("get", reverse("accounts:remove", args=[SLUG, membership.pk])),
        ("post", reverse("accounts:remove", args=[SLUG, membership.pk])),
        ("post", reverse("accounts:resend", args=[SLUG, pending.pk])),
        ("post", reverse("accounts:withdraw", args=[SLUG, pending.pk])),
    ]


@pytest.mark.parametrize("who", ROLES_WITHOUT_PEOPLE_PAGE)
def test_every_people_page_is_404_for_everyone_but_the_secretariat(
    client, plan, everyone, outsider, pending, who
):
    login(client, who)
    for method, url in every_page(plan, everyone["partner"], pending):
        response = getattr(client, method)(url, {"email": "x@y.dk", "role": "sekretariat"})
        assert response.status_code == 404, (method, url)
    assert PlanMembership.objects.filter(plan=plan).count() == 6
    assert Invitation.objects.get().state() == Invitation.State.PENDING


def test_every_people_page_opens_for_the_secretariat(client, plan, everyone, pending):
    login(client, "sekretariat")
    membership = PlanMembership.objects.get(plan=plan, user=everyone["partner"])
    for url in (
        PEOPLE,
        reverse("accounts:change_role", args=[SLUG, membership.pk]),
        reverse("accounts:remove", args=[SLUG, membership.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_a_person_who_is_not_logged_in_is_sent_to_log_in(client, plan):
    response = client.get(PEOPLE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_page_lists_everyone_with_access_the_open_invitations_and_the_roles_help(
    client, plan, everyone, pending
):
    html = login(client, "sekretariat").get(PEOPLE).content.decode()
    assert "<h1>Personer</h1>" in html and 'class="lead"' in html
    for label in ("Sekretariat", "Boligsocial medarbejder", "Partner", "Styregruppe", "Læser"):
        assert label in html
    assert "Randers Produktionshøjskole" in html
    assert "ny@kommune.dk" in html and "Send igen" in html and "Træk tilbage" in html
    assert "Registrerer leverancer for sin organisations aktiviteter" in html
    assert "Inviter" in html or "Invitér" in html


def test_the_menu_shows_personer_to_the_secretariat_only(client, plan, everyone):
    html = login(client, "sekretariat").get(PEOPLE).content.decode()
    assert re.search(r'<a href="/planer/[^"]+/personer/" aria-current="page">Personer</a>', html)
    overview = reverse("plans:overview", args=[SLUG])
    assert ">Personer</a>" not in login(client, "medarbejder").get(overview).content.decode()


def test_inviting_shows_the_link_once_and_lists_the_invitation(client, plan, everyone, school):
    login(client, "sekretariat")
    response = client.post(
        PEOPLE,
        {
            "email": "Anna@Skole.dk",
            "role": Role.PARTNER,
            "organisation": school.pk,
            "activities": [plan.activities.get(key=OTHER_ACTIVITY).pk],
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    link = re.search(
        r'<textarea id="invitation-link"[^>]*>(http://testserver/invitation/[^<]+/)</textarea>',
        html,
    ).group(1)
    assert "Der er ikke sat e-mail op" in html
    invitation = Invitation.objects.get()
    assert invitation.email == "anna@skole.dk" and invitation.created_by == everyone["sekretariat"]
    assert [a.key for a in invitation.activities.all()] == [OTHER_ACTIVITY]
    again = client.get(PEOPLE).content.decode()
    assert link not in again and "anna@skole.dk" in again  # shown once; listed as waiting


def test_a_partner_without_an_organisation_is_refused_on_the_page(client, plan, everyone):
    login(client, "sekretariat")
    response = client.post(PEOPLE, {"email": "anna@skole.dk", "role": Role.PARTNER})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Invitationen er ikke oprettet" in html and "Vælg partnerens organisation" in html
    assert not Invitation.objects.exists()


def test_an_organisation_of_another_plan_is_refused_on_the_page(client, plan, plan_text, everyone):
    from helhedsplan.plans.services import load_plan

    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    foreign = other.organisations.get(key="randers-produktionshoejskole")
    login(client, "sekretariat")
    response = client.post(
        PEOPLE, {"email": "anna@skole.dk", "role": Role.PARTNER, "organisation": foreign.pk}
    )
    assert response.status_code == 200
    assert "Invitationen er ikke oprettet" in response.content.decode()
    assert not Invitation.objects.exists()


def test_resending_shows_a_new_link_and_withdrawing_closes_the_invitation(
    client, plan, everyone, pending
):
    login(client, "sekretariat")
    response = client.post(reverse("accounts:resend", args=[SLUG, pending.pk]))
    html = client.get(response["Location"]).content.decode()
    assert "Invitation til ny@kommune.dk" in html and "/invitation/" in html
    pending.refresh_from_db()
    assert pending.replaced
    new = Invitation.objects.open().get()
    client.post(reverse("accounts:withdraw", args=[SLUG, new.pk]))
    new.refresh_from_db()
    assert new.withdrawn_at is not None
    assert "Ingen invitationer venter" in client.get(PEOPLE).content.decode()


def test_an_invitation_of_another_plan_gives_404(client, plan, plan_text, everyone):
    from helhedsplan.plans.services import load_plan

    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    foreign = invitations.invite(plan=other, email="x@y.dk", role=Role.LAESER).invitation
    login(client, "sekretariat")
    assert client.post(reverse("accounts:resend", args=[SLUG, foreign.pk])).status_code == 404
    assert client.post(reverse("accounts:withdraw", args=[SLUG, foreign.pk])).status_code == 404


def test_changing_a_role_on_the_page(client, plan, everyone):
    membership = PlanMembership.objects.get(plan=plan, user=everyone["partner"])
    login(client, "sekretariat")
    url = reverse("accounts:change_role", args=[SLUG, membership.pk])
    assert 'value="partner"' in client.get(url).content.decode()
    hotspot = plan.activities.get(key=OTHER_ACTIVITY)
    membership.activities.set([hotspot])
    # The form comes back with the partner's ticks; a reader needs none, so they are dropped.
    response = client.post(url, {"role": Role.LAESER, "activities": [hotspot.pk]})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.LAESER
    assert not membership.activities.exists()
    html = client.get(PEOPLE).content.decode()
    assert "Rolle ændret fra Partner til Læser" in html  # the history on the page


def test_removing_asks_first_then_removes_and_the_history_says_who(client, plan, everyone):
    membership = PlanMembership.objects.get(plan=plan, user=everyone["partner"])
    login(client, "sekretariat")
    url = reverse("accounts:remove", args=[SLUG, membership.pk])
    page = client.get(url).content.decode()
    assert "Fjern adgang: partner" in page and "Fjern adgangen" in page
    assert PlanMembership.objects.filter(pk=membership.pk).exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not PlanMembership.objects.filter(pk=membership.pk).exists()
    html = client.get(PEOPLE).content.decode()
    assert "Adgang fjernet (var Partner)" in html
    row = re.search(
        r"<tr><td>[^<]*</td><td>partner</td><td>Adgang fjernet[^<]*</td><td>([^<]*)</td>", html
    )
    assert row and row.group(1) == "sekretariat"


def test_the_last_secretariat_cannot_remove_itself(client, plan, sekretariat):
    membership = PlanMembership.objects.get(plan=plan, user=sekretariat)
    login(client, "sekretariat")
    response = client.post(reverse("accounts:remove", args=[SLUG, membership.pk]))
    assert response.status_code == 422
    assert "mindst én person i sekretariatet" in response.content.decode()
    assert PlanMembership.objects.filter(pk=membership.pk).exists()


def test_a_membership_of_another_plan_gives_404(client, plan, plan_text, sekretariat, outsider):
    from helhedsplan.accounts.services import ensure_member
    from helhedsplan.plans.services import load_plan

    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    ensure_member(plan=other, username="outsider", role=Role.LAESER, password=PASSWORD)
    foreign = PlanMembership.objects.get(plan=other)
    login(client, "sekretariat")
    for name in ("change_role", "remove"):
        url = reverse(f"accounts:{name}", args=[SLUG, foreign.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": Role.SEKRETARIAT}).status_code == 404
    assert PlanMembership.objects.get(plan=other).role == Role.LAESER
