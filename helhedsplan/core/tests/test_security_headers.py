"""Security headers and cookies: a strict Content-Security-Policy on every page, and in production
(the README's settings: DEBUG unset, a long random SECRET_KEY, ALLOWED_HOSTS) HTTPS only, HSTS
for a year, Secure/HttpOnly/SameSite "__Host-" cookies, no referrer to other sites, no framing;
`helhedsplan check --deploy` finds nothing to warn about. Checked through Django's test client with
the production settings read by settings.py itself, and once through a real gunicorn."""

import base64
import hashlib
import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from django.test import Client, override_settings

import helhedsplan
from helhedsplan.conftest import PASSWORD

ONE_YEAR = 365 * 24 * 3600
# A script from a file of our own (<script src=...>) is what the policy allows; inline code is not.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\ssrc=)|<style|<[^>]*\sstyle\s*=|<[^>]*\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)
# Environment variables that would change what the production settings say.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "HTTPS",
    "HELHEDSPLAN_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests (helhedsplan/browser.py)
}
SETTINGS = str(Path(helhedsplan.__file__).with_name("settings.py"))


def production_environment(var_dir, **changes) -> dict:
    """The README's production environment: DEBUG unset, SECRET_KEY long and random."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "helhedsplan.example.dk",
            "HELHEDSPLAN_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "helhedsplan.settings",
        }
    )
    env.update(changes)
    return env


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def production_settings(monkeypatch, tmp_path, **changes) -> dict:
    """settings.py run afresh in the production environment (the test's own settings stay)."""
    for name in NOT_INHERITED:
        monkeypatch.delenv(name, raising=False)
    for name, value in production_environment(tmp_path, **changes).items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS)


@pytest.fixture
def production(monkeypatch, tmp_path):
    """The security settings that settings.py gives with the README's production environment."""
    values = production_settings(monkeypatch, tmp_path)
    prefixes = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "CONTENT_SECURITY_POLICY")
    chosen = {k: v for k, v in values.items() if k.startswith(prefixes)}
    chosen["X_FRAME_OPTIONS"] = values["X_FRAME_OPTIONS"]
    chosen["MIDDLEWARE"] = values["MIDDLEWARE"]
    assert values["DEBUG"] is False
    return chosen


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/login/")
    assert response.status_code == 200
    directives = policy(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # a nonce only where a view writes a script
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]  # the report charts are PNG data: URIs
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


def test_no_template_has_an_inline_script_style_or_event_handler():
    """The policy blocks inline code, so none is written. The standalone report keeps its one
    <style>, allowed by the hash in its own policy (reports/render_html.py: document_policy)."""
    root = Path(helhedsplan.__file__).parent
    found = []
    for template in sorted(root.glob("*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for match in INLINE_CODE.finditer(text):
            if template.name == "document.html" and match.group(0).lower() == "<style":
                continue
            found.append(f"{template.relative_to(root)}: {match.group(0)[-40:]}")
    assert found == []


def test_production_settings_turn_on_https_hsts_and_secure_cookies(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["SECURE_HSTS_SECONDS"] == ONE_YEAR
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"


def test_the_hsts_time_is_set_in_the_environment_and_https_0_turns_it_all_off(
    monkeypatch, tmp_path
):
    tried = production_settings(monkeypatch, tmp_path, HELHEDSPLAN_HSTS_SECONDS="300")
    assert tried["SECURE_HSTS_SECONDS"] == 300
    plain = production_settings(monkeypatch, tmp_path, HTTPS="0")
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["SESSION_COOKIE_NAME"] == "sessionid"  # "__Host-" needs HTTPS


def test_a_negative_hsts_time_stops_the_start(tmp_path):
    env = production_environment(tmp_path, HELHEDSPLAN_HSTS_SECONDS="-1")
    result = subprocess.run(
        [sys.executable, "-m", "helhedsplan.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "HELHEDSPLAN_HSTS_SECONDS skal være 0 eller større" in result.stderr


@pytest.mark.django_db
def test_in_production_plain_http_is_redirected_to_https(production):
    with override_settings(**production):
        response = Client().get("/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login/"


@pytest.mark.django_db
def test_in_production_a_page_over_https_carries_every_security_header(production):
    with override_settings(**production):
        # As behind the TLS proxy, which says so in X-Forwarded-Proto.
        response = Client().get("/login/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert policy(response["Content-Security-Policy"])["default-src"] == ["'self'"]
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert not csrf["domain"]  # a "__Host-" cookie must have no Domain


@pytest.mark.django_db
def test_in_production_the_session_cookie_is_secure_httponly_and_samesite(production, sekretariat):
    with override_settings(**production):
        client = Client()
        response = client.post(
            "/login/",
            {"username": "sekretariat", "password": PASSWORD},
            headers={"x-forwarded-proto": "https"},
        )
        assert response.status_code == 302
        session = response.cookies["__Host-sessionid"]
        assert session["secure"] is True
        assert session["httponly"] is True
        assert session["samesite"] == "Lax"
        assert session["path"] == "/"
        assert not session["domain"]
        # The session works under its "__Host-" name.
        start = client.get("/", headers={"x-forwarded-proto": "https"}, follow=True)
        assert start.status_code == 200
        assert start.context["user"].username == "sekretariat"


def test_check_deploy_finds_no_issue_with_the_readme_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "helhedsplan.cli", "check", "--deploy", "--fail-level", "DEBUG"],
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, **headers):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        answer = opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        answer = error  # 3xx and 4xx answers carry their headers too
    # Read to the end and closed, as a browser does: an answer left open kept gunicorn's one
    # worker waiting for its keep-alive time (2 s) before it took the next request.
    with answer:
        answer.read()
    return answer


def test_a_real_gunicorn_with_the_production_settings_sends_the_headers(tmp_path):
    port = _free_port()
    env = production_environment(tmp_path, ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "helhedsplan.wsgi", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start in 60 s"
                time.sleep(0.2)
        plain = _get(f"{base}/login/")
        assert plain.status == 301
        assert plain.headers["Location"] == f"https://127.0.0.1:{port}/login/"

        # Pages that need no database or collected static files: the API description, and
        # Django's own "not found" page.
        for path, status in [("/api/v1/openapi.json", 200), ("/findes-ikke/", 404)]:
            answer = _get(f"{base}{path}", **{"X-Forwarded-Proto": "https"})
            assert answer.status == status, path
            assert answer.headers["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            )
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
            assert answer.headers["X-Frame-Options"] == "DENY"
            assert answer.headers["Referrer-Policy"] == "same-origin"
            directives = policy(answer.headers["Content-Security-Policy"])
            assert directives["default-src"] == ["'self'"]
            assert directives["frame-ancestors"] == ["'none'"]
        page = _get(f"{base}/findes-ikke/", **{"X-Forwarded-Proto": "https"})
        assert page.headers["Content-Type"].startswith("text/html")
        assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
def test_the_html_report_download_allows_exactly_its_own_stylesheet(client, plan, sekretariat):
    """The standalone report keeps its CSS inside (it is opened from disk), allowed by hash in a
    <meta> policy that travels with the file, and in the download's header: no 'unsafe-inline'."""
    client.login(username="sekretariat", password=PASSWORD)
    response = client.get(
        f"/planer/{plan.slug}/rapporter/fremdrift/", {"periode": "2018/19-T2", "format": "html"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    directives = policy(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'none'"]
    assert directives["style-src"] == [f"'sha256-{digest}'"]
    assert directives["img-src"] == ["data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert meta and html.index(meta.group(0)) < html.index("<style>")
    assert policy(unescape(meta.group(1)))["style-src"] == [f"'sha256-{digest}'"]
    assert "<script" not in html
