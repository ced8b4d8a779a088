"""A body member can be linked to a user, chosen among those with access to the plan."""

from django.urls import reverse

from helhedsplan.accounts.tests.conftest import SLUG
from helhedsplan.conftest import PASSWORD
from helhedsplan.plans.models import Membership

MEMBERS = reverse("governance:members", args=[SLUG, "styregruppe"])


def form_data(**values):
    data = {"role": "Formand", "name": "Karen Sørensen", "email": "", "start": "", "end": ""}
    data.update(values)
    return data


def test_the_members_page_offers_only_users_with_access(
    client, plan, sekretariat, partner, outsider
):
    assert client.login(username="sekretariat", password=PASSWORD)
    response = client.get(MEMBERS)
    html = response.content.decode()
    assert "Bruger i systemet" in html and "Kun personer med adgang til planen" in html
    choices = [label for _, label in response.context["form"].fields["user"].choices]
    assert choices == [
        "Ingen (medlemmet logger ikke ind)",
        "partner – Partner",
        "sekretariat – Sekretariat",
    ]


def test_a_member_is_linked_to_a_user_with_access(client, plan, sekretariat, partner):
    assert client.login(username="sekretariat", password=PASSWORD)
    response = client.post(MEMBERS, form_data(user=partner.pk))
    assert response.status_code == 302
    member = Membership.objects.get(name="Karen Sørensen")
    assert member.user == partner
    assert ">partner</td>" in client.get(MEMBERS).content.decode()


def test_a_user_without_access_is_refused_and_nothing_is_saved(client, plan, sekretariat, outsider):
    assert client.login(username="sekretariat", password=PASSWORD)
    response = client.post(MEMBERS, form_data(user=outsider.pk))
    assert response.status_code == 200
    assert "Ikke gemt" in response.content.decode()
    assert not Membership.objects.filter(name="Karen Sørensen").exists()
