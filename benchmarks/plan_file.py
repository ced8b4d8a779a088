"""Benchmark: how long the plan file takes to validate, load and export, and what each plan page
costs in queries and milliseconds. Prints figures; asserts nothing.

    DEBUG=1 .venv/bin/python benchmarks/plan_file.py [--repeat N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DEBUG", "1")
    os.environ["HELHEDSPLAN_VAR_DIR"] = tempfile.mkdtemp(prefix="hp-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from helhedsplan.accounts.services import ensure_member
    from helhedsplan.conftest import PLAN_FILE
    from helhedsplan.plans.planfile import validate_text
    from helhedsplan.plans.services import export_plan, load_plan

    call_command("migrate", verbosity=0)
    text = PLAN_FILE.read_text(encoding="utf-8")
    print(
        f"database: {connection.vendor}; plan file: {len(text.splitlines())} lines; median of {repeat}"
    )
    print(f"validate        {timed(lambda: validate_text(text), repeat):8.1f} ms")
    print(f"load (replace)  {timed(lambda: load_plan(text=text), repeat):8.1f} ms")
    plan = load_plan(text=text)
    print(f"export (YAML)   {timed(lambda: export_plan(plan), repeat):8.1f} ms")

    ensure_member(plan=plan, username="bench", role="medarbejder", password="bench-password")
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username="bench", password="bench-password")
    base = f"/planer/{plan.slug}/"
    for path in [
        "",
        "indsatsomraader/forebyggelse-og-foraeldreansvar/",
        "aktiviteter/",
        "aktiviteter/familiekurser/",
        "omraader/?adresse=Husarvej+12B",
        "organer/",
    ]:
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        # Django resets its own query log at each request, so count with a wrapper instead.
        with connection.execute_wrapper(count):
            status = client.get(base + path).status_code
        assert status == 200, (path, status)
        ms = timed(lambda path=path: client.get(base + path), repeat)
        print(f"GET {path or '(overblik)':<52} {len(queries):3d} queries {ms:7.1f} ms")


if __name__ == "__main__":
    main()
