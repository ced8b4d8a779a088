"""Danish numbers, amounts, percentages, dates, months and periods: the one place they are written
and read.

Everything is built on Django's Danish locale (django/conf/locale/da/formats.py, through
django.utils.formats and django.utils.dateformat): decimal comma, thousands point, "j. F Y" for a
date in words, "d.m.Y" for a short one, Danish month names. Nothing here needs Babel.

Writing (None, "" -> `empty`, "–" unless the caller says otherwise):
    number(16055000) -> "16.055.000"        number(Decimal("14.2000")) -> "14,2"
    number(2 / 3, 2) -> "0,67"              number(47, 1, fixed=True) -> "47,0"
    amount(16055000) -> "16.055.000 kr."    percent(10.66) -> "10,7 %"
    megabytes(50_000_000) -> "47,7 MB"
    date_short(day) -> "31.12.2024"         datetime_short(moment) -> "31.12.2024 kl. 14.30"
    date_words(day) -> "31. december 2024"  datetime_words(moment) -> "31. december 2024 kl. 14.30"
    month_name(12) -> "december"            month_words(day) -> "december 2024"
    month_short(day) -> "12.2024"           weekday_name(day) -> "tirsdag"
    period_short(a, b) -> "01.06.2017–31.05.2018"
    period_words(a, b) -> "1. juni 2017 – 31. maj 2018"
    value_words(value) -> a compared value in words: «text», 1.234,5, 31.12.2024, ja/nej, (tom)

Reading (what people type in forms and spreadsheets; None when the text is not one):
    parse_number("1.234,5") -> Decimal("1234.5")   also "1234,5", "14.2", "3.412.000", "-5"
    parse_whole("1.000") -> 1000                    parse_amount("1.234,50 kr.") -> Decimal
    parse_date("31.12.2024") -> date                also "2024-12-31", "31-12-2024", "31/12/2024"
    parse_month("2018-03") -> date(2018, 3, 1)
    plain_number(Decimal("3.0")) -> 3, plain_number(Decimal("14.20")) -> 14.2 (for the plan file)
"""

import datetime
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import dateformat, numberformat, timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import get_format

LANGUAGE = "da"
EMPTY = "–"  # a missing figure or date
NOTHING = "(tom)"  # a compared value that is empty (value_words)
# What a date field accepts: the ISO form a date picker sends, and the Danish forms people type.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]

_SHORT_DATE = "d.m.Y"
_WORDS_DATE = "j. F Y"
_TIME = "H.i"  # Danes write 14.30, and say "kl."
_MB = 1024 * 1024


# --- numbers ----------------------------------------------------------------------------------


def _decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(str(value))  # a float as it prints (0.1, not 0.1000000000000000055…)


def _rounded(value: Decimal, decimals: int) -> Decimal:
    """Rounded half up (2,5 -> 3; -2,5 -> -3), as a person rounds; never "-0"."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def number(value, decimals: int | None = None, *, fixed=False, group=True, empty=EMPTY) -> str:
    """A figure in Danish: 16.055.000, 14,2, -1.234,5.

    `decimals` None: every decimal the value has, trailing zeros dropped (14,2 not 14,2000).
    `decimals` n: rounded half up to n decimals, trailing zeros dropped unless `fixed` (47,0).
    `group` False: no thousands points (for axis labels and codes)."""
    if value is None or value == "":
        return empty
    try:
        figure = _decimal(value)
    except InvalidOperation:  # a text such as "<5" (a count too small to show) stays as it is
        return str(value)
    if not figure.is_finite():
        return str(value)
    if decimals is not None:
        figure = _rounded(figure, decimals)
    if not fixed or decimals is None:
        figure = figure.normalize()
        if figure.as_tuple().exponent > 0:  # 1E+3
            figure = figure.quantize(Decimal(1))
        if figure == 0:
            figure = Decimal(0)
    places = max(0, -figure.as_tuple().exponent)
    return numberformat.format(
        figure,
        get_format("DECIMAL_SEPARATOR", LANGUAGE, use_l10n=True),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING", LANGUAGE, use_l10n=True) if group else 0,
        thousand_sep=get_format("THOUSAND_SEPARATOR", LANGUAGE, use_l10n=True),
        force_grouping=group,
        use_l10n=True,
    )


def amount(value, decimals: int = 0, *, empty=EMPTY) -> str:
    """Kroner, rounded half up: 16.055.000 kr.; with `decimals` 2 the øre too: 1.234,50 kr."""
    if value is None or value == "":
        return empty
    return f"{number(value, decimals, fixed=True)} kr."


def percent(value, decimals: int = 1, *, fixed=False, empty=EMPTY) -> str:
    """A percentage (the value is already in per cent), with the Danish space: 10,7 %."""
    if value is None or value == "":
        return empty
    return f"{number(value, decimals, fixed=fixed)} %"


def megabytes(size: int) -> str:
    """A file size in MB with one decimal: 47,7 MB."""
    return f"{number(size / _MB, 1, fixed=True)} MB"


# --- dates, months and periods ------------------------------------------------------------------


def _local(moment):
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment


def _format(day, pattern: str) -> str:
    with translation.override(LANGUAGE):
        return dateformat.format(_local(day), pattern)


def date_short(day, *, empty=EMPTY) -> str:
    """31.12.2024 (a datetime by its local date)."""
    return empty if day is None else _format(day, _SHORT_DATE)


def datetime_short(moment, *, empty=EMPTY) -> str:
    """31.12.2024 kl. 14.30, in local time."""
    return empty if moment is None else _format(moment, f"{_SHORT_DATE} \\k\\l. {_TIME}")


def date_words(day, *, empty=EMPTY) -> str:
    """31. december 2024."""
    return empty if day is None else _format(day, _WORDS_DATE)


def datetime_words(moment, *, empty=EMPTY) -> str:
    """31. december 2024 kl. 14.30, in local time."""
    return empty if moment is None else _format(moment, f"{_WORDS_DATE} \\k\\l. {_TIME}")


def time_short(moment) -> str:
    """14.30: a time of day, or a datetime's in local time."""
    return _format(moment, _TIME)


def weekday_name(day) -> str:
    """mandag … søndag."""
    with translation.override(LANGUAGE):
        return str(WEEKDAYS[day.weekday()])


def month_name(month: int) -> str:
    """12 -> december."""
    with translation.override(LANGUAGE):
        return str(MONTHS[month])


def month_short(day) -> str:
    """12.2024."""
    return _format(day, "m.Y")


def month_words(day, *, capital=False) -> str:
    """December 2024 with `capital`, else december 2024."""
    words = f"{month_name(day.month)} {day.year}"
    return words[0].upper() + words[1:] if capital else words


def period_short(start, end) -> str:
    """01.06.2017–31.05.2018."""
    return f"{date_short(start)}–{date_short(end)}"


def period_words(start, end) -> str:
    """1. juni 2017 – 31. maj 2018."""
    return f"{date_words(start)} – {date_words(end)}"


# --- a value in words (what changed, in a change's or a conflict's wording) ----------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def value_words(value, *, labels: Mapping | None = None, as_text=False, limit=100, joiner="; "):
    """A value as a person reads it: «text», 1.234,5, 31.12.2024, ja/nej, a choice by its label
    (`labels`: value -> label), (tom) for nothing. A string that is an ISO date or a plain number
    (as a form's cleaned values are compared) is shown as one, unless `as_text`. A text is cut at
    `limit` characters; a list is its items joined by `joiner`."""
    if value is None or value == "" or value == []:
        return NOTHING
    labels = labels or {}
    if isinstance(value, list | tuple):
        return joiner.join(
            value_words(item, labels=labels, as_text=as_text, limit=limit) for item in value
        )
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float | Decimal):
        return number(value)
    if isinstance(value, datetime.datetime):
        return datetime_short(value)
    if isinstance(value, datetime.date):
        return date_short(value)
    text = str(value)
    if text in labels:
        return str(labels[text])
    if not as_text and _ISO_DATE.match(text):
        day = parse_date(text)
        if day is not None:
            return date_short(day)
    if not as_text and _PLAIN_NUMBER.match(text):
        return number(Decimal(text))
    flat = " ".join(text.split())
    return f"«{flat[: limit - 3]}…»" if len(flat) > limit else f"«{flat}»"


# --- reading what people type ---------------------------------------------------------------------

_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234 and 1.234,5: thousands points
_COMMA = re.compile(r"[+-]?\d+(,\d+)?")  # 1234,5 and 1234
_POINT = re.compile(r"[+-]?\d*\.\d+")  # 14.2 (a decimal point, as a spreadsheet may write it)
_SPACES = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, "\u2212": "-"})


def parse_number(value) -> Decimal | None:
    """A number as Danes type it: "1.234,5", "1234,5", "3.412.000", "-5"; also "14.2" (a decimal
    point where no thousands point can be meant). A number (a spreadsheet cell) as it is. None when
    it is not a number. "1.234" is one thousand two hundred and thirty-four."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        figure = _decimal(value)
        return figure if figure.is_finite() else None
    compact = str(value).strip().translate(_SPACES)
    if _GROUPED.fullmatch(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif _COMMA.fullmatch(compact):
        compact = compact.replace(",", ".")
    elif not _POINT.fullmatch(compact):
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:  # pragma: no cover - the patterns admit only numbers
        return None


def parse_whole(value) -> int | None:
    """A whole number ("12", "1.000", a cell 12), else None (so "1,5" and "tolv" are None)."""
    figure = parse_number(value)
    if figure is None or figure != figure.to_integral_value():
        return None
    return int(figure)


def parse_amount(value) -> Decimal | None:
    """An amount in kroner with at most two decimals: "1.234,50", "1234.50", "1.234.000 kr."."""
    if isinstance(value, str):
        value = value.strip().removesuffix("kr.").removesuffix("kr")
    figure = parse_number(value)
    if figure is None or figure != figure.quantize(Decimal("0.01")):
        return None
    return figure


def plain_number(value) -> int | float | None:
    """A number as the plan file (and JSON) writes it: 3 (not 3.0 or Decimal("3.0000")), 14.2;
    None stays None."""
    if value is None:
        return None
    figure = _decimal(value).normalize()
    return int(figure) if figure == figure.to_integral_value() else float(figure)


_DATES = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),  # 2024-12-31
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$"), (3, 2, 1)),  # 31.12.2024, 31-12, 31/12
)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_date(value) -> datetime.date | None:
    """31.12.2024, 2024-12-31, 31-12-2024 or 31/12/2024 (one-digit days and months too); a date
    (a spreadsheet cell) as it is, a datetime by its date. None when it is not a date that
    exists."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    for pattern, (y, m, d) in _DATES:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:  # 31.02.2024
                return None
    return None


def parse_month(value) -> datetime.date | None:
    """2018-03 (or a date) -> the first of the month; None when it is not a month."""
    if isinstance(value, datetime.date):
        return parse_date(value).replace(day=1)
    match = _MONTH.match(str(value).strip()) if value is not None else None
    if match and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1)
    return None
