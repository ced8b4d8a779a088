"""`helhedsplan api-token`: a token is printed once, stored only as a hash, and can be revoked."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.api.models import ApiToken
from helhedsplan.api.tests.conftest import SLUG, Api


def run(*args) -> str:
    out = StringIO()
    call_command("api-token", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_prints_a_token_that_opens_the_api_and_stores_only_its_hash(sekretariat):
    output = run("create", "sekretariat", "--name", "rapportscript")
    token = next(line for line in output.splitlines() if line.startswith("hp_"))
    api_token = ApiToken.objects.get()
    assert api_token.user == sekretariat and api_token.name == "rapportscript"
    assert api_token.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in api_token.key_hash
    assert "vises ikke igen" in output
    assert Api(token).get(f"plans/{SLUG}/registrations").status_code == 200


def test_create_with_json_gives_the_id_and_the_token(sekretariat):
    data = json.loads(run("create", "sekretariat", "--name", "cron", "--json"))
    assert data["id"] == ApiToken.objects.get().id
    assert data["token"].startswith("hp_") and data["user"] == "sekretariat"


def test_two_tokens_for_the_same_user_differ(sekretariat):
    first = json.loads(run("create", "sekretariat", "--name", "a", "--json"))["token"]
    second = json.loads(run("create", "sekretariat", "--name", "b", "--json"))["token"]
    assert first != second


def test_revoke_shuts_the_token_out(sekretariat):
    data = json.loads(run("create", "sekretariat", "--name", "cron", "--json"))
    assert "er spærret" in run("revoke", str(data["id"]))
    assert ApiToken.objects.get().revoked
    assert Api(data["token"]).get(f"plans/{SLUG}/registrations").status_code == 401


def test_revoking_twice_says_so_and_does_not_fail(sekretariat):
    data = json.loads(run("create", "sekretariat", "--name", "cron", "--json"))
    run("revoke", str(data["id"]))
    assert "allerede spærret" in run("revoke", str(data["id"]))


def test_list_shows_the_tokens_but_never_a_key(sekretariat):
    data = json.loads(run("create", "sekretariat", "--name", "cron", "--json"))
    listed = json.loads(run("list", "--json"))
    assert [row["name"] for row in listed] == ["cron"]
    assert data["token"] not in json.dumps(listed)
    assert listed[0]["last_used_at"] is None and listed[0]["revoked"] is False


def test_create_for_an_unknown_user_fails_in_danish_with_a_nonzero_exit(db, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("api-token", "create", "nobody", "--name", "x")
    assert refused.value.returncode != 0
    assert "ingen bruger" in str(refused.value)
    assert not ApiToken.objects.exists()


def test_revoke_of_an_unknown_id_fails_with_a_nonzero_exit(db):
    with pytest.raises(CommandError) as refused:
        call_command("api-token", "revoke", "999")
    assert refused.value.returncode != 0
    assert "ingen API-nøgle" in str(refused.value)
