"""The secretariat keeps the bodies' members; what it enters survives a reload of the plan."""

from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.plans.models import Membership
from helhedsplan.plans.services import load_plan

SLUG = "randers-nordby-2017-21"


def url(key="styregruppe"):
    return reverse("governance:members", args=[SLUG, key])


def test_the_secretariat_sets_e_mail_dates_and_activities_and_a_reload_keeps_them(
    client, plan, plan_text, sekretariat
):
    client.login(username="sekretariat", password=PASSWORD)
    member = plan.bodies.get(key="styregruppe").members.order_by("order").first()
    hotspot = plan.activities.get(key="hotspot")
    response = client.post(
        url(),
        {
            "member": member.pk,
            "role": member.role,
            "name": member.name,
            "organisation": member.organisation_id or "",
            "email": "kontakt@example.dk",
            "start": "2017-06-01",
            "end": "2019-05-31",
            "delivers_for": [hotspot.pk],
        }
        | read_form(client, f"{url()}?medlem={member.pk}"),
    )
    assert response.status_code == 302
    load_plan(text=plan_text)
    member = Membership.objects.get(pk=member.pk)
    assert member.email == "kontakt@example.dk"
    assert str(member.end) == "2019-05-31"
    assert list(member.delivers_for.all()) == [hotspot]
    assert "kontakt@example.dk" in client.get(url()).content.decode()


def test_an_end_before_the_start_is_refused(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    page = client.post(
        url(), {"role": "Ny", "start": "2019-01-01", "end": "2018-01-01"}
    ).content.decode()
    assert "kan ikke slutte, før det begynder" in page
    assert not Membership.objects.filter(role="Ny").exists()


def test_a_member_is_added_and_removed(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    client.post(url("bestyrelse"), {"role": "Observatør", "name": "Kontaktperson"})
    added = Membership.objects.get(role="Observatør")
    assert added.body.key == "bestyrelse"
    remove = reverse("governance:member_remove", args=[SLUG, "bestyrelse", added.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not Membership.objects.filter(role="Observatør").exists()


def test_only_the_secretariat_and_its_staff_edit_members(client, plan, bestyrelse, partner):
    for username in ("bestyrelse", "partner"):
        client.login(username=username, password=PASSWORD)
        assert client.get(url()).status_code == 404
        assert client.post(url(), {"role": "X"}).status_code == 404
    assert not Membership.objects.filter(role="X").exists()


def test_members_added_or_renamed_in_the_app_survive_a_reload(client, plan, plan_text, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    client.post(
        url("bestyrelse"), {"role": "Observatør", "name": "Ny Kontakt", "email": "ny@example.dk"}
    )
    member = plan.bodies.get(key="bestyrelse").members.order_by("order").first()
    old_name = member.name
    client.post(
        url("bestyrelse"),
        {
            "member": member.pk,
            "role": member.role,
            "name": "Afløser",
            "organisation": member.organisation_id or "",
        }
        | read_form(client, f"{url('bestyrelse')}?medlem={member.pk}"),
    )
    load_plan(text=plan_text)
    board = plan.bodies.get(key="bestyrelse")
    names = set(board.members.values_list("name", flat=True))
    assert {"Ny Kontakt", "Afløser", old_name} <= names  # the file's own member comes back too
    assert board.members.count() == 10


def test_a_new_member_comes_after_the_last_also_after_a_removal(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    body = plan.bodies.get(key="bestyrelse")
    body.members.order_by("order").first().delete()  # count() would now repeat a place
    last = max(body.members.values_list("order", flat=True))
    for name in ("Første", "Anden"):
        client.post(
            url("bestyrelse"),
            {"role": "Observatør", "name": name} | read_form(client, url("bestyrelse")),
        )
    orders = dict(body.members.filter(role="Observatør").values_list("name", "order"))
    assert orders == {"Første": last + 1, "Anden": last + 2}
