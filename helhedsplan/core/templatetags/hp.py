"""Danish number formatting for templates: 16.055.000 kr., 14,2, 10,69 %."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def num(value):
    """A figure without trailing zeros, in Danish format (14,2 not 14,2000)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def kr(value):
    if value is None:
        return "–"
    return f"{number_format(int(value), use_l10n=True, force_grouping=True)} kr."


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
