"""Edit forms that lose no update (`track`, `VersionedForm`). The form carries, in a hidden field
`version`, the values it was read at (signed, so they come back as they were sent). On save the
view locks the row (select_for_update, inside the save's transaction: `FormVersion.lock`) and
hands `accept` the values as they are now. Nothing changed meanwhile: save. Someone else changed
a field:
- fields this person did not touch get the other person's value put into the form;
- a field both changed, to different values, is marked with the other person's value;
- the save is refused with a Danish message naming each change (field: from -> to), who made it
  and when (from the row's history, where it has one); the form keeps everything typed and now
  carries the newer version, so saving again is a decision made knowing the other change.
A resent form whose changes are already saved (a double click on "Gem") is no conflict: every
change found equals what the form sends.

Bottom layer: imports nothing from the apps.
"""

from django import forms
from django.db import models

from helhedsplan.core.change_words import FieldChange, LastChange, changes_between, last_change
from helhedsplan.core.once import TOKEN_FIELD, once, one_time, posted_token
from helhedsplan.core.versions import comparable, sign, snapshot, unsign

VERSION_FIELD = "version"

STALE_FORM = (
    "Formularen mangler oplysningen om, hvornår den blev hentet, så den kan ikke gemmes uden "
    "risiko for at overskrive en andens ændring. Dine indtastninger står stadig i formularen: "
    "se dem igennem, og gem igen."
)


def form_values(form: forms.BaseForm) -> dict:
    """The values an unbound form shows, by field name (its initial data)."""
    return {
        name: form.get_initial_for_field(form_field, name)
        for name, form_field in form.fields.items()
        if name not in (VERSION_FIELD, TOKEN_FIELD)
    }


class FormVersion:
    """The version one form was read at (see the module's docstring). Made by `track`."""

    def __init__(self, form: forms.BaseForm, values: dict | None, what: str, *, lazy=False):
        self.form = form
        self.what = what
        form.fields[VERSION_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not form.is_bound and values is None and lazy:
            # Signed when the form is shown (Django calls a callable initial): what it shows
            # once a form class's own __init__, which runs after the mixin's, has set it.
            form.initial[VERSION_FIELD] = lambda: sign(form_values(form))
        elif not form.is_bound:
            form.initial[VERSION_FIELD] = sign(form_values(form) if values is None else values)
        self.conflict: list[FieldChange] = []

    @property
    def _key(self) -> str:
        return self.form.add_prefix(VERSION_FIELD)

    def as_read(self) -> dict | None:
        return unsign(self.form.data.get(self._key, ""))

    def _put(self, name: str, value) -> None:
        put_value(self.form, name, value)

    def _mine(self, name: str):
        cleaned = getattr(self.form, "cleaned_data", {})
        if name in cleaned:
            return comparable(cleaned[name])
        form_field = self.form.fields[name]
        raw = form_field.widget.value_from_datadict(
            self.form.data, self.form.files, self.form.add_prefix(name)
        )
        return comparable(raw)

    def accept(self, current: dict, *, changed: LastChange | None = None) -> bool:
        """True: save. False: refused, the form now explains why (call inside the transaction
        that locked the row; `current` are the row's values as the form would show them)."""
        now = {name: value for name, value in snapshot(current).items() if name in self.form.fields}
        read = self.as_read()
        if read is None:
            self._refuse([STALE_FORM], now)
            return False
        merged, both = sort_changes(read, now, self._mine)
        if not merged and not both:
            return True
        labels = {name: self.form.fields[name] for name in self.form.fields if name in now}
        self.conflict = changes_between(read, now, labels)
        who = changed or LastChange()
        lines = [
            f"Ikke gemt: {who.who or 'en anden'} har ændret {self.what}{who.when_text}, efter "
            "du åbnede formularen. Ændringerne:"
        ]
        lines += [f"{change.label}: {change.old} → {change.new}" for change in self.conflict]
        if merged:
            lines.append("Den andens ændringer er sat ind i de felter, du ikke selv havde rettet.")
        if both:
            lines.append(
                "Du har også selv rettet "
                + ", ".join(f"«{self.form.fields[name].label or name}»" for name in both)
                + ": din tekst står i feltet, den andens står ovenfor. Vælg, hvad der skal stå."
            )
        lines.append(
            "Alt, hvad du har skrevet, står stadig i formularen. Se den igennem, og gem igen."
        )
        for name in merged:
            self._put(name, now[name])
        for name in both:
            change = next(c for c in self.conflict if c.name == name)
            self.form.add_error(
                name, f"Ændret af {who.who or 'en anden'} til {change.new}, mens du skrev."
            )
        self._refuse(lines, now)
        return False

    def lock(self, rows: models.QuerySet, values) -> models.Model | None:
        """The row, locked until the caller's transaction ends (a second save waits, then sees
        this one's change), when the form may save it; else None and the form says why: deleted
        meanwhile (`gone`) or changed (`accept`). `values(row)`: the row as the form shows it."""
        locked = rows.select_for_update().first()
        if locked is None:
            self.gone()
            return None
        return locked if self.accept(values(locked), changed=last_change(locked)) else None

    def gone(self) -> None:
        """The row was deleted while the person wrote: nothing saved, the text kept."""
        self.form.add_error(
            None,
            f"Ikke gemt: {self.what} er slettet af en anden, efter du åbnede formularen. Det, du "
            "skrev, står stadig her, så du kan kopiere det.",
        )

    def _refuse(self, lines: list[str], now: dict) -> None:
        for line in lines:
            self.form.add_error(None, line)
        # The version the person has now seen: saving again is a choice made knowing it.
        read = self.as_read() or {}
        self._put(VERSION_FIELD, sign({**read, **now}, as_is=True))


def sort_changes(read: dict, now: dict, mine) -> tuple[list[str], list[str]]:
    """Someone else's changes (a value in `now` that is no longer what the form was read at,
    `read`), sorted by this person's value, `mine(name)`: (merged: left as read, so the field
    takes the other's value; both: changed too, to something else, so it keeps this person's).
    The same change is neither: a resent form, or two people agreeing. The plan editor's rule
    too (planning/edit_views.py, on the texts its fields show)."""
    merged, both = [], []
    for name in now:
        if name not in read or read[name] == now[name]:
            continue
        own = mine(name)
        if own == now[name]:
            continue
        (merged if own == read[name] else both).append(name)
    return merged, both


def put_value(form: forms.BaseForm, name: str, value) -> None:
    """Put a value into a bound form, as a browser would have sent it (a compared value, or a
    field's text)."""
    data = form.data
    if not getattr(data, "_mutable", True) or not hasattr(data, "setlist"):
        data = data.copy()
    key = form.add_prefix(name)
    widget = getattr(form.fields.get(name), "widget", None)
    if isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(value, list):
        if hasattr(data, "setlist"):
            data.setlist(key, value)
        else:
            data[key] = value
    else:
        data[key] = "" if value is None else str(value)
    form.data = data


def track(form: forms.BaseForm, *, what: str, values: dict | None = None) -> FormVersion:
    """Give `form` its hidden version field; `what` names the thing in messages ("registreringen").
    `values`: what the form shows, by field name (default: its initial data)."""
    form.versions = FormVersion(form, values, what)
    return form.versions


class VersionedForm:
    """An edit form that loses no update, declared: `class MeetingForm(VersionedForm, ...)`; the
    view names the thing (`what="mødet"`, or the class's `what`) and may give `read_values`, what
    the form shows (default: its initial data). Saving, inside a transaction:
    `locked = form.versions.lock(queryset, values)`; the row, or None and the form says why."""

    what = ""

    def __init__(self, *args, what: str = "", read_values: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = FormVersion(self, read_values, what or self.what, lazy=True)


class EditOrCreateForm:
    """A form that edits a row (given `what`: versioned, as VersionedForm) or creates one
    (without: one-time, as OneTimeForm). `with form.once(request.user):` runs either save; only a
    create claims the token."""

    def __init__(self, *args, what: str = "", read_values: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = FormVersion(self, read_values, what, lazy=True) if what else None
        if not what:
            one_time(self)

    def once(self, user):
        return once(posted_token(self) if self.versions is None else "", user)
