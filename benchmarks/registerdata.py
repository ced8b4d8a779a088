"""Benchmark: `helhedsplan register status` and the register data page. Prints figures; asserts
nothing.

    DEBUG=1 .venv/bin/python benchmarks/registerdata.py [--repeat 9] [--database sqlite|postgres]

The data: the Randers Nordby plan with the demo's register series (three areas and four
comparisons, 2014-2021), then the same with twenty years (2002-2021) and ten more plans with
their own series beside it. The goal (issue 20): `register status` for the whole demo under
200 ms. Every figure is the median of --repeat runs in one warm process after a warm-up run, with
the number of queries beside it (the same whatever the data: the values are read in one query).
"""

import argparse
import io
import os
import re
import statistics
import time
from pathlib import Path

# The same set-up as the report benchmark: a fresh SQLite file or PostgreSQL database.
from reports import setup_django

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/hp_bench_registerdata"
GOAL = 0.2  # seconds, issue 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL)
    return parser.parse_args()


def timed(run, repeat: int) -> tuple[float, int]:
    """The median seconds of `run` and the queries of one run."""
    from django.db import connection, reset_queries

    run()
    seconds = []
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), len(connection.queries)


def measure(plan, repeat: int, label: str) -> None:
    from django.core.management import call_command
    from django.test import Client

    from helhedsplan.accounts.models import Role
    from helhedsplan.accounts.services import ensure_member
    from helhedsplan.registerdata.models import RegisterValue

    def status():
        call_command("register", "status", plan.slug, "--json", stdout=io.StringIO())

    user = ensure_member(plan=plan, username="bench", role=Role.BESTYRELSE, password="bench-pw-1")
    client = Client()
    client.force_login(user)

    def page():
        response = client.get(f"/planer/{plan.slug}/registerdata/")
        assert response.status_code == 200, response.status_code

    rows = RegisterValue.objects.filter(plan=plan).count()
    for name, run in (("register status --json", status), ("the register data page", page)):
        seconds, queries = timed(run, repeat)
        verdict = "" if name != "register status --json" else f" (goal {GOAL * 1000:.0f} ms)"
        print(
            f"{label}, {rows} values: {name}: {seconds * 1000:.0f} ms, {queries} queries{verdict}"
        )


def main() -> None:
    args = parse_args()
    setup_django(args)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from helhedsplan.conftest import PLAN_FILE
    from helhedsplan.demo import register
    from helhedsplan.plans.services import load_plan

    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client
    call_command("migrate", verbosity=0)
    text = PLAN_FILE.read_text(encoding="utf-8")
    plan = load_plan(text=text, source_name="randers.yaml")
    print(f"{connection.vendor}; {os.cpu_count()} cores; median of {args.repeat} after a warm-up")
    register.generate_register_demo(plan, seed=1, last_year=2021)
    measure(plan, args.repeat, "demo 2014-2021")
    register.FIRST_YEAR = 2002
    register.generate_register_demo(plan, seed=1, last_year=2021)
    for n in range(10):
        slug = f"anden-plan-{n + 1:02d}"
        other = load_plan(
            text=re.sub(r"^slug:.*$", f"slug: {slug}", text, count=1, flags=re.M),
            source_name=f"{slug}.yaml",
        )
        register.generate_register_demo(other, seed=n, last_year=2021)
    measure(plan, args.repeat, "2002-2021, ten other plans beside")


if __name__ == "__main__":
    main()
