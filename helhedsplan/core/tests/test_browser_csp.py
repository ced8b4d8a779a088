"""In a real Chromium, with the strict Content-Security-Policy on (as in production): the main page
of every app, opened by the secretariat, makes the browser report no policy violation, and the
pages still work: the stylesheets apply (also the CSS moved out of the beredskab templates),
details open, the report charts (PNG data: URIs) show, and the API docs' Swagger UI runs.
The downloaded HTML report, opened from disk, keeps its look under its own hash-based policy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhedsplan.browser import log_in
from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting
from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.services import ensure_contacts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"
PAGES = {
    "start page": "/",
    "overview": f"/planer/{SLUG}/",
    "dashboard": f"/planer/{SLUG}/fremdrift/?dato=2019-02-28",
    "registration form": f"/planer/{SLUG}/registrering/ny/hotspot/",
    "report page": f"/planer/{SLUG}/rapporter/aarsrapport/?periode=2018/19",
    "calendar": f"/planer/{SLUG}/moeder/kalender/",
    "meetings": f"/planer/{SLUG}/moeder/",
    "economy": f"/planer/{SLUG}/oekonomi/",
    "bodies": f"/planer/{SLUG}/organer/",
    "beredskab overview": f"/planer/{SLUG}/beredskab/",
    "plan editor": f"/planer/{SLUG}/rediger/",
    "people": f"/planer/{SLUG}/personer/",
    "API docs": "/api/v1/docs",
}
# Records every violation the page itself sees, besides Chromium's console line.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Violations:
    """Content-Security-Policy complaints in the console, and script errors, per page."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: error: {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def seen_by_the_page(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")


def _background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def test_the_main_pages_of_every_app_break_no_content_security_policy_and_still_work(
    live_server, page, plan, sekretariat
):
    ensure_contacts(plan)
    allan = Contact.objects.get(plan=plan, name="Allan Aarslev")
    meeting = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="styregruppe"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 2, 19, 9)),
    )
    pages = {
        **PAGES,
        "meeting": f"/planer/{SLUG}/moeder/{meeting.pk}/",
        "beredskab contact form": f"/planer/{SLUG}/beredskab/personer/{allan.pk}/ret/",
        "two-step login": reverse("account:two_factor"),  # its QR code is an image of ours
    }
    violations = Violations(page)  # the login page is watched too
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    assert "/login/" not in page.url
    seen = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, name
        header = response.headers["content-security-policy"]
        assert "default-src 'self'" in header, name
        assert "unsafe" not in header, name
        if name == "API docs":
            # Swagger UI is JavaScript from our static files; it has drawn the operations.
            page.wait_for_selector(".opblock", timeout=20000)
            assert page.locator(".opblock").count() >= 5
        else:
            page.wait_for_load_state("load")
            # helhedsplan.css applied: the header bar has its colour, the skip link hides.
            assert _background(page, ".site-header") != "rgba(0, 0, 0, 0)", name
            assert page.eval_on_selector(".skip-link", "e => getComputedStyle(e).position") == (
                "absolute"
            ), name
        if found := violations.seen_by_the_page():
            seen[name] = found
    assert violations.found == []
    assert seen == {}

    # The charts of the annual report are PNG data: URIs, allowed by img-src, and show.
    page.goto(f"{live_server.url}{PAGES['report page']}")
    charts = page.locator("img[src^='data:image/png']")
    assert charts.count() >= 1
    widths = charts.evaluate_all("images => images.map(i => i.complete && i.naturalWidth)")
    assert all(width and width > 0 for width in widths), widths

    # The beredskab CSS that moved from <style> in the templates to beredskab.css applies, and
    # the details element with what is missing opens and closes.
    page.goto(f"{live_server.url}{PAGES['beredskab overview']}")
    readiness = page.locator(".readiness").first
    assert readiness.evaluate("e => getComputedStyle(e).borderTopWidth") == "3px"
    assert page.eval_on_selector(".quick-links", "e => getComputedStyle(e).display") == "flex"
    details = page.locator(".readiness details").first
    was_open = details.evaluate("e => e.open")
    details.locator("summary").click()
    assert details.evaluate("e => e.open") is not was_open
    page.goto(f"{live_server.url}{pages['beredskab contact form']}")
    phone = page.locator(".beredskab .form input[type=tel]").first
    assert phone.evaluate("e => getComputedStyle(e).fontSize") == "19.2px"  # 1.2rem
    assert float(phone.evaluate("e => parseFloat(getComputedStyle(e).minHeight)")) >= 44

    # The API docs still run their JavaScript: an operation opens and "Try it out" asks.
    page.goto(f"{live_server.url}{PAGES['API docs']}")
    page.wait_for_selector(".opblock", timeout=20000)
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").wait_for()
    assert violations.found == []
    assert violations.seen_by_the_page() == []


def test_the_downloaded_html_report_keeps_its_look_under_its_own_policy(
    live_server, page, plan, sekretariat, tmp_path
):
    violations = Violations(page)
    log_in(page, live_server.url, "sekretariat", PASSWORD)
    url = f"{live_server.url}/planer/{SLUG}/rapporter/aarsrapport/?periode=2018/19&format=html"
    download = page.request.get(url)
    assert download.status == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    header = download.headers["content-security-policy"]
    assert "style-src 'sha256-" in header
    assert "unsafe" not in header
    assert "frame-ancestors 'none'" in header
    html = download.text()
    assert '<meta http-equiv="Content-Security-Policy"' in html

    # Opened from disk, as a person opens the downloaded file: no header, only its <meta>.
    document = tmp_path / "aarsrapport.html"
    document.write_text(html, encoding="utf-8")
    page.goto(document.as_uri())
    page.wait_for_load_state("load")
    # report.css applies (the headings' blue), and the charts show.
    assert page.eval_on_selector("h1", "e => getComputedStyle(e).color") == "rgb(8, 61, 109)"
    charts = page.locator("img[src^='data:image/png']")
    assert charts.count() >= 1
    assert charts.first.evaluate("i => i.naturalWidth") > 0
    assert violations.found == []
    assert violations.seen_by_the_page() == []

    # A style the document did not bring with it is refused, so the policy is really there.
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'h1 { color: rgb(255, 0, 0) }'; document.head.append(s); }"
    )
    assert page.eval_on_selector("h1", "e => getComputedStyle(e).color") == "rgb(8, 61, 109)"
    assert any("style-src" in v for v in violations.seen_by_the_page())
