# Over 400 lines: one matrix of every URL pattern x every role: its fillers and walks read together.
"""The permission matrix, generated from the URLconf itself: every URL pattern (the admin's and
the API's included) x every role of plan A, the outsider and the anonymous visitor x the ids of
a second plan B. Nothing of plan B, and nothing of another partner's registrations, may reach
them: not in a page, a download or an API answer, and no request may change plan B.

A new URL pattern fails `test_every_url_pattern_has_a_filler` until it is described here, and a
new page without an access check fails `test_only_people_of_the_plan_get_in`.
"""

import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from helhedsplan.api.models import ApiToken
from helhedsplan.core.tests import attack_data as data
from helhedsplan.plans.admin import plan_lookup

# Pages anyone may open without logging in (they show nothing of any plan).
PUBLIC = {
    "login",
    "login_code",
    "logout",
    "invitations:accept",
    "password_reset",  # "Glemt adgangskode?" and its steps (accounts/password_reset.py)
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    "admin:login",
    "admin:logout",
    "admin:password_change",  # redirects to the admin login
    "admin:password_change_done",
    "admin:jsi18n",
}
# Requests not sent: logging out would end the session the matrix is testing with.
NOT_SENT = {"logout", "admin:logout"}
PDFTOTEXT = shutil.which("pdftotext")
DENIED = {401, 403, 404, 405}
# The roles that get the outward editions (accounts/access.py OUTWARD_ROLES), and the addresses
# that show registration rows: those roles are refused them, everyone who registers gets them.
OUTWARD = {"styregruppe", "bestyrelse", "laeser"}
ROW_ADDRESSES = {
    "registrations:index",
    "registrations:export",
    "registrations:detail",
    "api:list_registrations",
    "api:get_registration",
}
# Which row an id in an address names, by the pattern's name and the argument.
IDS = {
    ("registrations:detail", "pk"): "registration",
    ("registrations:edit", "pk"): "registration",
    ("registrations:delete", "pk"): "registration",
    ("accounts:change_role", "pk"): "membership",
    ("accounts:remove", "pk"): "membership",
    ("accounts:unlock", "pk"): "membership",
    ("accounts:resend", "pk"): "invitation",
    ("accounts:withdraw", "pk"): "invitation",
    ("governance:meeting", "pk"): "meeting",
    ("governance:meeting_item", "pk"): "meeting",
    ("governance:meeting_outcome", "pk"): "meeting",
    ("governance:meeting_minutes", "pk"): "meeting",
    ("governance:meeting_decision", "pk"): "meeting",
    ("governance:meeting_recommendation", "pk"): "meeting",
    ("governance:recommendation_forward", "pk"): "recommendation",
    ("governance:recommendation_decide", "pk"): "recommendation",
    ("governance:change", "pk"): "change",
    ("governance:member_remove", "pk"): "body_member",
    ("governance:change_decide", "pk"): "change",
    ("governance:change_lbf", "pk"): "change",
    ("governance:change_apply", "pk"): "change",
    ("governance:change_reject", "pk"): "change",
    ("governance_calendar:edit", "pk"): "meeting",
    ("governance_calendar:membership_ics", "membership_id"): "body_member",
    ("preparedness_plan:contact_edit", "pk"): "contact",
    ("preparedness_activation:detail", "pk"): "activation",
    ("preparedness_activation:step", "pk"): "activation",
    ("api:get_registration", "registration_id"): "registration",
    ("api:update_registration", "registration_id"): "registration",
    ("api:delete_registration_endpoint", "registration_id"): "registration",
}
# Keys and names in addresses: the same in both plans (one plan file).
KEYS = {
    ("plans:activity", "key"): data.ACTIVITY,
    ("plans:focus_area", "key"): "tryghed-og-trivsel",
    ("registrations:create", "key"): data.ACTIVITY,
    ("registrations:assess", "key"): data.CRITERION,
    ("registrations:import_template", "key"): data.ACTIVITY,
    ("registrations:import_template", "fmt"): "xlsx",
    ("progress:milestone_plan", "key"): data.ACTIVITY,
    ("progress:milestone_plan", "year_label"): "2018-19",
    ("progress:milestone_export", "key"): data.ACTIVITY,
    ("progress:milestone_export", "year_label"): "2018-19",
    ("planning_edit:part", "part"): "focus_areas/tryghed-og-trivsel",
    ("planning_edit:delete", "part"): "focus_areas/tryghed-og-trivsel/activities/naboskab",
    ("planning_edit:add", "list_path"): "focus_areas/tryghed-og-trivsel/activities",
    ("reports:show", "kind"): "fremdrift",
    ("reports:texts", "kind"): "fremdrift",
    ("governance:members", "key"): data.BODY,
    ("governance:member_remove", "key"): data.BODY,
    ("preparedness_activation:step", "step"): "call",
    ("governance:agreement", "document"): "strategic",
    ("governance_calendar:year", "year"): "2018-19",
    ("governance_calendar:propose", "year"): "2018-19",
    ("governance_calendar:pick", "year"): "2018-19",
    ("governance_calendar:membership_ics", "year"): "2018-19",
    ("governance_calendar:body_ics", "year"): "2018-19",
    ("governance_calendar:body_ics", "body_key"): data.BODY,
    ("preparedness_plan:contact_new", "kind"): "medlem",
    ("invitations:accept", "token"): "ukendt-token",
    ("password_reset_confirm", "uidb64"): "MQ",
    ("password_reset_confirm", "token"): "ukendt-token",
}
# Query strings that name rows by id, or ask for a download: each is sent as well.
QUERIES = {
    "reports:show": [
        "?periode=2018/19-T1",
        "?periode=2018/19-T1&format=pdf",
        "?periode=2018/19-T1&format=docx",
        "?periode=2018/19-T1&format=xlsx",
    ],
    "governance:agreement": ["?version={file_version}", "?version={file_version}&format=docx"],
    "governance:members": ["?medlem={body_member}"],
    "governance_calendar:pick": ["?medlem={body_member}"],
    "registrations:assess": ["?tertial=2018/19-T1"],
    "registrations:export": [""],
    "workspace:dashboard": ["?tertial=2018/19-T1"],
}


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    app_label: str = ""  # the admin's model pages
    model_name: str = ""

    @property
    def arguments(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)

    @property
    def is_admin(self) -> bool:
        return self.name == "admin" or self.name.startswith("admin:")

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_namespace = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner_namespace)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name or ""]))
            # The admin's model pages: Django marks each view with its ModelAdmin.
            model_admin = getattr(entry.callback, "model_admin", None)
            meta = model_admin.model._meta if model_admin else None
            pattern = prefix + str(entry.pattern)
            # Extra admin pages (a user's password) are not marked: their address names the model.
            named = re.match(r"admin/(\w+)/(\w+)/", pattern)
            app_label, model_name = (
                (meta.app_label, meta.model_name) if meta else named.groups() if named else ("", "")
            )
            yield Route(pattern, name, app_label, model_name)


ROUTES = sorted(set(_walk(get_resolver().url_patterns)), key=lambda r: (r.pattern, r.name))


# ---- filling in the addresses ------------------------------------------------------------------


def _admin_object_id(route: Route, rows: data.PlanRows) -> str:
    """An id of the admin model's row that belongs to `rows`' plan (or a made-up one)."""
    model = ContentType.objects.get_by_natural_key(route.app_label, route.model_name).model_class()
    lookup = plan_lookup(model)
    queryset = model._default_manager.all()
    if lookup:
        queryset = queryset.filter(**{lookup: rows.plan.pk})
    elif model._meta.label == "auth.User":
        queryset = queryset.filter(plan_memberships__plan=rows.plan)
    first = queryset.order_by("pk").first()
    return str(first.pk) if first else "987654"


def argument(route: Route, name: str, rows: data.PlanRows) -> str | None:
    """The value of one address argument for `rows`' plan; None when the matrix does not know it."""
    if name == "slug":
        return rows.plan.slug
    if (route.name, name) in IDS:
        return str(rows.ids[IDS[route.name, name]])
    if (route.name, name) in KEYS:
        return KEYS[route.name, name]
    if route.is_admin:
        if name in {"object_id", "id", "pk"} and route.model_name:
            return _admin_object_id(route, rows)
        if name == "app_label":
            return "plans"
        if name == "content_type_id":
            return str(ContentType.objects.get_for_model(rows.plan).pk)
        if name == "object_id":
            return str(rows.plan.pk)
        if name == "url":
            return "findes-ikke/"
    return None


def address(route: Route, rows: data.PlanRows) -> str:
    """The route's address with `rows`' plan and ids put in."""
    result = route.pattern.lstrip("^").rstrip("$")
    for name in route.arguments:
        value = argument(route, name, rows)
        assert value is not None, f"{route.name or route.pattern}: no value for <{name}>"
        result = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", value, result, count=1)
    return "/" + result


def addresses(route: Route, rows: data.PlanRows) -> list[str]:
    base = address(route, rows)
    values = {
        **{key: str(value) for key, value in rows.ids.items()},
        "file_version": str(rows.plan.file_versions.order_by("pk").first().pk),
    }
    return [base] + [base + query.format(**values) for query in QUERIES.get(route.name, [])]


# ---- reading what came back --------------------------------------------------------------------


def _pdf_text(body: bytes) -> str:
    """Poppler's pdftotext where it is installed (.ci/run installs it): a fifth of the time
    pypdf takes, and the matrix and the stored-XSS test read a hundred PDFs."""
    if PDFTOTEXT:
        return subprocess.run(
            [PDFTOTEXT, "-q", "-", "-"], input=body, capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def readable_text(response) -> str:
    """Everything a person could read in the response: a page, JSON, CSV, calendar, or the text
    inside a PDF, Word or Excel file."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        return _pdf_text(body)
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return body.decode("utf-8" if "charset" not in kind else kind.split("charset=")[-1], "replace")


def leaked(text: str, marks) -> list[str]:
    return [mark for mark in marks if mark in text]


# ---- the people --------------------------------------------------------------------------------


@dataclass
class Visitor:
    name: str
    client: Client
    api_headers: dict


def visitors(people, *, with_anonymous=True) -> list[Visitor]:
    result = []
    for name, user in people.items():
        client = Client()
        client.force_login(user)
        _token, key = ApiToken.objects.issue(user=user, name="matrix")
        result.append(Visitor(name, client, {"HTTP_AUTHORIZATION": f"Bearer {key}"}))
    if with_anonymous:
        result.append(Visitor("anonym", Client(), {}))
    return result


# Valid API bodies, so that a refusal comes from the access check and not from validation.
API_BODIES = {
    "registrations": {
        "activity": data.ACTIVITY,
        "criteria": [data.CRITERION],
        "date": "2018-10-03",
        "kind": "event",
        "count": 1,
        "note": "matrix",
    },
    "measurements": {
        "criterion": data.CRITERION,
        "date": "2018-10-03",
        "value": "3",
        "source": "matrix",
    },
}


def send(visitor: Visitor, method: str, url: str, route: Route):
    headers = visitor.api_headers if route.is_api else {}
    if method == "GET":
        return visitor.client.get(url, **headers)
    if route.is_api:
        if method == "DELETE":
            return visitor.client.delete(f"{url}?reason=matrix", **headers)
        body = API_BODIES["measurements" if "measurements" in url else "registrations"]
        return visitor.client.generic(
            method, url, data=json.dumps(body), content_type="application/json", **headers
        )
    return visitor.client.post(url, {}, **headers)


def methods(route: Route) -> list[str]:
    if route.is_api and route.name.startswith("api:update"):
        return ["GET", "PATCH", "PUT"]
    if route.is_api and route.name.startswith("api:delete"):
        return ["GET", "DELETE"]
    return ["GET", "POST"]


@pytest.fixture
def world(plan, django_user_model):
    plan_a = plan  # the shared Randers Nordby plan (helhedsplan/conftest.py)
    plan_b = data.load_plan_b()
    rows_a = data.fill_plan(plan_a, "egenplan")
    rows_b = data.fill_plan(plan_b, data.MARK_B)
    data.other_partner_registration(plan_a)
    people = data.personas(plan_a)
    people["udenforstaaende"] = django_user_model.objects.create_user(
        username="udenforstaaende", password=data.PASSWORD
    )
    return {"a": rows_a, "b": rows_b, "people": people}


def _sent_routes():
    return [route for route in ROUTES if route.name not in NOT_SENT]


def _denied(response, visitor: Visitor) -> bool:
    if response.status_code in DENIED:
        return True
    # A visitor who is not logged in is sent to a login page.
    return (
        response.status_code == 302
        and visitor.name == "anonym"
        and "login" in response.get("Location", "")
    )


# ---- the tests ---------------------------------------------------------------------------------


def test_every_url_pattern_has_a_filler(world):
    unknown = [
        f"{route.name or route.pattern}: <{name}>"
        for route in ROUTES
        for name in route.arguments
        if argument(route, name, world["b"]) is None
    ]
    assert unknown == []
    assert len(ROUTES) > 300  # the admin's and the API's patterns are in the matrix


def test_no_address_of_another_plan_gives_anything(world):
    """Plan B's slug and ids, asked for by plan A's people (and anonymous): every answer is a
    refusal, shows nothing of plan B, and plan B is unchanged."""
    plan_b = world["b"].plan
    before = data.plan_b_fingerprint(plan_b)
    failures, sent = [], 0
    for visitor in visitors(world["people"]):
        for route in _sent_routes():
            if route.name in PUBLIC:
                continue
            # Pages of no plan (start, new plan, two-step login, the admin's lists) are read
            # for plan B's texts only; plan A's own addresses are the last test's.
            of_no_plan = not route.arguments
            for url in addresses(route, world["b"]):
                for method in methods(route):
                    response = send(visitor, method, url, route)
                    sent += 1
                    text = readable_text(response)
                    if not (_denied(response, visitor) or of_no_plan or route.is_admin):
                        failures.append(f"{visitor.name} {method} {url}: {response.status_code}")
                    if response.status_code >= 500 or leaked(text, [data.MARK_B]):
                        failures.append(f"{visitor.name} {method} {url}: shows plan B")
    assert not failures, "\n".join(failures)
    assert data.plan_b_fingerprint(plan_b) == before
    print(f"\nThe matrix of another plan's addresses: {sent} requests, 0 leaks")


def test_no_id_of_another_plan_is_taken_in_your_own_plans_address(world):
    """Plan A's slug with plan B's ids (a registration, a meeting, a contact, a member ... and
    in the admin any row): refused for everyone, plan A's secretariat included."""
    plan_b = world["b"].plan
    before = data.plan_b_fingerprint(plan_b)
    crossed = data.PlanRows(world["a"].plan, world["b"].ids)
    failures, sent = [], 0
    for visitor in visitors(world["people"], with_anonymous=False):
        for route in _sent_routes():
            by_id = [name for name in route.arguments if (route.name, name) in IDS]
            if route.is_admin and "object_id" in route.arguments and route.model_name:
                urls = [address(route, world["b"])]  # the admin's addresses have no plan
            elif by_id or route.name in {"governance:members", "governance:agreement"}:
                urls = addresses(route, crossed)
            else:
                continue
            for url in urls:
                for method in methods(route):
                    response = send(visitor, method, url, route)
                    sent += 1
                    if route.is_admin:
                        # Django's admin answers a row it cannot find with a redirect.
                        refused = response.status_code in DENIED | {302}
                    elif route.name in {"governance:members", "governance:agreement"}:
                        refused = True  # the id is in the query string: only the text counts
                    else:
                        refused = _denied(response, visitor)
                    if not refused:
                        failures.append(f"{visitor.name} {method} {url}: {response.status_code}")
                    if response.status_code >= 500 or leaked(
                        readable_text(response), [data.MARK_B]
                    ):
                        failures.append(f"{visitor.name} {method} {url}: shows plan B")
    assert not failures, "\n".join(failures)
    assert data.plan_b_fingerprint(plan_b) == before
    print(f"\nThe matrix of crossed ids: {sent} requests, 0 leaks")


def test_only_people_of_the_plan_get_in(world):
    """Every address of plan A that is not public refuses the anonymous visitor and a user
    without a role in the plan. A new view without an access check fails here."""
    outsiders = [
        visitor
        for visitor in visitors(world["people"])
        if visitor.name in {"anonym", "udenforstaaende"}
    ]
    failures, sent = [], 0
    for visitor in outsiders:
        for route in _sent_routes():
            if route.name in PUBLIC:
                continue
            if not route.arguments and not route.is_admin and visitor.name != "anonym":
                continue  # pages of no plan (start, new plan, two-step login) are for any user
            for url in addresses(route, world["a"]):
                for method in methods(route):
                    response = send(visitor, method, url, route)
                    sent += 1
                    refused = _denied(response, visitor) or (
                        # the admin sends users without staff rights to its own login
                        route.is_admin and response.status_code == 302
                    )
                    if not refused:
                        failures.append(f"{visitor.name} {method} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
    print(f"\nOutsiders on plan A's addresses: {sent} requests, all refused")


def test_plan_a_shows_nothing_of_plan_b_or_of_another_partner(world):
    """Every page and download of plan A, read by each of its roles: nothing of plan B, and A's
    partner sees nothing of the registrations of an activity it does not deliver."""
    failures, sent = [], 0
    for visitor in visitors(world["people"], with_anonymous=False):
        # A's partner must not read another partner's registration; the roles that get the
        # outward editions read no registration row at all (figures, not rows: issue 17).
        marks = [data.MARK_B] + (
            [data.MARK_PARTNER] if visitor.name in {"partner", *OUTWARD} else []
        )
        for route in _sent_routes():
            for url in addresses(route, world["a"]):
                response = send(visitor, "GET", url, route)
                sent += 1
                if response.status_code >= 500:
                    failures.append(f"{visitor.name} GET {url}: {response.status_code}")
                if leaked(readable_text(response), marks):
                    failures.append(
                        f"{visitor.name} GET {url}: {leaked(readable_text(response), marks)}"
                    )
    assert not failures, "\n".join(failures)
    print(f"\nPlan A's own addresses: {sent} requests, 0 leaks")


def test_registration_rows_are_read_only_by_the_roles_that_register(world):
    """Every address that shows registration rows, for every role of plan A: the secretariat,
    its staff and the partner read them; the steering group, the board and readers are refused
    (they read the figures with the small-number rule), and no page of theirs links there."""
    routes = [route for route in ROUTES if route.name in ROW_ADDRESSES]
    assert {route.name for route in routes} == ROW_ADDRESSES
    failures = []
    for visitor in visitors(world["people"], with_anonymous=False):
        if visitor.name == "udenforstaaende":
            continue
        for route in routes:
            if visitor.name == "partner" and route.arguments != ["slug"]:
                continue  # the row named is of an activity it does not deliver (tested above)
            for url in addresses(route, world["a"]):
                response = send(visitor, "GET", url, route)
                refused = response.status_code in {403, 404}
                if refused != (visitor.name in OUTWARD):
                    failures.append(f"{visitor.name} GET {url}: {response.status_code}")
        if visitor.name in OUTWARD:
            for page in ("workspace:start", "workspace:dashboard", "reports:index"):
                url = address(next(r for r in ROUTES if r.name == page), world["a"])
                text = visitor.client.get(url).content.decode()
                if f"/planer/{world['a'].plan.slug}/registrering/" in text:
                    failures.append(f"{visitor.name} {url} links to the registrations")
    assert not failures, "\n".join(failures)


def test_a_secretariat_given_every_admin_permission_still_sees_only_its_own_plan(world):
    """The secretariat's role gives the admin rights of the plans app only; an installation may
    grant more. Even with every permission there is, a secretariat user reads and changes in the
    admin nothing of plan B: its lists, forms and histories hold plan A's rows alone."""
    user = world["people"]["sekretariat"]
    user.user_permissions.set(Permission.objects.all())
    plan_b = world["b"].plan
    before = data.plan_b_fingerprint(plan_b)
    client = Client()
    client.force_login(user)
    failures, sent = [], 0
    admin_routes = [r for r in _sent_routes() if r.is_admin and r.name not in PUBLIC]
    for route in admin_routes:
        own = [address(route, world["a"])]
        others = [address(route, world["b"])] if route.arguments else []
        for url, method in [(u, "GET") for u in own] + [
            (u, m) for u in others for m in ("GET", "POST")
        ]:
            response = client.get(url) if method == "GET" else client.post(url, {"post": "yes"})
            sent += 1
            if response.status_code >= 500 or leaked(readable_text(response), [data.MARK_B]):
                failures.append(f"{method} {url}: {response.status_code}, shows plan B")
    assert not failures, "\n".join(failures)
    assert data.plan_b_fingerprint(plan_b) == before
    print(f"\nThe admin with every permission: {sent} requests, 0 leaks")
