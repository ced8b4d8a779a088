"""The versions behind "no lost updates": equal values compare equal, a version names the fields
that changed, a change is told in Danish words, and a form merges what it can."""

import datetime
from decimal import Decimal

from django import forms
from django.http import QueryDict

from helhedsplan.core.change_words import LastChange, changes_between, value_words
from helhedsplan.core.form_merge import track
from helhedsplan.core.versions import (
    changed_fields,
    comparable,
    if_match_versions,
    snapshot,
    version_of,
)


def test_equal_meanings_compare_equal():
    assert comparable(datetime.date(2018, 9, 1)) == comparable("2018-09-01")
    assert comparable(Decimal("1.50")) == comparable(1.5) == "1.5"
    assert comparable(Decimal("100")) == "100"
    assert comparable("to\r\nlinjer  \r\n") == comparable("to\nlinjer")
    assert comparable(None) == comparable("")
    assert comparable([3, 1, 2]) == comparable(["1", "2", "3"])
    assert comparable(True) is True


def test_a_version_is_stable_and_changes_with_any_value():
    values = {"count": 1, "note": "", "date": datetime.date(2018, 9, 1)}
    assert version_of(values) == version_of(dict(values))
    assert version_of(values) != version_of(values | {"count": 2})
    assert version_of(values) == version_of(values | {"date": "2018-09-01"})


def test_an_old_version_names_the_changed_fields(settings):
    # The marks are keyed with the secret key: with a random key two values of a field share
    # their mark by chance (once in 256 with one byte, which failed this test on a clean
    # checkout; once in 65,536 with two). A fixed key makes it test the naming, not the odds.
    settings.SECRET_KEY = "a fixed key for the lost-update versions test, 50 characters+"
    old = {"count": 1, "note": "", "kind": "contact", "codes": ["U-1"]}
    new = old | {"count": 4, "codes": ["U-1", "U-2"]}
    assert changed_fields(version_of(old), new) == ["codes", "count"]
    assert changed_fields(version_of(old), old) == []
    assert changed_fields("not-a-version", new) == ["codes", "count", "kind", "note"]


def test_if_match_reads_quoted_weak_and_star_versions():
    assert if_match_versions(None) is None
    assert if_match_versions('"abc.de"') == ["abc.de"]
    assert if_match_versions('W/"abc", "def"') == ["abc", "def"]
    assert if_match_versions("*") == ["*"]


def test_a_change_is_told_in_danish_words_with_choice_labels():
    status = forms.ChoiceField(label="Status", choices=[("near", "tæt på"), ("done", "nået")])
    fields = {"status": status, "date": forms.DateField(label="Dato"), "note": "Note"}
    old = snapshot({"status": "near", "date": datetime.date(2018, 9, 1), "note": ""})
    new = snapshot({"status": "done", "date": datetime.date(2018, 9, 3), "note": "Nyt"})
    assert [change.text for change in changes_between(old, new, fields)] == [
        "Status: tæt på → nået",
        "Dato: 01.09.2018 → 03.09.2018",
        "Note: (tom) → «Nyt»",
    ]
    assert value_words("1234567.5") == "1.234.567,5"
    assert value_words(True) == "ja"


class Form(forms.Form):
    title = forms.CharField(label="Titel")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)


def shown(values):
    form = Form(initial=values)
    track(form, what="punktet")
    return form.initial["version"]


def posted(version, **data):
    query = QueryDict(mutable=True)
    query.update({"version": version, **data})
    form = Form(query)
    versions = track(form, what="punktet")
    assert form.is_valid()
    return form, versions


def test_nothing_changed_meanwhile_saves():
    version = shown({"title": "A", "note": ""})
    _form, versions = posted(version, title="B", note="")
    assert versions.accept({"title": "A", "note": ""})


def test_the_same_change_made_twice_is_no_conflict():
    version = shown({"title": "A", "note": ""})
    _form, versions = posted(version, title="B", note="")
    assert versions.accept({"title": "B", "note": ""})


def test_another_change_is_merged_into_untouched_fields_and_marked_in_touched_ones():
    version = shown({"title": "A", "note": "gammel"})
    form, versions = posted(version, title="Mit", note="gammel")
    refused = not versions.accept(
        {"title": "Andens", "note": "ny"}, changed=LastChange("sekretariat", None)
    )
    assert refused
    assert form.data["note"] == "ny"  # untouched by this person: the other's value put in
    assert form.data["title"] == "Mit"  # touched by both: this person's value kept, marked
    assert form.errors["title"] == ["Ændret af sekretariat til «Andens», mens du skrev."]
    errors = form.non_field_errors()
    assert errors[0].startswith("Ikke gemt: sekretariat har ændret punktet")
    assert "Titel: «A» → «Andens»" in errors and "Note: «gammel» → «ny»" in errors
    # The form now carries the version it was refused against: saved again, it goes through.
    _again, versions = posted(form.data["version"], title="Mit", note="ny")
    assert versions.accept({"title": "Andens", "note": "ny"})


def test_someone_elses_changes_are_sorted_by_what_this_person_did():
    from helhedsplan.core.form_merge import sort_changes

    read = {"a": "1", "b": "1", "c": "1", "d": "1"}
    now = {"a": "2", "b": "2", "c": "2", "d": "1"}
    mine = {"a": "1", "b": "3", "c": "2", "d": "5"}.get
    # a: left as read, takes the other's; b: changed by both; c: the same change; d: only mine.
    assert sort_changes(read, now, mine) == (["a"], ["b"])


def test_a_part_of_the_plan_is_signed_as_it_is():
    from helhedsplan.core.versions import sign, unsign

    part = {"lines": ["b", "a"], "number": 1.5}
    token = sign(part, salt=".test", as_is=True)
    assert unsign(token, salt=".test") == part  # the lists keep their order
    assert unsign(token) is None and unsign(token + "x", salt=".test") is None
