# Over 400 lines: every writer and reader of core/formats.py tested at its edges, side by side.
"""helhedsplan.core.formats: Danish numbers, amounts, percentages, dates and periods, written and
read back, at, below and above their edges (negatives, zero, thousands, rounding, nothing)."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core import formats

# --- number ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1, "1"),
        (-1, "-1"),
        (999, "999"),  # below the first thousands point
        (1000, "1.000"),  # at it
        (-1000, "-1.000"),
        (1001, "1.001"),
        (999999, "999.999"),
        (1000000, "1.000.000"),
        (16055000, "16.055.000"),
        (D("14.2000"), "14,2"),  # the database's four decimals, trailing zeros dropped
        (D("24.0000"), "24"),
        (D("-0.5"), "-0,5"),
        (D("1234.5"), "1.234,5"),
        (D("-1234.5"), "-1.234,5"),
        (D("1E+3"), "1.000"),
        (14.2, "14,2"),
        (0.1, "0,1"),  # a float as it prints, not its binary expansion
        (-0.0, "0"),
        (D("-0"), "0"),
    ],
)
def test_number_in_danish(value, text):
    assert formats.number(value) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (D("2.5"), 0, "3"),  # half up, as a person rounds
        (D("2.4999"), 0, "2"),
        (D("3.5"), 0, "4"),  # not to the even number
        (D("-2.5"), 0, "-3"),
        (D("-0.04"), 1, "0"),  # never "-0"
        (D("0.05"), 1, "0,1"),
        (D("10.666"), 1, "10,7"),
        (D("10.25"), 1, "10,3"),
        (D("999.95"), 1, "1.000"),  # rounding carries over a thousands point
        (D("1234.5678"), 2, "1.234,57"),
        (D("14.20"), 2, "14,2"),
        (2 / 3, 2, "0,67"),
        (0, 2, "0"),
    ],
)
def test_number_rounds_half_up_and_drops_trailing_zeros(value, decimals, text):
    assert formats.number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(47, 1, "47,0"), (D("0.04"), 1, "0,0"), (D("-0.04"), 1, "0,0"), (D("1234.5"), 2, "1.234,50")],
)
def test_number_fixed_keeps_its_decimals(value, decimals, text):
    assert formats.number(value, decimals, fixed=True) == text


def test_number_without_grouping():
    assert formats.number(16055000, group=False) == "16055000"
    assert formats.number(D("-1234.5"), group=False) == "-1234,5"


@pytest.mark.parametrize("empty", [None, ""])
def test_nothing_is_a_dash(empty):
    assert formats.number(empty) == "–"
    assert formats.amount(empty) == "–"
    assert formats.percent(empty) == "–"
    assert formats.number(empty, empty="") == ""


def test_a_text_is_shown_as_it_is_unless_it_is_a_number():
    from helhedsplan.core.suppression import Suppressed

    assert formats.number("1234.5") == "1.234,5"
    assert formats.number(Suppressed(3)) == str(Suppressed(3))
    assert formats.number("ukendt") == "ukendt"
    assert formats.number(float("nan")) == "nan"


def test_a_bool_is_not_a_number():
    with pytest.raises(TypeError):
        formats.number(True)


def test_numbers_are_danish_whatever_language_is_active():
    with translation.override("en"):
        assert formats.number(D("1234.5")) == "1.234,5"
        assert formats.date_words(datetime.date(2017, 6, 1)) == "1. juni 2017"


# --- amount, percent, megabytes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0 kr."),
        (999, "999 kr."),
        (1000, "1.000 kr."),
        (16055000, "16.055.000 kr."),
        (D("16055000.00"), "16.055.000 kr."),
        (-2500, "-2.500 kr."),
        (D("999.49"), "999 kr."),
        (D("999.50"), "1.000 kr."),  # whole kroner, rounded half up
        (D("-0.4"), "0 kr."),
    ],
)
def test_amount_in_whole_kroner(value, text):
    assert formats.amount(value) == text


def test_amount_with_ore():
    assert formats.amount(D("1234.5"), 2) == "1.234,50 kr."
    assert formats.amount(0, 2) == "0,00 kr."


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (D("10.666"), 1, "10,7 %"),
        (D("10.0"), 1, "10 %"),
        (0, 1, "0 %"),
        (-5, 1, "-5 %"),
        (D("100.04"), 1, "100 %"),
        (D("100.05"), 1, "100,1 %"),
        (D("33.3333"), None, "33,3333 %"),
        (1234, 1, "1.234 %"),
    ],
)
def test_percent(value, decimals, text):
    assert formats.percent(value, decimals) == text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0,0 MB"),
        (1024 * 1024, "1,0 MB"),
        (50_000_000, "47,7 MB"),
        (1024 * 1024 * 1500, "1.500,0 MB"),
    ],
)
def test_megabytes(size, text):
    assert formats.megabytes(size) == text


# --- dates, months, periods -----------------------------------------------------------------------

NEW_YEARS_EVE = datetime.date(2024, 12, 31)


def test_dates_short_and_in_words():
    assert formats.date_short(NEW_YEARS_EVE) == "31.12.2024"
    assert formats.date_short(datetime.date(2017, 6, 1)) == "01.06.2017"
    assert formats.date_words(NEW_YEARS_EVE) == "31. december 2024"
    assert formats.date_words(datetime.date(2017, 6, 1)) == "1. juni 2017"
    assert formats.date_short(None) == "–"
    assert formats.date_words(None, empty="") == ""


def test_a_moment_is_shown_in_local_time():
    moment = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 00.30 in Copenhagen
    assert formats.date_short(moment) == "01.01.2025"
    assert formats.datetime_short(moment) == "01.01.2025 kl. 00.30"
    assert formats.datetime_words(moment) == "1. januar 2025 kl. 00.30"
    assert formats.time_short(moment) == "00.30"
    assert formats.time_short(datetime.time(9, 5)) == "09.05"  # a meeting's time of day
    naive = datetime.datetime(2024, 6, 1, 9, 5)
    assert formats.datetime_short(naive) == "01.06.2024 kl. 09.05"
    assert formats.datetime_words(timezone.localtime(moment)) == "1. januar 2025 kl. 00.30"


def test_months_and_weekdays():
    assert [formats.month_name(m) for m in (1, 3, 5, 12)] == ["januar", "marts", "maj", "december"]
    assert formats.month_words(datetime.date(2017, 6, 1)) == "juni 2017"
    assert formats.month_words(datetime.date(2017, 6, 1), capital=True) == "Juni 2017"
    assert formats.weekday_name(datetime.date(2024, 12, 30)) == "mandag"
    assert formats.weekday_name(datetime.date(2025, 1, 5)) == "søndag"


def test_periods():
    start, end = datetime.date(2017, 6, 1), datetime.date(2018, 5, 31)
    assert formats.period_short(start, end) == "01.06.2017–31.05.2018"
    assert formats.period_words(start, end) == "1. juni 2017 – 31. maj 2018"


# --- a value in words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "(tom)"),
        ("", "(tom)"),
        ([], "(tom)"),
        (0, "0"),  # zero is a value, not nothing
        (False, "nej"),
        (True, "ja"),
        (16055000, "16.055.000"),
        (D("-1234.50"), "-1.234,5"),
        (NEW_YEARS_EVE, "31.12.2024"),
        ("2024-12-31", "31.12.2024"),  # a date as a form's values are compared
        ("2024-02-30", "«2024-02-30»"),  # not a date
        ("1234.5", "1.234,5"),
        ("-3", "-3"),
        ("Annas  note\n", "«Annas note»"),
        (["a", "b"], "«a»; «b»"),
    ],
)
def test_value_words(value, text):
    assert formats.value_words(value) == text


def test_value_words_choices_text_and_length():
    assert formats.value_words("near", labels={"near": "tæt på"}) == "tæt på"
    assert formats.value_words(["a", "b"], labels={"a": "A"}, joiner=", ") == "A, «b»"
    assert formats.value_words("1234", as_text=True) == "«1234»"
    assert formats.value_words("x" * 100) == f"«{'x' * 100}»"  # at the limit
    assert formats.value_words("x" * 101) == f"«{'x' * 97}…»"  # above it
    assert formats.value_words("x" * 81, limit=80) == f"«{'x' * 77}…»"


# --- reading numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", D("1234.5")),
        ("1234,5", D("1234.5")),
        ("1234", D("1234")),
        ("1.234", D("1234")),  # a thousands point, as Danes write it
        ("3.412.000", D("3412000")),
        ("3.412.000,25", D("3412000.25")),
        ("14.2", D("14.2")),  # a decimal point where no thousands point can be meant
        ("1.23", D("1.23")),  # not three digits after the point: no thousands point
        ("0,5", D("0.5")),
        (".5", D("0.5")),
        ("0", D("0")),
        ("-0", D("0")),
        ("-5", D("-5")),
        ("-1.234,5", D("-1234.5")),
        ("+7", D("7")),
        ("\u22123", D("-3")),  # the minus sign a word processor writes
        (" 1 234,5 ", D("1234.5")),
        ("1\u00a0234", D("1234")),
        (12, D("12")),
        (2.5, D("2.5")),
        (D("1.50"), D("1.50")),
    ],
)
def test_parse_number_reads_what_people_type(text, value):
    assert formats.parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "tolv",
        "1,234.5",
        "1.2345,6",
        "12.34.56",
        "1,2,3",
        "5 kr.",
        "--5",
        None,
        True,
    ],
)
def test_parse_number_refuses_what_is_no_number(text):
    assert formats.parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("1.000", 1000), ("0", 0), ("-3", -3), (7, 7), ("1,5", None), ("tolv", None)],
)
def test_parse_whole(text, value):
    assert formats.parse_whole(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,50", D("1234.50")),
        ("1234.50", D("1234.50")),
        ("1.234.000 kr.", D("1234000")),
        ("500 kr", D("500")),
        ("-25,5", D("-25.5")),
        (1234, D("1234")),
        ("1,234", None),  # three decimals is no amount
        ("12,345", None),
        ("kr.", None),
    ],
)
def test_parse_amount(text, value):
    assert formats.parse_amount(text) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_a_written_number_reads_back(value):
    assert formats.parse_number(formats.number(value)) == value
    assert formats.parse_number(formats.number(value, group=False)) == value


@pytest.mark.parametrize(
    ("value", "plain"),
    [(D("3.0000"), 3), (D("14.20"), 14.2), (D("-0.5"), -0.5), (D("1E+3"), 1000), (None, None)],
)
def test_plain_number(value, plain):
    result = formats.plain_number(value)
    assert result == plain and type(result) is type(plain)


# --- reading dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31.12.2024", NEW_YEARS_EVE),
        ("2024-12-31", NEW_YEARS_EVE),
        ("31-12-2024", NEW_YEARS_EVE),
        ("31/12/2024", NEW_YEARS_EVE),  # as the plan editor has always read it
        (" 31.12.2024 ", NEW_YEARS_EVE),
        ("1.6.2017", datetime.date(2017, 6, 1)),
        ("2017-6-1", datetime.date(2017, 6, 1)),
        ("29.02.2024", datetime.date(2024, 2, 29)),  # a leap day
        (NEW_YEARS_EVE, NEW_YEARS_EVE),
        (datetime.datetime(2024, 12, 31, 8, 0), NEW_YEARS_EVE),
    ],
)
def test_parse_date_reads_what_people_type(text, day):
    assert formats.parse_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "",
        "31.12.24",
        "29.02.2023",
        "32.01.2024",
        "31.13.2024",
        "2024/12/31",
        "31 12 2024",
        "i går",
        None,
    ],
)
def test_parse_date_refuses_what_is_no_date(text):
    assert formats.parse_date(text) is None


def test_a_written_date_reads_back():
    assert formats.parse_date(formats.date_short(NEW_YEARS_EVE)) == NEW_YEARS_EVE


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2018-03", datetime.date(2018, 3, 1)),
        ("2018-3", datetime.date(2018, 3, 1)),
        ("2018-12", datetime.date(2018, 12, 1)),
        (datetime.date(2018, 3, 17), datetime.date(2018, 3, 1)),
        ("2018-00", None),
        ("2018-13", None),
        ("marts 2018", None),
        (None, None),
    ],
)
def test_parse_month(text, month):
    assert formats.parse_month(text) == month


def test_date_fields_accept_the_formats_the_parser_reads():
    from django import forms

    field = forms.DateField(input_formats=formats.DATE_INPUT_FORMATS)
    for text in ("31.12.2024", "2024-12-31", "31-12-2024", "31/12/2024"):
        assert field.clean(text) == NEW_YEARS_EVE
