"""Reports in the app: who sees which edition, downloads, and writing the texts."""

import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.reports.models import Narrative
from helhedsplan.reports.tests.conftest import NARRATIVE, text_of

SLUG = "randers-nordby-2017-21"


def show_url(kind="fremdrift"):
    return reverse("reports:show", args=[SLUG, kind])


def test_the_list_offers_every_report_and_format(client, plan, bestyrelse):
    client.login(username="bestyrelse", password=PASSWORD)
    html = client.get(reverse("reports:index", args=[SLUG])).content.decode()
    for label in (
        "Fremdriftsrapport",
        "Projektledelsesrapport",
        "Årsrapport",
        "Monitoreringsrapport",
        "Aktivitetsskema",
    ):
        assert label in html
    assert "Hent PDF" in html and "Hent Word" in html and "Hent Excel" in html
    assert '<option value="2018/19-T2">' in html
    assert "sekretariatets udgave" not in html  # the board has one edition only


def test_a_report_on_screen_has_its_figures_and_download_links(client, data, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    html = client.get(show_url(), {"periode": "2018/19-T2"}).content.decode()
    assert "<h1>Fremdriftsrapport 2018/19-T2</h1>" in html
    assert NARRATIVE in html
    assert "format=pdf" in html and "format=docx" in html and "format=xlsx" in html
    assert "Skriv rapportens tekster" in html


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_downloads_come_as_files(client, data, bestyrelse, file_format, content_type):
    client.login(username="bestyrelse", password=PASSWORD)
    response = client.get(show_url(), {"periode": "2018/19-T2", "format": file_format})
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="fremdrift-randers-nordby-2017-21-2018-19-t2.{file_format}"'
    )
    assert NARRATIVE in text_of(response.content, file_format)


def test_the_board_cannot_ask_for_the_internal_edition(client, data, bestyrelse):
    client.login(username="bestyrelse", password=PASSWORD)
    response = client.get(
        show_url("aktivitetsskema"), {"periode": "2018/19", "format": "xlsx", "udgave": "intern"}
    )
    assert "<5" in text_of(response.content, "xlsx")


def test_the_secretariat_chooses_the_edition_and_the_safe_one_is_the_default(
    client, data, sekretariat
):
    client.login(username="sekretariat", password=PASSWORD)
    url = show_url("aktivitetsskema")
    default = client.get(url, {"periode": "2018/19", "format": "xlsx"})
    internal = client.get(url, {"periode": "2018/19", "format": "xlsx", "udgave": "intern"})
    assert "<5" in text_of(default.content, "xlsx")
    assert "<5" not in text_of(internal.content, "xlsx")


def test_a_wrong_period_goes_back_with_a_danish_message(client, plan, bestyrelse):
    client.login(username="bestyrelse", password=PASSWORD)
    response = client.get(show_url(), {"periode": "2018/19"}, follow=True)
    assert "gælder et tertial" in response.content.decode()


def test_non_members_get_404(client, plan, outsider):
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("reports:index", args=[SLUG])).status_code == 404
    assert client.get(show_url(), {"periode": "2018/19-T2", "format": "pdf"}).status_code == 404


def test_the_secretariat_writes_texts_and_they_are_kept_with_history(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    url = reverse("reports:texts", args=[SLUG, "fremdrift"]) + "?periode=2018/19-T2"
    html = client.get(url).content.decode()
    assert (
        "Samlet status for tertialet" in html
        and "Aktivitet 1.1 Aktivitet til styrkelse af naboskab" in html
    )
    response = client.post(
        url,
        {"periode": "2018/19-T2", "topic_0": "Et godt tertial.", "topic_1": NARRATIVE}
        | read_form(client, url),
    )
    assert response.status_code == 302
    saved = dict(Narrative.objects.filter(plan=plan).values_list("topic", "text"))
    assert saved == {"": "Et godt tertial.", "activity:naboskab": NARRATIVE}
    client.post(
        url,
        {"periode": "2018/19-T2", "topic_0": "Rettet.", "topic_1": NARRATIVE}
        | read_form(client, url),
    )
    narrative = Narrative.objects.get(plan=plan, topic="")
    assert narrative.text == "Rettet."
    assert [h.text for h in narrative.history.order_by("history_date")] == [
        "Et godt tertial.",
        "Rettet.",
    ]
    assert narrative.history.first().history_user.username == "sekretariat"


def test_a_cpr_number_in_a_text_saves_nothing(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    url = reverse("reports:texts", args=[SLUG, "fremdrift"]) + "?periode=2018/19-T2"
    html = client.post(
        url, {"periode": "2018/19-T2", "topic_0": "Barnet 010203-1234 deltog.", "topic_1": "Fint."}
    ).content.decode()
    assert "Teksterne er ikke gemt" in html
    assert "CPR" in html
    assert not Narrative.objects.exists()


def test_only_the_secretariat_and_its_staff_write_texts(client, plan, bestyrelse, partner):
    url = reverse("reports:texts", args=[SLUG, "fremdrift"]) + "?periode=2018/19-T2"
    for username in ("bestyrelse", "partner"):
        client.login(username=username, password=PASSWORD)
        assert client.get(url).status_code == 404
        assert client.post(url, {"periode": "2018/19-T2", "topic_0": "x"}).status_code == 404
    assert not Narrative.objects.exists()
