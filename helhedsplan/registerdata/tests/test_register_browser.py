"""In a real Chromium, at desktop and phone size: the secretariat imports a year of register data
(a dry run first), and the board sees the standing on its start page, on the register page and
in the årsrapport. axe-core finds nothing serious on any of them; no page scrolls sideways."""

import pytest

from helhedsplan.browser import log_in, serious_violations
from helhedsplan.conftest import PASSWORD
from helhedsplan.registerdata.models import RegisterValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "randers-nordby-2017-21"
AREA = "gl-jennumparken"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def _file(tmp_path):
    rows = ["area;year;measure;value;source"]
    for year in (2019, 2020):
        rows += [
            f"{AREA};{year};residents;1.512;Danmarks Statistik",
            f"{AREA};{year};outside_work_education_18_64;44,2;",
            f"{AREA};{year};basic_education_only_30_59;61,5;",
            f"{AREA};{year};non_western;52,3;",
            f"{AREA};{year};convicted;1,1;",
            f"{AREA};{year};gross_income_15_64;205.000;",
            f"land;{year};convicted;0,9;",
            f"region;{year};gross_income_15_64;380.000;",
        ]
    path = tmp_path / "registerdata-2020.csv"
    path.write_text("\n".join(rows) + "\n", encoding="cp1252")
    return path


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", SIZES)
def test_the_secretariat_imports_and_the_board_sees_the_standing(
    live_server, browser, sekretariat, bestyrelse, tmp_path, size
):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    problems = {}

    log_in(page, live_server.url, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/registerdata/")
    page.get_by_role("link", name="Importér registerdata").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Importér registerdata fra et regneark"
    )
    problems["import"] = serious_violations(page)
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(str(_file(tmp_path)))
    page.get_by_label("Kontrollér kun filen (gem intet)").check()
    page.get_by_role("button", name="Importér").click()
    assert "Filen er i orden: 16 værdier ville blive importeret" in page.content()
    assert "Vælg filen igen, og tryk «Importér» for at gemme den." in page.content()
    assert not page.get_by_label("Kontrollér kun filen (gem intet)").is_checked()
    assert RegisterValue.objects.count() == 0
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(str(_file(tmp_path)))
    page.get_by_role("button", name="Importér").click()
    page.wait_for_url(f"**/planer/{SLUG}/registerdata/")
    assert "16 værdier importeret." in page.content()
    assert RegisterValue.objects.count() == 16
    context.clear_cookies()

    log_in(page, live_server.url, "bestyrelse", PASSWORD)
    page.goto(f"{live_server.url}/planer/{SLUG}/start/")
    status = page.get_by_role("region", name="Boligområdernes status (almenboligloven §§ 61 a-b)")
    assert "Gl. Jennumparken: Udsat boligområde (§ 61 a, stk. 1), Parallelsamfund" in (
        status.inner_text()
    )
    problems["start"] = serious_violations(page)
    assert _no_sideways_scroll(page), "start"
    status.get_by_role("link", name="Se kriterierne og udviklingen").click()
    page.wait_for_url(f"**/planer/{SLUG}/registerdata/")
    assert page.get_by_role("table", name="Listerne pr. område, dataår 2020").count() == 1
    area = page.get_by_role("region", name="Gl. Jennumparken")
    criteria = area.get_by_role(
        "table", name="Kriterierne for et udsat boligområde (§ 61 a, stk. 1), dataår 2020"
    )
    assert "44,2 %" in criteria.inner_text() and "over 40,0 %" in criteria.inner_text()
    chart = area.get_by_role("img", name="Kriterium 1:", exact=False)
    assert chart.is_visible()
    problems["registerdata"] = serious_violations(page)
    assert _no_sideways_scroll(page), "registerdata"

    page.goto(f"{live_server.url}/planer/{SLUG}/rapporter/aarsrapport/?periode=2020/21")
    heading = page.get_by_role("heading", name="Registermålinger og boligområdernes status")
    assert heading.count() == 1
    assert (
        page.get_by_role(
            "table", name="Boligområdernes status efter almenboligloven §§ 61 a-b, dataår 2020"
        ).count()
        == 1
    )
    problems["aarsrapport"] = serious_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}
    context.close()
