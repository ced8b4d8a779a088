"""Danish numbers and dates are written and read in one place, helhedsplan/core/formats.py.

This test reads the code (helhedsplan/**/*.py, not migrations or tests) for the hand-made copies
that module replaced, and names each file and line that still holds one. Write
`formats.number(x)`, `formats.amount(x)`, `formats.date_short(day)`, `formats.month_name(m)`,
`formats.parse_number(text)` ... instead.
"""

import re
from pathlib import Path

import helhedsplan

ROOT = Path(helhedsplan.__file__).parent
HOME = ROOT / "core" / "formats.py"

# (what the copy does, the pattern that finds it)
COPIES = [
    ("decimal comma by hand", re.compile(r"""\.replace\(\s*(["'])\.\1\s*,\s*(["']),\2\s*\)""")),
    ("decimal point by hand", re.compile(r"""\.replace\(\s*(["']),\1\s*,\s*(["'])\.\2\s*\)""")),
    ("thousands separator by hand", re.compile(r"""\{[^{}'"]*:,(\.\d+f?)?\}|["']\{:,""")),
    ("a Danish date by strftime", re.compile(r"%d\.%m|%m\.%Y|%d-%m-%Y|%d/%m/%Y|%H\.%M")),
    ("a Danish date by Django's date format", re.compile(r"""["']j\. F|["']d\.m\.Y""")),
    ("an amount or a percentage by hand", re.compile(r"\{[^{}]+\} (?:kr\.|%)(?!\w)")),
    ("an own date parser", re.compile(r"\\d\{1,2\}.*\\d\{4\}|\\d\{4\}.*\\d\{1,2\}")),
    ("an own parser of thousands points", re.compile(r"\\d\{1,3\}")),
    ("a number through Django's number_format", re.compile(r"\bnumber_format\(")),
    ("an own list of month names", re.compile(r"""["']januar["']\s*,|["']februar["']\s*,""")),
    ("an own list of weekday names", re.compile(r"""["']mandag["']\s*,\s*["']tirsdag""")),
    (
        "an own number or date helper",
        re.compile(r"def _?(number|danish_number|danish_date|danish_datetime|parse_danish\w*)\("),
    ),
    ("a plan-file number by hand", re.compile(r"to_integral_value\(\)\s+else\s+float\(")),
    ("an own word for an empty value", re.compile(r"""["']\((tom|intet)\)["']""")),
]


# Files allowed to keep a copy while their owners move them onto core.formats; each must still
# hold one, so the list only shrinks. Empty: no file may.
EXEMPT: set[str] = set()


def _code_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or "tests" in parts or path == HOME:
            continue
        yield path


def copies_in(text: str) -> list[tuple[int, str, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for what, pattern in COPIES:
            if pattern.search(line):
                found.append((number, what, line.strip()))
    return found


def _name(path: Path) -> str:
    return path.relative_to(ROOT.parent).as_posix()


def test_no_copy_of_the_danish_formats_remains():
    found = [
        f"{_name(path)}:{number}: {what}: {line}"
        for path in _code_files()
        if _name(path) not in EXEMPT
        for number, what, line in copies_in(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Use helhedsplan.core.formats instead of:\n" + "\n".join(found)


def test_every_exempt_file_still_holds_a_copy():
    done = sorted(
        name
        for name in EXEMPT
        if not (ROOT.parent / name).exists()
        or not copies_in((ROOT.parent / name).read_text(encoding="utf-8"))
    )
    assert not done, f"No copy left: take these off EXEMPT: {done}"


def test_the_patterns_find_the_copies_they_name():
    copies = [
        'return f"{n:,}".replace(",", ".")',
        '_DANISH_DATE = re.compile(r"(\\d{1,2})[./-](\\d{1,2})[./-](\\d{4})")',
        '_MONTH = re.compile(r"^(\\d{4})-(\\d{1,2})$")',
        '_THOUSANDS = re.compile(r"^-?\\d{1,3}(\\.\\d{3})+$")',
        'text = f"{value}".replace(".", ",")',
        "compact = compact.replace(',', '.')",
        'f"{size / MB:.1f} MB"  .replace(".", ",")',
        'f"Datoen {day:%d.%m.%Y} ligger i fremtiden."',
        'day.strftime("%d.%m.%Y")',
        'f"{moment:%d.%m.%Y} kl. {moment:%H.%M}"',
        'f"budget {line.budget_total:.0f} kr., forbrug"',
        'f"(forløbet {overview.elapsed_share} %)"',
        'dateformat.format(day, "j. F Y")',
        "number_format(value, use_l10n=True)",
        'MONTH_NAMES = ["januar", "februar"]',
        'WEEKDAYS = ["mandag", "tirsdag", "onsdag"]',
        "def _number(value):",
        "def danish_number(value, *, group=True):",
        "def parse_danish_number(text):",
        "return int(n) if n == n.to_integral_value() else float(n)",
        'return "(intet)"',
        "return '(tom)'",
    ]
    for copy in copies:
        assert copies_in(copy), copy


def test_the_patterns_leave_ordinary_code_alone():
    ordinary = [
        'f"{plan.start:%Y-%m-%d}"',  # ISO, for files and machines
        'forms.DateInput(format="%Y-%m-%d")',
        'text.replace("/", "-")',
        '_KEY = re.compile(r"^\\d{4}/\\d{2}$")',
        'f"{value:.1f}pt"',
        'f"#{name} col {{ width: {100 * width / total:.3f}% }}"',
        'f"{formats.amount(x)}, {formats.percent(y)}"',
        "formats.number(value, group=False)",
        "def number_of_rows(self):",
        "# the old code wrote f'{n:,}'.replace(',', '.')",
        'f"{first.year}/{(first.year + 1) % 100:02d}"',
    ]
    for line in ordinary:
        assert not copies_in(line), line
