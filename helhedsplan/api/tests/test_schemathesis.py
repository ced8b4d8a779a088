"""schemathesis against /api/v1/openapi.json with a valid token: 0 server errors, 0 schema
violations.

Every operation of the API's own OpenAPI description gets MAX_EXAMPLES generated requests that
fit the description (positive) and MAX_EXAMPLES that break it (negative), sent in-process to the
WSGI application as a secretariat of the Randers plan with demo data. Each response is checked:
no 5xx, the status code is one the description lists, the content type is the one it lists, and
the body matches the response schema. The number of cases and failures is printed; the test
fails on any failure and lists each one with its request.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from helhedsplan.api.models import ApiToken
from helhedsplan.demo.services import generate_demo_data
from helhedsplan.registrations.models import Registration

SLUG = "randers-nordby-2017-21"
# Per operation and generation mode; 7 operations x 2 modes x 25 = 350 cases, about a minute.
MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _run_operation(operation, mode, headers, path_parameters, cases, failures):
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @seed(20261202)
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        cases.append(operation.label)
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as error:  # collected rather than shrunk
            failures.append(f"{mode.value} {operation.label}: {error}\n{case.as_curl_command()}")

    run()


@pytest.fixture
def keep_test_connection():
    """The WSGI app ends each request with close_old_connections, which on PostgreSQL closes the
    test's own connection inside its transaction. Django's test Client switches that off for its
    requests; schemathesis calls the WSGI app itself, so the test does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_schemathesis_finds_no_server_errors_and_no_schema_violations(plan, sekretariat):
    generate_demo_data(plan=plan, seed=1, until=plan.end)
    _, token = ApiToken.objects.issue(user=sekretariat, name="schemathesis")
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # The token is always the valid one: bad tokens are the lockout tests' business (and would
    # lock this client's address out).
    schema.config.generation.update(with_security_parameters=False)
    existing = Registration.objects.filter(plan=plan).order_by("id").first()

    cases: list[str] = []
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        # The plan's slug is fixed (any other is a 404 by design); a registration id is fixed to
        # a real one in one pass (so 200 answers are checked) and generated in the other.
        path = {"slug": SLUG}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run_operation(operation, mode, headers, path, cases, failures)
        if "{registration_id}" in operation.path:
            path = {"slug": SLUG, "registration_id": existing.id}
            _run_operation(operation, GenerationMode.POSITIVE, headers, path, cases, failures)

    print(
        f"\nschemathesis: {len(operations)} operations, {len(cases)} cases, "
        f"{len(failures)} failures (max {MAX_EXAMPLES} examples per operation and mode)"
    )
    assert len(operations) >= 7
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused_with_422_in_danish(plan, sekretariat):
    _, token = ApiToken.objects.issue(user=sekretariat, name="test")

    response = Client().post(
        f"/api/v1/plans/{SLUG}/registrations",
        b"\x00{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "errors": {"__all__": ["Forespørgslen er ikke gyldig JSON."]},
        "needs_confirmation": False,
    }
