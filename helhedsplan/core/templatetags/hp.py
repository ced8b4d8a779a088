"""Danish numbers for templates: 16.055.000 kr., 14,2 (from helhedsplan.core.formats)."""

from django import template

from helhedsplan.core import formats

register = template.Library()


@register.filter
def num(value):
    """A figure without trailing zeros, in Danish format (14,2 not 14,2000)."""
    return formats.number(value)


@register.filter
def kr(value):
    return formats.amount(value)


@register.filter
def with_unit(value, unit):
    if value is None:
        return "–"
    text = num(value)
    return f"{text} {unit}".strip() if unit else text


@register.filter
def status_label(code):
    from helhedsplan.core.status import STATUS_LABELS

    return STATUS_LABELS.get(code, code)
