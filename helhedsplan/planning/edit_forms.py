"""The forms of the plan editor, made from the part kinds (parts.py).

A form only turns what was typed into the plan file's types: Danish numbers ("1.234,5"),
dates, one item per line into a list, an empty field into a key left out. What cannot be turned
into the type is passed on as the text typed, so the plan file's own rule ("skal være et tal")
is what the user reads. The forms check nothing else about the plan: that is the plan file's
validator's job, in one place (plans.planfile).
"""

import datetime
import re

from django import forms

from helhedsplan.core import formats
from helhedsplan.core.privacy import refuse_cpr
from helhedsplan.planning import parts as p
from helhedsplan.planning.editing import field_value, lines_text, parse_lines

_TEXTS = {p.TEXT, p.TEXTAREA, p.LINES}


class PlanValue(forms.CharField):
    """Text passed on as typed. `required` only marks the field as the plan file requires it;
    whether a value is missing or wrong is the plan file's validator's to say."""

    def validate(self, value):
        pass


class DateWidget(forms.TextInput):
    input_type = "date"


def display(widget: str, value) -> str:
    """A plan-file value as the form shows it."""
    if value is None:
        return ""
    if widget == p.YES_NO and isinstance(value, bool):
        return "true" if value else "false"
    if widget == p.LINES and isinstance(value, list):
        return lines_text(value)
    if widget == p.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value)
    if widget == p.DATE and isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def to_value(widget: str, raw: str):
    """What was typed as a plan-file value; None for empty (the key is left out)."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    if widget == p.LINES:
        return parse_lines(text) or None
    if widget == p.YES_NO:
        # Anything else is passed on as typed: the plan file says "skal være true eller false".
        return {"true": True, "false": False}.get(text, text)
    if widget == p.NUMBER:
        return _plan_number(text)
    if widget == p.INTEGER:
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        return _plan_number(text)
    if widget == p.DATE:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        day = formats.parse_date(text)
        return text if day is None else day
    return text


def _plan_number(text: str):
    """A Danish number as the plan file writes it (3, 14.2), or the text when it is none."""
    figure = formats.parse_number(text)
    return text if figure is None else formats.plain_number(figure)


def shown_text(text: str | None) -> str:
    """A field's text as compared with what was shown: line ends and outer space aside."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _widget(field: p.Field, choices: list[tuple[str, str]] | None):
    if choices is not None:
        return forms.Select(choices=choices)
    if field.widget in {p.TEXTAREA, p.LINES}:
        return forms.Textarea(attrs={"rows": 5 if field.widget == p.TEXTAREA else 4})
    if field.widget == p.NUMBER:
        return forms.TextInput(attrs={"inputmode": "decimal"})
    if field.widget == p.INTEGER:
        return forms.TextInput(attrs={"inputmode": "numeric"})
    if field.widget == p.DATE:
        return DateWidget()
    return forms.TextInput()


class PartForm(forms.Form):
    """One part's fields; with `adding`, its key first; with `in_force`, the change request's
    heading and reason last."""

    use_required_attribute = False  # the plan file says what is missing, not the browser

    def __init__(
        self,
        *args,
        kind: p.PartKind,
        item: dict,
        references: dict[str, list[tuple[str, str]]],
        adding: bool = False,
        in_force: bool = False,
        initial_title: str = "",
        review_marks=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.item = item
        self.adding = adding
        if adding and kind.keyed:
            self.fields["key"] = PlanValue(
                label="Nøgle", required=True, help_text=p.KEY_HELP, initial=item.get("key", "")
            )
        for field in kind.fields:
            self.fields[field.form_name] = self._field(field, references)
        # A text marked «Skal gennemses» says so in words at its field (issue 18.7).
        for review in review_marks:
            form_field = self.fields.get(review.field.replace(".", "__"))
            if form_field is not None:
                form_field.help_text = f"Skal gennemses: {review.note} {form_field.help_text}"
        if review_marks:
            self.fields["review_done"] = forms.BooleanField(
                label="Gennemset: de markerede tekster kan stå, som de er",
                required=False,
                help_text="Fjerner mærket «Skal gennemses», når du gemmer. En tekst, du retter, "
                "mister mærket af sig selv.",
            )
        if in_force:
            self.fields["change_title"] = forms.CharField(
                label="Overskrift",
                max_length=300,
                initial=initial_title,
                validators=[refuse_cpr],
                error_messages={"required": "Skriv en overskrift til ændringsforslaget."},
                help_text="Kort, fx «Nyt mål for et succeskriterium». Står på bestyrelsens "
                "dagsorden.",
            )
            self.fields["change_reason"] = forms.CharField(
                label="Begrundelse",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                validators=[refuse_cpr],
                help_text="Hvorfor ændringen er nødvendig. Bestyrelsen læser den, før den "
                "beslutter.",
            )

    def _field(self, field: p.Field, references) -> forms.Field:
        value = field_value(self.item, field.name)
        choices = None
        if field.widget in {p.CHOICE, p.YES_NO}:
            choices = list(field.choices)
        elif field.widget in {p.ORGANISATION, p.AREA, p.SUB_ACTIVITY}:
            choices = list(references.get(field.widget, []))
        required = self.kind.is_required(field.name)
        if choices is not None:
            empty = "Vælg …" if required else "(ingen)"
            if field.widget == p.YES_NO:
                # Optional in the file, yet required for a count: the validator says which.
                empty = "(ikke angivet)"
            default = self.kind.default(field.name)
            if default is not None:
                shown = dict(choices).get(str(default), default)
                empty = f"(ikke angivet: {str(shown).lower()})"
            choices = [("", empty), *choices]
            # A value the list does not know is still shown, so nothing is hidden or lost.
            if value not in (None, "") and str(value) not in {c[0] for c in choices}:
                choices.append((str(value), f"{value} (ukendt)"))
        return PlanValue(
            label=field.label,
            required=required,
            help_text=field.help,
            initial=display(field.widget, value),
            widget=_widget(field, choices),
            validators=[refuse_cpr] if field.widget in _TEXTS else [],
        )

    def plan_values(self, current: dict) -> dict:
        """The form's values in the plan file's types, by field name. A field left as it was
        shown keeps the value of `current` exactly (no rounding, no reformatting)."""
        values = {}
        for field in self.kind.fields:
            raw = self.cleaned_data.get(field.form_name, "")
            old = field_value(current, field.name)
            if shown_text(raw) == shown_text(display(field.widget, old)):
                values[field.name] = old
            else:
                values[field.name] = to_value(field.widget, raw)
        if "key" in self.fields:
            values["key"] = to_value(p.TEXT, self.cleaned_data.get("key", ""))
        return values

    def plan_fields(self):
        """The bound fields of the part, without the change request's."""
        return [
            self[name]
            for name in self.fields
            if not name.startswith("change_") and name != "review_done"
        ]

    def review_fields(self):
        return [self[name] for name in self.fields if name == "review_done"]

    def change_fields(self):
        return [self[name] for name in self.fields if name.startswith("change_")]


class ChangeRequestForm(forms.Form):
    """The heading and reason of a change request, on its own (the delete page)."""

    change_title = forms.CharField(
        label="Overskrift",
        max_length=300,
        validators=[refuse_cpr],
        error_messages={"required": "Skriv en overskrift til ændringsforslaget."},
        help_text="Kort. Står på bestyrelsens dagsorden.",
    )
    change_reason = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_cpr],
        help_text="Hvorfor ændringen er nødvendig. Bestyrelsen læser den, før den beslutter.",
    )


class VersionsForm(forms.Form):
    """Two versions of the plan file to compare."""

    old = forms.TypedChoiceField(label="Fra version", coerce=int)
    new = forms.TypedChoiceField(label="Til version", coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(v.pk), label) for v, label in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        self.fields["old"].help_text = "Den ældste af de to, typisk."
        self.fields["new"].help_text = "Ændringerne vises fra den første til den anden."
