"""'Glemt adgangskode?' and its e-mail: printed on the console in development, and a slow mail
server that neither delays the answer nor tells a known e-mail by its time."""

import socket
import threading
import time

import pytest
from django.test import Client

from helhedsplan.accounts.tests.test_password_reset import (  # noqa: F401  (fixtures)
    EMAIL,
    LINK,
    _links_to_the_test_server,
    ask,
    person,
    set_password,
)


@pytest.mark.usefixtures("person")
def test_without_a_mail_server_the_mail_is_printed_on_the_console(client, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ask(client, EMAIL)
    printed = capsys.readouterr().out
    assert "Subject: =?utf-8?" in printed or "Subject: V" in printed
    match = LINK.search(printed)
    assert match, printed
    assert set_password(client, match.group(0)).status_code == 302


@pytest.fixture
def silent_mail_server():
    """A mail server that accepts the connection and never greets: smtplib waits for it until
    EMAIL_TIMEOUT, as with an overloaded relay. Its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in held:
        connection.close()


@pytest.mark.usefixtures("person")
def test_a_slow_mail_server_does_not_tell_a_known_email_by_the_time_of_the_answer(
    settings, caplog, silent_mail_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent_mail_server
    settings.EMAIL_TIMEOUT = 3
    times = {}
    for email in (EMAIL, "ukendt@randers.dk"):
        began = time.monotonic()
        response = ask(Client(), email)
        times[email] = time.monotonic() - began
        assert response["Location"] == "/login/glemt/sendt/"
    # The server would hold a sending request 3 s; both answers come long before that.
    assert times[EMAIL] < 1.5, times
    # The mail that could not go is logged (from the sending thread) once the timeout is up.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any("kunne ikke sendes" in record.getMessage() for record in caplog.records):
            break
        time.sleep(0.1)
    failed = [r.getMessage() for r in caplog.records if "kunne ikke sendes" in r.getMessage()]
    assert failed and failed[0].startswith("E-mail om ny adgangskode til 'medarbejder'")
