"""`helhedsplan invite`: prints the link once, e-mails it when e-mail is set up, Danish errors."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from helhedsplan.accounts import invitations
from helhedsplan.accounts.models import Invitation, Role
from helhedsplan.accounts.tests.conftest import OTHER_ACTIVITY, SCHOOL, SLUG, token_of

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("invite", *args, stdout=out, stderr=err)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("invite", *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 1
    return str(refused.value)


def test_the_command_prints_a_link_that_works(plan, groups):
    output = run("anna@skole.dk", "--plan", SLUG, "--role", "partner", "--organisation", SCHOOL)
    link = next(line for line in output.splitlines() if "/invitation/" in line)
    assert link.startswith("http://127.0.0.1:8000/invitation/")
    assert "Invitation til anna@skole.dk som Partner" in output
    assert "Der er ikke sat e-mail op" in output
    assert len(mail.outbox) == 0
    _, membership = invitations.accept(token=token_of(link), password="Gule-Roser-42-Nord")
    assert membership.organisation.key == SCHOOL


@override_settings(EMAIL_HOST="smtp.example.dk", EMAIL_BACKEND=LOCMEM)
def test_the_command_emails_the_link_when_email_is_set_up(plan, groups):
    output = run("laeser@kommune.dk", "--plan", SLUG, "--role", "laeser")
    link = next(line for line in output.splitlines() if "/invitation/" in line)
    assert "Linket er sendt på e-mail til laeser@kommune.dk" in output
    [message] = mail.outbox
    assert message.to == ["laeser@kommune.dk"]
    assert message.subject == f"Invitation til {plan.name} i Helhedsplan"
    assert link in message.body and "udløber om 7 dage" in message.body


def test_json_gives_the_link_and_the_activities(plan, groups):
    data = json.loads(
        run(
            "anna@skole.dk",
            "--plan",
            SLUG,
            "--role",
            "partner",
            "--organisation",
            SCHOOL,
            "--activity",
            OTHER_ACTIVITY,
            "--json",
        )
    )
    assert data["link"].startswith("http://127.0.0.1:8000/invitation/")
    assert data["activities"] == [OTHER_ACTIVITY] and data["emailed"] is False
    invitation = Invitation.objects.get()
    assert [a.key for a in invitation.activities.all()] == [OTHER_ACTIVITY]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "findes-ikke", "--role", "laeser"], "Der er ingen plan med det korte navn"),
        (["--plan", SLUG, "--role", "chef"], "Rollen «chef» findes ikke"),
        (["--plan", SLUG, "--role", "partner"], "En partner skal have en organisation"),
        (
            ["--plan", SLUG, "--role", "partner", "--organisation", "ukendt"],
            "ingen organisation med nøglen «ukendt»",
        ),
        (
            ["--plan", SLUG, "--role", "partner", "--organisation", SCHOOL, "--activity", "nej"],
            "ingen aktivitet med nøglen «nej»",
        ),
    ],
)
def test_bad_input_is_refused_in_danish_with_exit_1(plan, groups, args, message):
    assert message in refused("anna@skole.dk", *args)
    assert not Invitation.objects.exists()


def test_a_bad_email_is_refused(plan, groups):
    assert "ikke en gyldig e-mailadresse" in refused("anna", "--plan", SLUG, "--role", "laeser")


def test_someone_with_access_is_refused(plan, partner):
    partner.email = "partner@skole.dk"
    partner.save()
    message = refused("partner@skole.dk", "--plan", SLUG, "--role", Role.LAESER)
    assert "har allerede adgang" in message


@override_settings(EMAIL_HOST="smtp.example.dk", EMAIL_BACKEND=LOCMEM)
def test_a_failing_mail_server_keeps_the_link_and_exits_1(plan, groups, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("Forbindelsen blev afvist")

    monkeypatch.setattr("helhedsplan.accounts.mail.send_mail", refuse)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "invite",
            "laeser@kommune.dk",
            "--plan",
            SLUG,
            "--role",
            "laeser",
            stdout=out,
            stderr=err,
        )
    assert (str(failed.value), failed.value.returncode) == ("E-mailen blev ikke sendt.", 1)
    assert "/invitation/" in out.getvalue()
    assert (
        "E-mailen kunne ikke sendes (Forbindelsen blev afvist); send selv linket." in err.getvalue()
    )
    assert Invitation.objects.filter(email="laeser@kommune.dk").exists()
