"""The strategic agreement's annex of the register measures at the plan's start, as PDF and
Word: the data year before the plan starts, small person counts hidden (the annex leaves the
secretariat), and a Danish page when there are no register data."""

import io
import subprocess

import docx

from helhedsplan.conftest import PASSWORD
from helhedsplan.registerdata.annex import start_year
from helhedsplan.registerdata.importer import import_register_values


def _import(plan, rows):
    text = "area;year;measure;value\n" + "\n".join(rows)
    assert import_register_values(plan, text.encode(), "data.csv").ok


def test_the_start_is_the_newest_data_year_before_the_plan_starts(plan):
    assert plan.start.year == 2017
    assert start_year(plan, [2014, 2015, 2016, 2017, 2018]) == 2016
    assert start_year(plan, [2018, 2019]) == 2018  # none before: the first imported
    assert start_year(plan, []) is None


def test_the_annex_as_word_and_pdf(client, plan, bestyrelse):
    _import(
        plan,
        [
            "gl-jennumparken;2016;residents;1860",
            "gl-jennumparken;2016;moved_in;3",
            "gl-jennumparken;2016;non_western;52,7",
            "gl-jennumparken;2017;residents;1999",
            "kommune;2016;non_western;8,3",
        ],
    )
    assert client.login(username=bestyrelse.username, password=PASSWORD)
    response = client.get(f"/planer/{plan.slug}/registerdata/bilag.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-bilag-registermaalinger.docx"')
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Bilag: Fælles tværgående målinger ved indsatsens start (2016)" in text
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells[0] == ["Måling", "Gl. Jennumparken", "Kommunen"]
    assert ["Antal beboere", "1.860", "–"] in cells  # 2016, not 2017's 1.999
    assert ["Antal tilflyttere", "<5", "–"] in cells  # 3 persons: hidden
    assert [
        "Andel indvandrere og efterkommere fra ikkevestlige lande (pct.)",
        "52,7 %",
        "8,3 %",
    ] in cells

    response = client.get(f"/planer/{plan.slug}/registerdata/bilag.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True
    ).stdout.decode()
    assert "1.860" in pdf_text and "1.999" not in pdf_text
    assert "Boligområdernes status efter almenboligloven §§ 61 a-b" in pdf_text


def test_no_register_data_no_annex(client, plan, sekretariat):
    assert client.login(username=sekretariat.username, password=PASSWORD)
    response = client.get(f"/planer/{plan.slug}/registerdata/bilag.pdf")
    assert response.status_code == 404
    assert "Planen har ingen registerdata endnu" in response.content.decode()


def test_the_agreements_page_links_to_the_annex(client, plan, bestyrelse):
    assert client.login(username=bestyrelse.username, password=PASSWORD)
    text = client.get(f"/planer/{plan.slug}/aftaler/").content.decode()
    assert "Bilaget til den strategiske aftale med de fælles tværgående målinger" in text
    assert f'href="/planer/{plan.slug}/registerdata/bilag.pdf"' in text
    assert f'href="/planer/{plan.slug}/registerdata/bilag.docx"' in text
