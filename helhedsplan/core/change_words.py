"""A change in words: who changed a row and when ("sekretariat den 02.12.2026 kl. 15.30"), and
what changed, field by field ("Antal: 12 → 14"), as the refusal of a stale form and the API's 412
tell it.

Bottom layer: imports nothing from the apps.
"""

import datetime
from dataclasses import dataclass

from django import forms

from helhedsplan.core import formats
from helhedsplan.core.versions import comparable

# --- who changed it, and when --------------------------------------------------------------------


def person(user) -> str:
    if user is None:
        return "en anden"
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    username = user.get_username() if hasattr(user, "get_username") else str(user)
    return f"{name} ({username})" if name else username


def when_words(moment) -> str:
    """02.12.2026 kl. 15.30 (a time in local time), 02.12.2026 (a date), nothing for nothing."""
    if not moment:
        return ""
    if isinstance(moment, datetime.datetime):
        return formats.datetime_short(moment)
    return formats.date_short(moment)


@dataclass(frozen=True)
class LastChange:
    who: str = ""
    when: object = None

    @property
    def when_text(self) -> str:
        """ " den 02.12.2026 kl. 15.30", or nothing when not known."""
        return f" den {when_words(self.when)}" if self.when else ""

    @property
    def words(self) -> str:
        """ "sekretariat den 02.12.2026 kl. 15.30" (or "en anden")."""
        return (self.who or "en anden") + self.when_text


def last_change(*instances) -> LastChange:
    """Who saved the rows last and when: from their history (django-simple-history) where they
    keep one, else from a `changed_by`/`changed_at` pair; nothing known gives "en anden"."""
    newest = None
    for instance in instances:
        if instance is None:
            continue
        history = getattr(instance, "history", None)
        record = None
        if history is not None and hasattr(history, "order_by"):
            record = history.select_related("history_user").order_by("-history_date").first()
        if record is not None:
            found = (record.history_date, record.history_user)
        else:
            user = getattr(instance, "changed_by", None) or getattr(instance, "updated_by", None)
            moment = getattr(instance, "changed_at", None) or getattr(instance, "updated_at", None)
            found = (moment, user)
        if newest is None or (found[0] and (not newest[0] or found[0] > newest[0])):
            newest = found
    if newest is None:
        return LastChange()
    return LastChange(person(newest[1]) if newest[1] else "", newest[0])


# --- a change, in words ---------------------------------------------------------------------------


def _choice_labels(form_field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in getattr(form_field, "choices", None) or []:
        if isinstance(label, list | tuple):  # an option group
            for sub_value, sub_label in label:
                labels[str(comparable(sub_value))] = str(sub_label)
        else:
            labels[str(comparable(value))] = str(label)
    return labels


def value_words(value, form_field=None) -> str:
    """A compared value as a person reads it: «text», 05.10.2018, 1.234,5, ja/nej, choices by
    their label, (tom) for nothing (core.formats; a text field's value stays a text)."""
    labels = _choice_labels(form_field) if form_field is not None else {}
    return formats.value_words(
        value, labels=labels, as_text=isinstance(form_field, forms.CharField), joiner=", "
    )


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str  # in words
    new: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


def changes_between(old: dict, new: dict, fields: dict | None = None) -> list[FieldChange]:
    """What changed between two readings (snapshots), in the order of `fields` (name -> a form
    field or a label), else of `new`."""
    fields = fields or {}
    order = list(fields) + [name for name in new if name not in fields]
    changes = []
    for name in order:
        if name not in new or name not in old or old[name] == new[name]:
            continue
        spec = fields.get(name)
        form_field = spec if isinstance(spec, forms.Field) else None
        label = str(form_field.label or name) if form_field is not None else str(spec or name)
        changes.append(
            FieldChange(
                name, label, value_words(old[name], form_field), value_words(new[name], form_field)
            )
        )
    return changes
