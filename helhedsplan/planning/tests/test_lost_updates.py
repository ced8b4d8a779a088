"""The plan editor's conflict: after a refused save, the fields this person did not touch hold
the other person's values, so saving again does not write the old ones back."""

from helhedsplan.planning.tests.test_edit_views import (
    CRITERION,
    criterion,
    read_form,
    url,
)


def test_saving_again_after_a_conflict_keeps_the_other_persons_untouched_change(
    editor,
    colleague,
    draft,
):
    address = url("del", CRITERION)
    mine = read_form(editor, address)
    theirs = read_form(colleague, address)
    assert colleague.post(address, {**theirs, "target": "20"}).status_code == 302

    refused = editor.post(address, {**mine, "unit": "ildsjæle"})

    assert refused.status_code == 200
    assert "Mål: ændret fra 17 til 20" in refused.content.decode()
    form = refused.context["form"]
    assert (form["target"].value(), form["unit"].value()) == ("20", "ildsjæle")
    again = {name: form[name].value() or "" for name in form.fields}
    again.update(version=refused.context["version_id"], as_read=refused.context["as_read"])
    assert editor.post(address, again).status_code == 302
    assert (criterion(draft).target, criterion(draft).unit) == (20, "ildsjæle")
