"""Every page says what it is for, and an empty list says what to do next (issue 10, point 5).

The first test walks the whole URLconf rather than a list of pages, so that a page added later is
checked too: each GET page of the Randers plan, as the secretariat, must answer 200 with exactly
one <h1> and a <p class="lead"> after it. Every failing page is reported in one message.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import plan_years
from helhedsplan.plans.models import Activity

# Not pages to read: Django's admin, the JSON API, logging out, and the one-time invitation link
# (its token cannot be made up). Downloads are recognised by their content type below.
SKIPPED_PREFIXES = ("admin/", "api/")
SKIPPED_NAMES = {"logout"}
SKIPPED_NAMESPACES = {"admin", "invitations"}
# File names in a route (kontaktark.pdf, eksport.csv, <key>.<fmt>) are downloads; not fetched.
DOWNLOAD_ENDINGS = (".pdf", ".csv", ".xlsx", ".docx", ".ics", ".<str:fmt>", ".yaml", ".json")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the whole route, "planer/<slug:slug>/aktiviteter/<slug:key>/"
    params: frozenset[str]


def _pattern_params(pattern) -> set[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.pattern.regex.groupindex)


def _walk(patterns, prefix="", namespaces=(), params=frozenset()):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        here = params | _pattern_params(entry)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, route, inner, frozenset(here))
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(":".join((*namespaces, entry.name)), route, frozenset(here))


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def _skipped(route: Route) -> bool:
    namespace = route.name.rsplit(":", 1)[0] if ":" in route.name else ""
    return (
        route.route.startswith(SKIPPED_PREFIXES)
        or route.name in SKIPPED_NAMES
        or namespace.split(":")[0] in SKIPPED_NAMESPACES
        or route.route.rstrip("/").endswith(DOWNLOAD_ENDINGS)
    )


def _candidates(plan) -> dict[str, list[str]]:
    """The values the test can fill in, by parameter name; a `key` may be any of three kinds."""
    activity = Activity.objects.for_plan(plan).order_by("focus_area__number", "number").first()
    focus_area = plan.focus_areas.order_by("number").first()
    body = plan.bodies.order_by("id").first()
    first_year = plan_years(plan.start, plan.end)[0].label.replace("/", "-")
    return {
        "slug": [plan.slug],
        "key": [activity.key, focus_area.key, body.key],
        "body_key": [body.key],
        "year": [first_year],
        "year_label": [first_year],
    }


class _Outline(HTMLParser):
    """The page's <h1> headings and, in document order, whether a lead line follows the first."""

    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.lead_after_h1 = False
        self._in_lead = False
        self.lead_text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.h1_count += 1
        classes = (dict(attrs).get("class") or "").split()
        if tag == "p" and "lead" in classes and self.h1_count and not self.lead_after_h1:
            self.lead_after_h1 = True
            self._in_lead = True

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_lead = False

    def handle_data(self, data):
        if self._in_lead:
            self.lead_text += data


def _problem(response) -> str | None:
    if response.status_code != 200:
        return f"svarer {response.status_code}"
    outline = _Outline()
    outline.feed(response.content.decode())
    if outline.h1_count != 1:
        return f"har {outline.h1_count} <h1>"
    if not outline.lead_after_h1:
        return 'har ingen <p class="lead"> efter <h1>'
    if not outline.lead_text.strip():
        return 'har en tom <p class="lead">'
    return None


@pytest.fixture
def secretariat_client(client, plan, sekretariat):
    client.force_login(sekretariat)
    return client


def test_every_page_of_the_plan_has_one_heading_and_a_lead_line(secretariat_client, plan):
    candidates = _candidates(plan)
    checked, problems = [], []
    for route in all_routes():
        if _skipped(route) or not route.params <= candidates.keys():
            continue
        # A `key` may be an activity's, a focus area's or a body's: the first that gives a page.
        names = sorted(route.params)
        tries = [{}]
        for name in names:
            tries = [{**kwargs, name: value} for kwargs in tries for value in candidates[name]]
        response = url = None
        for kwargs in tries:
            try:
                url = reverse(route.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            # A route that only redirects (the calendar to its current year) is judged by the
            # page it leads to.
            response = secretariat_client.get(url, follow=True)
            if response.status_code != 404:
                break
        if response is None or response.status_code == 405:
            continue  # not a GET page (or no value fits the route)
        if response.status_code == 404 and route.params - {"slug"}:
            continue  # a key of a kind the test does not know, or a query the page needs
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and not content_type.startswith("text/html"):
            continue  # a download
        checked.append(route.name)
        problem = _problem(response)
        if problem:
            problems.append(f"{route.name} ({url}) {problem}")
    assert not problems, "Sider uden én <h1> og en forklarende linje:\n" + "\n".join(problems)
    # The walk really reached the plan's pages, those that take a key included.
    assert {
        "plans:overview",
        "plans:activity",
        "plans:focus_area",
        "registrations:index",
        "governance:members",
    } <= set(checked)


class _EmptyState(HTMLParser):
    """The text and links of the elements marked class="empty"."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if self._depth:
            self._depth += 1
            if tag == "a":
                self.links.append(attrs.get("href", ""))
        elif "empty" in (attrs.get("class") or "").split():
            self._depth = 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.texts[-1] += data


def _empty_state(client, user, plan) -> _EmptyState:
    client.force_login(user)
    response = client.get(reverse("registrations:index", args=[plan.slug]))
    assert response.status_code == 200
    state = _EmptyState()
    state.feed(response.content.decode())
    return state


@pytest.mark.parametrize("role", [Role.SEKRETARIAT, Role.PARTNER])
def test_a_fresh_plan_invites_those_who_register_to_register_the_first(client, plan, role):
    user = ensure_member(
        plan=plan,
        username=f"ny-{role}",
        role=role,
        password=PASSWORD,
        organisation=plan.organisations.get(key="randers-produktionshoejskole")
        if role == Role.PARTNER
        else None,
    )
    state = _empty_state(client, user, plan)
    assert any("Ingen registreringer endnu" in text for text in state.texts)
    assert any("registrér den første" in text for text in state.texts)
    assert state.links, "the empty state links to where a registration is made"
    for href in state.links:
        if href.startswith("#"):
            assert href[1:] in state.ids, f"{href} points at nothing on the page"
        else:
            assert client.get(href).status_code == 200


def test_a_reader_has_no_registration_list_and_no_way_there(client, plan, bestyrelse):
    # The board reads figures, not rows (issue 17): the list is not there for it, and neither
    # the menu nor the dashboard's empty state leads to it or invites it to register.
    client.force_login(bestyrelse)
    assert client.get(reverse("registrations:index", args=[plan.slug])).status_code == 404
    dashboard = client.get(reverse("workspace:dashboard", args=[plan.slug])).content.decode()
    assert reverse("registrations:index", args=[plan.slug]) not in dashboard
    assert "registrér" not in dashboard
