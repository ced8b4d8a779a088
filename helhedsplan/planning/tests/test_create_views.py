"""The /ny-plan/ pages: who may start a plan, the three ways, and errors that save nothing."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.conftest import PASSWORD, _persona
from helhedsplan.demo.users import create_demo_users
from helhedsplan.planning.creation import create_plan, template_text
from helhedsplan.plans import models as m
from helhedsplan.plans.services import export_plan

START = "2021-06-01"
PAGES = ["start", "template", "successor", "upload"]


def log_in(client, user):
    client.force_login(user)
    return client


def form_data(**extra):
    return {"slug": "nordby-2021-25", "name": "Nordby 2021-25", "start": START, **extra}


def plan_count():
    return m.Plan.objects.count(), m.PlanFileVersion.objects.count(), PlanMembership.objects.count()


def test_the_demo_secretariat_may_create_plans_and_the_other_demo_users_may_not(plan):
    create_demo_users(plan=plan, password="demo")
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["sekretariat"].has_perm("plans.create_plan")
    for role in Role:
        if role != Role.SEKRETARIAT:
            assert not users[role.value].has_perm("plans.create_plan"), role


@pytest.mark.parametrize("page", PAGES)
def test_the_secretariat_sees_every_page_of_starting_a_plan(client, sekretariat, page):
    response = log_in(client, sekretariat).get(reverse(f"planning_create:{page}"))
    assert response.status_code == 200
    assert b"<h1>" in response.content


@pytest.mark.parametrize(
    "role", [Role.MEDARBEJDER, Role.PARTNER, Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER]
)
def test_no_other_role_may_start_a_plan(client, plan, role):
    user = _persona(plan, role)
    log_in(client, user)
    for page in PAGES:
        assert client.get(reverse(f"planning_create:{page}")).status_code == 404, page
    response = client.post(
        reverse("planning_create:template"), form_data(template="empty"), follow=False
    )
    assert response.status_code == 404
    assert m.Plan.objects.count() == 1


def test_an_outsider_gets_404_and_an_anonymous_visitor_is_asked_to_log_in(client, outsider):
    assert client.get("/ny-plan/").status_code == 302
    log_in(client, outsider)
    for page in PAGES:
        assert client.get(reverse(f"planning_create:{page}")).status_code == 404


def test_a_superuser_may_start_a_plan(client, django_user_model):
    admin = django_user_model.objects.create_superuser(username="admin", password=PASSWORD)
    assert log_in(client, admin).get("/ny-plan/").status_code == 200


def test_the_start_page_offers_the_three_ways(client, sekretariat):
    page = log_in(client, sekretariat).get("/ny-plan/").content.decode()
    for name in ("template", "successor", "upload"):
        assert reverse(f"planning_create:{name}") in page
    assert "Landsbyggefondens fire indsatsområder" in page


def test_a_plan_from_the_lbf_template_is_a_draft_and_the_message_says_where_to_edit_it(
    client, sekretariat
):
    response = log_in(client, sekretariat).post(
        reverse("planning_create:template"), form_data(template="lbf-2019"), follow=True
    )
    assert response.redirect_chain == [("/planer/nordby-2021-25/", 302)]
    new = m.Plan.objects.get(slug="nordby-2021-25")
    assert new.is_draft
    assert (new.start, new.end) == (datetime.date(2021, 6, 1), datetime.date(2025, 5, 31))
    assert new.focus_areas.count() == 4
    assert PlanMembership.objects.get(plan=new).user == sekretariat
    message = str(next(iter(response.context["messages"])))
    assert "er oprettet som <strong>udkast</strong>" in message
    assert '<a href="/planer/nordby-2021-25/rediger/">Redigér planen</a>' in message
    assert "Redigér planen</a>" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (form_data(template="empty", slug="randers-nordby-2017-21"), "slug", "Der findes allerede"),
        (form_data(template="empty", slug="Nordby 2021"), "slug", "Brug kun små bogstaver"),
        (form_data(template="empty", slug=""), "slug", "Skriv et kort navn til planen."),
        (form_data(template="empty", name=""), "name", "Skriv planens navn."),
        (form_data(template="empty", start="31/5"), "start", "Skriv datoen som ÅÅÅÅ-MM-DD"),
        (form_data(template="empty", start=""), "start", "Skriv planens startdato."),
        (form_data(template="lbf-2030"), "template", "Vælg en af skabelonerne."),
        (form_data(template="empty", name="Plan for 010203-1234"), "name", "CPR-nummer"),
    ],
)
def test_every_error_is_named_in_danish_and_nothing_is_saved(
    client, sekretariat, data, field, message
):
    before = plan_count()
    response = log_in(client, sekretariat).post(reverse("planning_create:template"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Ikke gemt – ret fejlene" in response.content.decode()
    assert plan_count() == before


def test_the_successor_copies_a_plan_the_user_is_secretariat_in(client, plan, sekretariat):
    log_in(client, sekretariat)
    page = client.get(reverse("planning_create:successor"))
    assert page.context["form"]["start"].value() == datetime.date(2021, 6, 1)
    response = client.post(
        reverse("planning_create:successor"),
        {"source": plan.pk, "slug": "randers-nordby-2021-25", "name": "", "start": START},
    )
    assert response.status_code == 302
    new = m.Plan.objects.get(slug="randers-nordby-2021-25")
    assert new.name == "Boligsocial helhedsplan for Randers Nordby 2021-25"
    assert (new.predecessor, new.is_draft) == (plan, True)
    assert new.activities.count() == plan.activities.count()
    assert list(
        PlanMembership.objects.filter(plan=new).values_list("user__username", flat=True)
    ) == ["sekretariat"]


def test_only_plans_the_user_is_secretariat_in_can_be_continued(client, plan, medarbejder):
    medarbejder.user_permissions.add(Permission.objects.get(codename="create_plan"))
    log_in(client, medarbejder)
    page = client.get(reverse("planning_create:successor"))
    assert "ingen plan at fortsætte" in page.content.decode()
    response = client.post(
        reverse("planning_create:successor"),
        {"source": plan.pk, "slug": "kopi", "name": "Kopi", "start": START},
    )
    assert response.status_code == 400
    assert m.Plan.objects.count() == 1


def _upload(client, text: str, name="plan.yaml"):
    return client.post(
        reverse("planning_create:upload"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/yaml")},
    )


def test_a_valid_plan_file_is_created_as_a_draft(client, sekretariat):
    text = template_text(
        "lbf-2019", slug="fra-fil", name="Fra fil", start=datetime.date(2022, 6, 1)
    )
    response = _upload(log_in(client, sekretariat), text, "fra-fil.yaml")
    assert response.status_code == 302
    new = m.Plan.objects.get(slug="fra-fil")
    assert new.is_draft
    assert new.file_versions.get().source_name == "fra-fil.yaml"
    assert PlanMembership.objects.get(plan=new).user == sekretariat


def test_an_uploaded_file_with_errors_lists_each_with_path_and_line_and_saves_nothing(
    client, sekretariat, plan_text
):
    before = plan_count()
    broken = (
        plan_text.replace("slug: randers-nordby-2017-21", "slug: ny-plan", 1)
        .replace("residents: 3868", "residents: -1")
        .replace("lbf: 3806000", 'lbf: "3.806.000"', 1)
    )
    response = _upload(log_in(client, sekretariat), broken)
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p.path, p.message) for p in problems] == [
        ("residents", "må ikke være negativ"),
        ("focus_areas[1].budget.lbf", "skal være et helt tal"),
    ]
    assert all(p.line for p in problems)
    page = response.content.decode()
    assert "Planfilen har 2 fejl" in page
    assert "<code>focus_areas[1].budget.lbf</code>" in page
    assert plan_count() == before


def test_an_uploaded_file_may_not_replace_an_existing_plan(client, plan, sekretariat, plan_text):
    exported = export_plan(plan)
    response = _upload(
        log_in(client, sekretariat), plan_text.replace("residents: 3868", "residents: 1")
    )
    assert response.status_code == 400
    assert "Der findes allerede en plan med det korte navn «randers-nordby-2017-21»." in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert export_plan(plan) == exported


def test_an_uploaded_file_that_is_not_utf8_or_names_a_cpr_number_is_refused(client, sekretariat):
    log_in(client, sekretariat)
    latin = SimpleUploadedFile("plan.yaml", "name: Æblehaven".encode("latin-1"))
    response = client.post(reverse("planning_create:upload"), {"file": latin})
    assert response.status_code == 400
    assert "Filen er ikke UTF-8-tekst" in response.content.decode()
    text = template_text("empty", slug="cpr", name="Ny", start=datetime.date(2022, 6, 1))
    response = _upload(client, text + "note: Barnet 010203-1234\n")
    assert response.status_code == 400
    assert [(p.message, p.line) for p in response.context["problems"]] == [
        ("ligner et CPR-nummer. Skriv aldrig CPR-numre i en planfil", 9)
    ]
    assert not m.Plan.objects.filter(slug="cpr").exists()


def test_an_uploaded_file_links_only_a_predecessor_the_user_is_secretariat_in(
    client, plan, medarbejder, sekretariat
):
    medarbejder.user_permissions.add(Permission.objects.get(codename="create_plan"))
    text = template_text("empty", slug="ny", name="Ny", start=datetime.date(2021, 6, 1))
    _upload(log_in(client, medarbejder), text + f"predecessor: {plan.slug}\n")
    assert m.Plan.objects.get(slug="ny").predecessor is None
    text = template_text("empty", slug="ny-2", name="Ny", start=datetime.date(2021, 6, 1))
    _upload(log_in(client, sekretariat), text + f"predecessor: {plan.slug}\n")
    assert m.Plan.objects.get(slug="ny-2").predecessor == plan


@pytest.mark.parametrize("template", ["empty", "lbf-2019"])
def test_the_pages_of_a_new_empty_plan_work_for_its_secretariat(client, sekretariat, template):
    text = template_text(template, slug="tom", name="Tom", start=datetime.date(2021, 6, 1))
    create_plan(text=text, user=sekretariat)
    log_in(client, sekretariat)
    for name in (
        "plans:overview",
        "plans:activities",
        "plans:areas",
        "plans:bodies",
        "workspace:dashboard",
        "reports:index",
        "governance:index",
        "economy:overview",
        "planning_edit:in_force",
    ):
        response = client.get(reverse(name, args=["tom"]))
        assert response.status_code == 200, name
