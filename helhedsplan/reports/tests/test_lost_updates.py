"""Two people write a report's texts at once: the second save is refused with the first one's
text shown; texts the second person did not touch get the first one's words."""

from django.test import Client
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form, returned_form
from helhedsplan.reports.models import Narrative

URL = reverse("reports:texts", args=["randers-nordby-2017-21", "fremdrift"]) + "?periode=2018/19-T2"


def logged_in(username) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_report_texts_saved_on_top_of_newer_texts_are_refused(plan, sekretariat, medarbejder):
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, URL), read_form(bo, URL)
    base = {"periode": "2018/19-T2"}
    saved = anna.post(URL, base | {"topic_0": "Annas indledning.", "topic_1": ""} | read_by_anna)
    assert saved.status_code == 302

    refused = bo.post(
        URL, base | {"topic_0": "", "topic_1": "Bos afsnit om naboskab."} | read_by_bo
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Teksterne er ikke gemt" in html and "Ikke gemt: sekretariat" in html
    assert "(tom) → «Annas indledning.»" in html
    form = refused.context["form"]
    assert form.data["topic_0"] == "Annas indledning."  # put in: Bo had not touched it
    assert form.data["topic_1"] == "Bos afsnit om naboskab."
    assert dict(Narrative.objects.values_list("topic", "text")) == {"": "Annas indledning."}

    assert bo.post(URL, returned_form(refused)).status_code == 302
    assert dict(Narrative.objects.values_list("topic", "text")) == {
        "": "Annas indledning.",
        "activity:naboskab": "Bos afsnit om naboskab.",
    }
