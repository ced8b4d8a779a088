"""Ids printed into forms and links are never localized: with Danish number formats and the
thousand separator on, the row with id 1531 would be posted back as "1.531" and not be found.
(SQLite's tests rarely see an id above 999; PostgreSQL's sequences and real use do.)"""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PRINTED_ID = re.compile(r"\{\{\s*[\w.]*\.(pk|id)\s*\}\}")


def test_no_template_prints_an_id_without_unlocalize():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PRINTED_ID.search(line)
    ]
    assert found == []


def test_an_unlocalized_id_has_no_thousand_separator_while_numbers_keep_theirs(settings):
    with translation.override("da"):
        html = Template('<input value="{{ pk|unlocalize }}"> {{ pk }}').render(
            Context({"pk": 1531})
        )
    assert html == '<input value="1531"> 1.531'
