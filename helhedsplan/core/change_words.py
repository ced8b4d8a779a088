"""A change in words: who changed a row and when ("sekretariat den 02.12.2026 kl. 15.30"), and
what changed, field by field ("Antal: 12 → 14"), as the refusal of a stale form and the API's 412
tell it.

Bottom layer: imports nothing from the apps.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from helhedsplan.core.versions import comparable

# --- who changed it, and when --------------------------------------------------------------------


def person(user) -> str:
    if user is None:
        return "en anden"
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    username = user.get_username() if hasattr(user, "get_username") else str(user)
    return f"{name} ({username})" if name else username


def when_words(moment) -> str:
    if not moment:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return f"{moment:%d.%m.%Y} kl. {moment:%H.%M}"
    return f"{moment:%d.%m.%Y}"


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


def _number_words(text: str) -> str:
    whole, _, decimals = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}".replace(",", ".") if whole.isdigit() else whole
    return sign + grouped + (f",{decimals}" if decimals else "")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def value_words(value, form_field=None) -> str:
    """A compared value as a person reads it: «text», 05.10.2018, 1.234,5, ja/nej, choices by
    their label, (tom) for nothing."""
    if value in ("", None, []):
        return "(tom)"
    labels = _choice_labels(form_field) if form_field is not None else {}
    if isinstance(value, list):
        return ", ".join(labels.get(item, value_words(item)) for item in value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = str(value)
    if text in labels:
        return labels[text]
    if _ISO_DATE.match(text):
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    if _NUMBER.match(text) and not isinstance(form_field, forms.CharField):
        return _number_words(text)
    flat = " ".join(text.split())
    return f"«{flat[:97]}…»" if len(flat) > 100 else f"«{flat}»"


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
