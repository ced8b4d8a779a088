"""The site's icon: browsers ask for /favicon.ico on every page, the admin's included, whatever a
page's <link rel="icon"> says, and a 404 there was the one audit below full marks in Lighthouse."""

import io
from pathlib import Path

from django.contrib.staticfiles import finders
from PIL import Image

from helhedsplan.conftest import PASSWORD


def test_favicon_ico_is_served_at_the_root_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_every_page_names_the_icon(client, sekretariat, plan):
    client.login(username="sekretariat", password=PASSWORD)
    for address in ("/login/", f"/planer/{plan.slug}/"):
        page = client.get(address, follow=True).content.decode()
        assert 'rel="icon" href="/static/core/favicon.svg"' in page
        assert 'rel="icon" href="/favicon.ico"' in page


def test_the_svg_icon_is_a_static_file_of_the_brand_colour():
    found = finders.find("core/favicon.svg")
    assert found
    svg = Path(found).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'fill="#0b5394"' in svg
