"""Benchmark: the time to make each report in each format. Prints figures; asserts nothing.

    DEBUG=1 .venv/bin/python benchmarks/reports.py [--repeat 5] [--others 0]
        [--database sqlite|postgres]

Data sets, one after the other in one fresh database:

1. "demo": the Randers Nordby plan with `demo-data --seed 1` up to the plan's end.
2. "demo x10": the same plan with every registration (with its criteria and participant links),
   expense and staff-hours row copied nine more times: ten times the demo data.
3. "x10 + others" (only with --others N): as 2, plus N more copies of the plan (other slugs),
   each with ten times the demo data. The measured plan's own rows are those of 2, so a
   difference between 2 and 3 would come from the other plans' data alone.

Every figure is the median of --repeat runs in one warm process: after one warm-up run of the
same report and format, which fills the chart cache as the first request after a start would.
Beside it, "first" is the time of one run with an empty chart cache (every chart drawn).

The goals (issue 12): every report in every format under 1 s for the demo plan and under 1.5 s
with ten times the data, the same query count whatever the data; and (issue 4) no growth with
other plans' data. The machine's load average is printed with the figures: other work on the
same cores shows in them, and a slow host in the reference loop's time (about 100 ms here).
SQLite lives in a temporary directory; PostgreSQL uses its own database (--pg-url), dropped and
created here.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/hp_bench_reports"
REPORTS = [
    ("fremdrift", "2019/20-T3"),
    ("projektledelse", "2019/20-T3"),
    ("aarsrapport", "2019/20"),
    ("monitorering", "2019/20"),
    ("aktivitetsskema", "2020/21"),
]
FORMATS = ["html", "pdf", "docx", "xlsx"]
GOALS = {"demo": 1.0, "demo x10": 1.5}  # seconds, issue 12


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--others", type=int, default=0)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL)
    return parser.parse_args()


def setup_django(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    if args.database == "sqlite":
        folder = tempfile.mkdtemp(prefix="hp-bench-reports-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    else:
        import psycopg

        base, name = args.pg_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.pg_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    import django

    django.setup()


def load_copy(text: str, slug: str):
    from helhedsplan.plans.services import load_plan

    plan_text = re.sub(r"^slug:.*$", f"slug: {slug}", text, count=1, flags=re.M)
    return load_plan(text=plan_text, source_name=f"{slug}.yaml")


def multiply(plan, times: int) -> None:
    """Copy the plan's registrations (criteria, links), expenses and hours `times - 1` times."""
    from django.db import transaction

    from helhedsplan.economy.models import Expense, StaffHours
    from helhedsplan.registrations.models import Registration, RegistrationParticipant

    originals = list(Registration.objects.filter(plan=plan).order_by("pk"))
    criteria = Registration.criteria.through
    links = list(RegistrationParticipant.objects.filter(registration__plan=plan))
    through = list(criteria.objects.filter(registration__plan=plan))
    economy = {model: list(model.objects.filter(plan=plan)) for model in (Expense, StaffHours)}
    with transaction.atomic():
        for _ in range(times - 1):
            copies = list(
                Registration.objects.filter(plan=plan, pk__in=[r.pk for r in originals]).order_by(
                    "pk"
                )
            )
            for registration_copy in copies:
                registration_copy.pk = None
            made = Registration.objects.bulk_create(copies)
            new_id = {old.pk: new.pk for old, new in zip(originals, made, strict=True)}
            criteria.objects.bulk_create(
                criteria(
                    registration_id=new_id[row.registration_id],
                    successcriterion_id=row.successcriterion_id,
                )
                for row in through
            )
            RegistrationParticipant.objects.bulk_create(
                RegistrationParticipant(
                    registration_id=new_id[link.registration_id],
                    participant_id=link.participant_id,
                    completed=link.completed,
                )
                for link in links
            )
            for model, rows in economy.items():
                for row in rows:
                    row.pk = None
                model.objects.bulk_create(rows)


def counts(plan) -> str:
    from helhedsplan.economy.models import Expense
    from helhedsplan.registrations.models import Registration, RegistrationParticipant

    return (
        f"{Registration.objects.filter(plan=plan).count():,} registrations, "
        f"{RegistrationParticipant.objects.filter(registration__plan=plan).count():,} links, "
        f"{Expense.objects.filter(plan=plan).count():,} expenses"
    )


def measure(plan, repeat: int) -> dict[tuple[str, str], tuple[float, int, float]]:
    """(median seconds, queries of one run, seconds of a first run with no charts cached) for
    every report and format."""
    from django.db import connection, reset_queries

    from helhedsplan.documents import charts
    from helhedsplan.reports.services import make_report

    def run(kind, period, file_format) -> tuple[float, int]:
        reset_queries()
        began = time.perf_counter()
        make_report(plan=plan, kind=kind, period=period, file_format=file_format, suppress=True)
        return time.perf_counter() - began, len(connection.queries)

    results = {}
    for kind, period in REPORTS:
        for file_format in FORMATS:
            charts.chart_cache().clear()
            first, _ = run(kind, period, file_format)
            times, queries = [], 0
            for _ in range(repeat):
                seconds, queries = run(kind, period, file_format)
                times.append(seconds)
            results[(kind, file_format)] = (statistics.median(times), queries, first)
    return results


def load() -> str:
    """The machine's load average, and the time of a fixed pure-Python loop: on a shared host the
    same code runs up to half again as long at times, which the load average does not show."""
    began = time.perf_counter()
    sum(number * number for number in range(2_000_000))
    loop = 1000 * (time.perf_counter() - began)
    averages = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"load average {averages}; reference loop {loop:.0f} ms"


def print_table(tables: dict) -> None:
    names = list(tables)
    print()
    print(f"{'report':<16} {'format':<6} " + " ".join(f"{name:>28}" for name in names))
    for kind, _period in REPORTS:
        for file_format in FORMATS:
            cells = []
            for name in names:
                seconds, queries, first = tables[name][(kind, file_format)]
                cells.append(
                    f"{seconds * 1000:>6.0f} ms (first {first * 1000:>5.0f}) {queries:>3} q"
                )
            print(f"{kind:<16} {file_format:<6} " + " ".join(f"{c:>28}" for c in cells))
    print()
    for name, table in tables.items():
        slowest = max(table, key=lambda key: table[key][0])
        seconds = table[slowest][0]
        goal = GOALS.get(name)
        verdict = (
            ""
            if goal is None
            else f" (goal: under {goal:g} s: {'met' if seconds < goal else 'NOT met'})"
        )
        print(f"{name}: slowest {' '.join(slowest)} {seconds:.2f} s{verdict}")
    demo, x10 = tables["demo"], tables["demo x10"]
    changed = [key for key in demo if demo[key][1] != x10[key][1]]
    print(
        "queries: the same for the demo and ten times the data"
        if not changed
        else f"queries: CHANGED with the data for {', '.join(' '.join(key) for key in changed)}"
    )


def main() -> None:
    args = parse_args()
    setup_django(args)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from helhedsplan.conftest import PLAN_FILE
    from helhedsplan.demo.services import generate_demo_data

    settings.DEBUG = True  # count queries
    call_command("migrate", verbosity=0)
    text = PLAN_FILE.read_text(encoding="utf-8")
    plan = load_copy(text, "randers-nordby-2017-21")
    generate_demo_data(plan=plan, seed=1, until=plan.end)
    print(f"{connection.vendor}; {os.cpu_count()} cores; median of {args.repeat} after one warm-up")
    print(f"demo: {counts(plan)}; {load()}")
    tables = {"demo": measure(plan, args.repeat)}
    multiply(plan, 10)
    print(f"demo x10: {counts(plan)}; {load()}")
    tables["demo x10"] = measure(plan, args.repeat)
    if args.others:
        for n in range(args.others):
            other = load_copy(text, f"anden-plan-{n + 1:02d}")
            generate_demo_data(plan=other, seed=n + 2, until=other.end)
            multiply(other, 10)
        print(f"x10 + {args.others} other plans with x10 data each; {load()}")
        tables[f"x10 + {args.others} others"] = measure(plan, args.repeat)
    print(f"done; {load()}")
    print_table(tables)


if __name__ == "__main__":
    main()
