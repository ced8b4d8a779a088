"""Helpers for tests that send forms as a browser does: with the hidden fields the page gave
(the version an edit form was read at, a create form's one-time token)."""

from html.parser import HTMLParser

from helhedsplan.core.form_merge import VERSION_FIELD
from helhedsplan.core.once import TOKEN_FIELD

_GUARDS = (VERSION_FIELD, TOKEN_FIELD)


class _Hidden(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden":
            name = attributes.get("name") or ""
            if name.rsplit("-", 1)[-1] in _GUARDS:
                self.values[name] = attributes.get("value") or ""


def guard_fields(response) -> dict[str, str]:
    """The version and one-time token fields on a page, by their names in the form."""
    parser = _Hidden()
    parser.feed(response.content.decode())
    return parser.values


def read_form(client, url: str) -> dict[str, str]:
    """Open the page as the client and return its forms' version and token fields."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return guard_fields(response)


def returned_form(response, name: str = "form") -> dict[str, list[str]]:
    """What a form shown again (refused) now holds, as a browser would send it back."""
    form = response.context[name]
    return {key: form.data.getlist(key) for key in form.data if key != "csrfmiddlewaretoken"}
