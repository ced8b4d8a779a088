"""A page read with GET writes nothing: no row is made, changed or deleted because someone
looked (issue 19, point 4). Every URL pattern of the permission matrix, asked for with GET by
each role of the plan, its own plan's addresses. What the session, the login and an API key's last
use keep is not the page's (django_session, the lockout's log, api_apitoken)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhedsplan.core.tests.test_permission_matrix import (
    _sent_routes,
    addresses,
    send,
    visitors,
    world,  # noqa: F401  (the fixture)
)

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
NOT_THE_PAGES = {
    "django_session",
    "api_apitoken",
    "axes_accesslog",
    "axes_accessattempt",
    "axes_accessfailurelog",
}
# Writes that a GET still makes, each with its reason; the list only shrinks (a test below fails
# when an entry no longer writes). None is left: the two-step page keeps the secret being set up
# in the session until a code is tried (accounts.two_factor.unconfirmed_device), and the
# beredskab's people are fetched from the plan by a POST (preparedness contacts_from_plan).
KNOWN: set[tuple[str, str]] = set()


def _writes(queries) -> set[str]:
    tables = set()
    for query in queries:
        found = WRITE.match(query["sql"])
        if found and found.group(2) not in NOT_THE_PAGES:
            tables.add(found.group(2))
    return tables


@pytest.mark.usefixtures("world")
def test_no_page_read_with_get_writes(request):
    rows = request.getfixturevalue("world")
    found, known = [], set()
    for visitor in visitors(rows["people"], with_anonymous=False):
        for route in _sent_routes():
            if route.is_admin:
                continue
            for url in addresses(route, rows["a"]):
                with CaptureQueriesContext(connection) as queries:
                    send(visitor, "GET", url, route)
                for table in sorted(_writes(queries.captured_queries)):
                    known.add((route.name, table))
                    if (route.name, table) not in KNOWN:
                        found.append(f"{visitor.name} GET {url} ({route.name}) writes {table}")
    assert not found, "\n".join(sorted(set(found)))
    assert known >= KNOWN, f"No longer written on GET, take off KNOWN: {sorted(KNOWN - known)}"
