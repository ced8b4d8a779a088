# Over 400 lines: one runnable benchmark (a national-size database, its timings) kept in one script.
"""Benchmark: one plan's progress (plan_progress) in a national-size database. Prints figures;
asserts nothing.

    DEBUG=1 .venv/bin/python benchmarks/progress.py [--plans 50] [--registrations 1000000]
        [--links 5000000] [--database sqlite|postgres|both] [--repeat 5]

For each database the script runs itself twice in a subprocess, each with a fresh database:

* "full": N copies of the Randers Nordby plan (slug replaced), the registrations spread over all
  plans, their activities and the plan period (in arrival order, so one plan's rows are scattered
  over the tables as in real life), each counted in one or two of its activity's countable
  criteria, participant links to per-plan pools of pseudonyms ("B-000123"), and some measurements
  and assessments.
* "tenth": the SAME generator with the same seed, but the other plans keep only every tenth
  registration (and its links). The measured plan's rows are identical in both data sets, so any
  difference in its time comes from the other plans' data alone.

SQLite lives in a temporary HELHEDSPLAN_VAR_DIR; PostgreSQL uses its own database (--pg-url,
default postgres://postgres@127.0.0.1:5432/hp_bench), dropped and created by the script, so the
test database is never touched.
"""

import argparse
import datetime
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/hp_bench"
CHUNK = 50_000  # registrations per batch
KINDS = ["event", "session", "course", "contact", "meeting", "other"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--registrations", type=int, default=1_000_000)
    parser.add_argument("--links", type=int, default=5_000_000)
    parser.add_argument("--participants", type=int, default=2_000, help="pool size per plan")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--explain", action="store_true", help="explain the slowest query always")
    parser.add_argument("--only", choices=["full", "tenth"], help="build one data set only")
    parser.add_argument("--child", choices=["full", "tenth"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- parent: one subprocess per database and data set -------------------------------------------


def main() -> None:
    args = parse_args()
    if args.child:
        run_child(args)
        return
    databases = ["postgres", "sqlite"] if args.database == "both" else [args.database]
    scales = [args.only] if args.only else ["full", "tenth"]
    print(
        f"machine: {os.cpu_count()} cores; plans {args.plans}, registrations {args.registrations:,}, "
        f"links {args.links:,}, participant pool {args.participants:,} per plan; "
        f"median of {args.repeat} after one warm-up"
    )
    results = []
    for database in databases:
        for scale in scales:
            command = [sys.executable, __file__, *sys.argv[1:], "--database", database]
            command += ["--child", scale]
            started = time.perf_counter()
            process = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=os.environ)
            for line in process.stdout.splitlines():
                if line.startswith("RESULT "):
                    results.append(json.loads(line[7:]))
                else:
                    print(line, flush=True)
            if process.returncode:
                print(f"!! {database}/{scale} failed with exit code {process.returncode}")
            print(f"   ({database}/{scale}: {time.perf_counter() - started:.0f} s wall)\n")
    if results:
        summary(results)


def summary(results: list[dict]) -> None:
    print("## summary (the measured plan is the first one; same rows in both data sets)")
    print(
        "| database | data set | plans | registrations | links | build | size | "
        "progress median (min) | queries | slowest query |"
    )
    print("| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: |")
    for r in results:
        print(
            f"| {r['database']} | {r['scale']} | {r['plans']} | {r['registrations']:,} | "
            f"{r['links']:,} | {r['build_s']:.0f} s | {r['size_mb']:,.0f} MB | "
            f"{r['progress_ms']:.0f} ms ({r['progress_min_ms']:.0f}) | {r['queries']} | "
            f"{r['slowest_ms']:.0f} ms |"
        )
    by_db: dict[str, dict] = {}
    for r in results:
        by_db.setdefault(r["database"], {})[r["scale"]] = r
    for database, pair in by_db.items():
        if "full" in pair and "tenth" in pair:
            full, tenth = pair["full"], pair["tenth"]
            print(
                f"{database}: one plan's progress {full['progress_ms']:.1f} ms with all plans' data, "
                f"{tenth['progress_ms']:.1f} ms with a tenth of the other plans' data "
                f"(ratio {full['progress_ms'] / tenth['progress_ms']:.2f})"
            )


# --- child: one database, one data set -----------------------------------------------------------


def run_child(args) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    os.environ["HELHEDSPLAN_VAR_DIR"] = tempfile.mkdtemp(prefix="hp-bench-progress-")
    if args.database == "postgres":
        recreate_pg_database(args.pg_url)
        os.environ["DATABASE_URL"] = args.pg_url
    else:
        os.environ.pop("DATABASE_URL", None)  # SQLite in the temporary var dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries

    settings.DEBUG = False  # no query log growing to millions of entries while loading

    from helhedsplan.conftest import PLAN_FILE
    from helhedsplan.plans.models import Plan
    from helhedsplan.plans.services import load_plan

    label = f"{connection.vendor}/{args.child}"
    print(f"== {label}: {describe(connection)}", flush=True)
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    text = PLAN_FILE.read_text(encoding="utf-8")
    plans = []
    for i in range(args.plans):
        plan_text = re.sub(r"^slug:.*$", f"slug: bench-{i + 1:03d}", text, count=1, flags=re.M)
        plans.append(load_plan(text=plan_text, source_name=f"bench-{i + 1:03d}.yaml"))
    loaded = time.perf_counter()
    print(
        f"migrate {migrated - began:.1f} s; {args.plans} plan files loaded in {loaded - migrated:.1f} s"
    )

    loader = (
        PostgresLoader(connection)
        if connection.vendor == "postgresql"
        else SqliteLoader(connection)
    )
    generate(args, plans, loader, keep_others=10 if args.child == "tenth" else 1)
    generated = time.perf_counter()
    loader.finish()
    finished = time.perf_counter()
    build_s = finished - began
    print(
        f"rows written in {generated - loaded:.1f} s; "
        f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'} "
        f"{finished - generated:.1f} s; build total {build_s:.1f} s"
    )

    plan = Plan.objects.get(pk=plans[0].pk)
    as_of = as_of_date(plan)
    own = own_rows(connection, plan)
    rows = table_rows(connection)
    print("rows: " + ", ".join(f"{name} {n:,}" for name, n in rows.items()))
    print(
        f"measured plan {plan.slug} (as of {as_of}): {own['registrations']:,} registrations, "
        f"{own['links']:,} links, {own['counted']:,} counted in a criterion up to that date"
    )
    size_mb = database_size(connection) / 1e6
    print(f"database size {size_mb:,.0f} MB{table_sizes(connection)}")
    if args.child == "tenth":
        print(
            "tenth: same generator and seed, but the other plans keep only every tenth "
            "registration and its links; the measured plan's rows are identical to the full set."
        )

    progress_ms, progress_min_ms, queries, slowest = measure(args, connection, plan, as_of)
    reset_queries()
    var_dir = os.environ["HELHEDSPLAN_VAR_DIR"]
    connection.close()
    if args.keep:
        kept = args.pg_url if connection.vendor == "postgresql" else var_dir
        print(f"kept: {kept}")
    elif connection.vendor == "postgresql":
        drop_pg_database(args.pg_url)
    if not args.keep or connection.vendor == "postgresql":
        shutil.rmtree(var_dir, ignore_errors=True)
    result = {
        "database": "postgres" if args.database == "postgres" else "sqlite",
        "scale": args.child,
        "plans": args.plans,
        "registrations": rows["registrations"],
        "links": rows["links"],
        "criteria links": rows["registration criteria"],
        "build_s": build_s,
        "size_mb": size_mb,
        "progress_ms": progress_ms,
        "progress_min_ms": progress_min_ms,
        "queries": queries,
        "slowest_ms": slowest[0],
        "slowest": slowest[1],
        "own": own,
    }
    print("RESULT " + json.dumps(result), flush=True)
    return result


def measure(args, connection, plan, as_of):
    """Warm-up, the median of --repeat runs, then each query alone; EXPLAIN the slowest."""
    from helhedsplan.progress.services import plan_progress

    plan_progress(plan, as_of)
    samples = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        plan_progress(plan, as_of)
        samples.append((time.perf_counter() - start) * 1000)
    progress_ms = statistics.median(samples)
    traced = trace_queries(connection, lambda: plan_progress(plan, as_of))
    print(
        f"plan_progress: median {progress_ms:.1f} ms (min {min(samples):.1f}, max "
        f"{max(samples):.1f}), {len(traced)} queries; load average {os.getloadavg()[0]:.1f}; "
        "each query alone (median of 3):"
    )
    timed = []
    for sql, params in traced:
        ms = statistics.median(time_query(connection, sql, params) for _ in range(3))
        timed.append((ms, sql, params))
        print(f"  {ms:8.1f} ms  {query_name(sql)}")
    slowest_ms, slowest_sql, slowest_params = max(timed, key=lambda row: row[0])
    if slowest_ms > 100 or args.explain:
        print(f"slowest query ({slowest_ms:.1f} ms): {query_name(slowest_sql)}")
        print(indent(slowest_sql % tuple(quote(p) for p in slowest_params)))
        print("plan:")
        print(indent(explain(connection, slowest_sql, slowest_params)))
    return progress_ms, min(samples), len(traced), (slowest_ms, query_name(slowest_sql))


def as_of_date(plan) -> datetime.date:
    """A date inside the period: two thirds of the way, so most of the data counts."""
    return plan.start + (plan.end - plan.start) * 2 // 3


# --- PostgreSQL database lifecycle ---------------------------------------------------------------


def _admin_connection(url: str):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    info = conninfo_to_dict(url)
    name = info.get("dbname")
    if not name or name in {"postgres", "test", "template0", "template1"}:
        sys.exit(f"refusing to drop the database {name!r}; give --pg-url a bench database")
    return psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True), name


def recreate_pg_database(url: str) -> None:
    from psycopg import sql

    admin, name = _admin_connection(url)
    with admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_pg_database(url: str) -> None:
    from psycopg import sql

    admin, name = _admin_connection(url)
    with admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def describe(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT version(), current_setting('shared_buffers'), current_setting('work_mem'), "
                "current_setting('max_parallel_workers_per_gather'), current_database()"
            )
            version, buffers, work_mem, workers, name = cursor.fetchone()
            return (
                f"{version.split(' on ')[0]}, database {name}, shared_buffers {buffers}, "
                f"work_mem {work_mem}, parallel workers per gather {workers}"
            )
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}, file {connection.settings_dict['NAME']}"


# --- data generation -----------------------------------------------------------------------------


def generate(args, plans, loader, keep_others: int) -> dict:
    """Write participants, registrations, criteria links, participant links, measurements."""
    from helhedsplan.plans.models import SuccessCriterion
    from helhedsplan.progress.services import FROM_REGISTRATIONS

    rng = random.Random(args.seed)
    plan_ids = [p.pk for p in plans]
    target = plan_ids[0]
    start, end = plans[0].start, plans[0].end
    days = (end - start).days + 1

    countable: dict[int, dict[int, list[int]]] = {pid: {} for pid in plan_ids}
    for pid, activity, criterion in (
        SuccessCriterion.objects.filter(kind__in=FROM_REGISTRATIONS)
        .values_list("plan_id", "activity_id", "id")
        .order_by("plan_id", "activity_id", "order")
    ):
        countable[pid].setdefault(activity, []).append(criterion)
    activities = {pid: list(acts.items()) for pid, acts in countable.items()}

    # Participant pools: ids pool_base[plan] + 0 … pool - 1, codes B-000001 …
    pool = args.participants
    pool_base = {pid: 1 + i * pool for i, pid in enumerate(plan_ids)}
    stamp = loader.timestamp(start)
    loader.copy(
        "participant",
        ["id", "plan_id", "code", "age_band", "area_id", "gender", "created_at"],
        (
            (pool_base[pid] + n, pid, f"B-{n + 1:06d}", "", None, "", stamp)
            for pid in plan_ids
            for n in range(pool)
        ),
    )

    # Links per registration: mean links/registrations, spread 0 … 2×mean, total exact.
    total_regs, total_links = args.registrations, args.links
    mean = total_links / total_regs if total_regs else 0
    high = max(0, min(pool, round(2 * mean)))
    per_reg = [rng.randint(0, high) for _ in range(total_regs)]
    missing = total_links - sum(per_reg)
    while missing:
        i = rng.randrange(total_regs)
        if missing > 0 and per_reg[i] < pool:
            per_reg[i] += 1
            missing -= 1
        elif missing < 0 and per_reg[i] > 0:
            per_reg[i] -= 1
            missing += 1

    written = {"registrations": 0, "criteria": 0, "links": 0}
    reg_id = link_id = crit_id = 0
    steps = (1, 3, 7, 11, 13)
    for chunk_start in range(0, total_regs, CHUNK):
        regs, crits, links = [], [], []
        for i in range(chunk_start, min(total_regs, chunk_start + CHUNK)):
            # Everything is drawn for every registration, so both data sets stay identical.
            pid = plan_ids[rng.randrange(len(plan_ids))]
            activity, criteria = activities[pid][rng.randrange(len(activities[pid]))]
            counted = rng.sample(criteria, 2 if len(criteria) > 1 and rng.random() < 0.3 else 1)
            day = start + datetime.timedelta(days=i * days // total_regs)
            k = per_reg[i]
            participants = k if k else rng.randint(0, 30)
            completed = rng.randint(0, participants) if rng.random() < 0.5 else None
            first, step = rng.randrange(pool), steps[rng.randrange(len(steps))]
            done = [rng.random() < 0.3 for _ in range(k)]
            count = 1 if rng.random() < 0.9 else rng.randint(2, 10)
            kind = KINDS[rng.randrange(len(KINDS))]
            reg_id += 1
            crit_id += len(counted)
            link_id += k
            if pid != target and i % keep_others:
                continue
            stamp = loader.timestamp(day)
            regs.append(
                (
                    reg_id,
                    pid,
                    activity,
                    None,
                    loader.date(day),
                    None,
                    kind,
                    count,
                    participants,
                    completed,
                    "",
                    None,
                    None,
                    loader.false,
                    stamp,
                    stamp,
                )
            )
            for n, criterion in enumerate(counted):
                crits.append((crit_id - len(counted) + 1 + n, reg_id, criterion))
            base = pool_base[pid]
            for j in range(k):
                links.append(
                    (
                        link_id - k + 1 + j,
                        reg_id,
                        base + (first + j * step) % pool,
                        loader.true if done[j] else loader.false,
                    )
                )
        loader.copy("registration", REGISTRATION_COLUMNS, regs)
        loader.copy("criteria", ["id", "registration_id", "successcriterion_id"], crits)
        loader.copy("link", ["id", "registration_id", "participant_id", "completed"], links)
        written["registrations"] += len(regs)
        written["criteria"] += len(crits)
        written["links"] += len(links)
    measurements(plans, loader, rng)
    return written


REGISTRATION_COLUMNS = [
    "id", "plan_id", "activity_id", "sub_activity_id", "date", "end_date", "kind", "count",
    "participants", "completed", "note", "registered_by_id", "organisation_id", "is_demo",
    "created_at", "updated_at",
]  # fmt: skip


def measurements(plans, loader, rng) -> None:
    """Every level/trend criterion and local measure gets a value per tertial; qualitative
    criteria an assessment per tertial."""
    from helhedsplan.core.periods import all_tertials
    from helhedsplan.plans.models import LocalMeasure, SuccessCriterion

    tertials = all_tertials(plans[0].start, plans[0].end)
    rows, assessments = [], []
    measurement_id = assessment_id = 0
    by_plan = {p.pk: p for p in plans}
    for pid, criterion, kind in SuccessCriterion.objects.filter(
        kind__in=["level", "trend", "qualitative"]
    ).values_list("plan_id", "id", "kind"):
        for t in tertials:
            if kind == "qualitative":
                assessment_id += 1
                assessments.append(
                    (
                        assessment_id,
                        pid,
                        criterion,
                        t.label,
                        "on_track",
                        "Bench.",
                        None,
                        loader.false,
                        loader.timestamp(t.end),
                    )
                )
            else:
                measurement_id += 1
                rows.append(
                    (
                        measurement_id,
                        pid,
                        None,
                        criterion,
                        loader.date(t.end),
                        t.label,
                        f"{rng.uniform(0, 100):.4f}",
                        "bench",
                        "",
                        None,
                        loader.false,
                        loader.timestamp(t.end),
                    )
                )
    for pid, measure in LocalMeasure.objects.filter(plan__in=by_plan).values_list("plan_id", "id"):
        for t in tertials:
            measurement_id += 1
            rows.append(
                (
                    measurement_id,
                    pid,
                    measure,
                    None,
                    loader.date(t.end),
                    t.label,
                    f"{rng.uniform(0, 100):.4f}",
                    "bench",
                    "",
                    None,
                    loader.false,
                    loader.timestamp(t.end),
                )
            )
    loader.copy(
        "measurement",
        ["id", "plan_id", "local_measure_id", "criterion_id", "date", "period", "value", "source",
         "note", "registered_by_id", "is_demo", "created_at"],
        rows,
    )  # fmt: skip
    loader.copy(
        "assessment",
        ["id", "plan_id", "criterion_id", "tertial", "status", "text", "assessed_by_id",
         "is_demo", "updated_at"],
        assessments,
    )  # fmt: skip


def tables() -> dict[str, str]:
    from helhedsplan.registrations import models as r

    return {
        "participant": r.Participant._meta.db_table,
        "registration": r.Registration._meta.db_table,
        "criteria": r.Registration.criteria.through._meta.db_table,
        "link": r.RegistrationParticipant._meta.db_table,
        "measurement": r.Measurement._meta.db_table,
        "assessment": r.Assessment._meta.db_table,
    }


def check_columns(connection, table: str, columns: list[str]) -> None:
    """Fail early, naming the difference, if the table's columns are not the ones written here."""
    with connection.cursor() as cursor:
        existing = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    if existing != set(columns):
        sys.exit(
            f"{table}: columns changed (missing here {sorted(existing - set(columns))}, "
            f"unknown {sorted(set(columns) - existing)}); the benchmark needs updating"
        )


class PostgresLoader:
    """COPY … FROM STDIN (text format) with foreign-key triggers off while loading."""

    true, false = "t", "f"

    def __init__(self, connection):
        from django.db import transaction

        self.connection = connection
        self.names = tables()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        with connection.cursor() as cursor:
            # The generator only writes consistent rows; skipping the FK triggers saves minutes.
            cursor.execute("SET LOCAL session_replication_role = replica")
        self.checked: set[str] = set()

    @staticmethod
    def date(day):
        return day.isoformat()

    @staticmethod
    def timestamp(day):
        return f"{day.isoformat()} 12:00:00+00"

    def copy(self, table, columns, rows):
        name = self.names[table]
        if name not in self.checked:
            check_columns(self.connection, name, columns)
            self.checked.add(name)
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
            buffer.write("\n")
        data = buffer.getvalue()
        if not data:
            return
        statement = f'COPY "{name}" ({", ".join(columns)}) FROM STDIN'
        with self.connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for offset in range(0, len(data), 1 << 22):
                copy.write(data[offset : offset + (1 << 22)])

    def finish(self):
        with self.connection.cursor() as cursor:
            for name in self.names.values():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'coalesce(max(id), 0) + 1, false) FROM "{name}"'
                )
        self.atomic.__exit__(None, None, None)
        # VACUUM sets the visibility map (as autovacuum would in production) and ANALYZE the
        # statistics the planner needs.
        with self.connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


class SqliteLoader:
    """executemany in one transaction, with the journal and fsync off while loading."""

    true, false = 1, 0

    def __init__(self, connection):
        from django.db import transaction

        self.connection = connection
        self.names = tables()
        connection.ensure_connection()
        raw = connection.connection
        self.journal = raw.execute("PRAGMA journal_mode").fetchone()[0]
        raw.execute("PRAGMA journal_mode=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-4000000")  # 4 GB page cache while loading
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.checked: set[str] = set()

    @staticmethod
    def date(day):
        return day.isoformat()

    @staticmethod
    def timestamp(day):
        return f"{day.isoformat()} 12:00:00"

    def copy(self, table, columns, rows):
        name = self.names[table]
        if name not in self.checked:
            check_columns(self.connection, name, columns)
            self.checked.add(name)
        marks = ", ".join("?" for _ in columns)
        self.connection.connection.executemany(
            f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({marks})', rows
        )

    def finish(self):
        self.atomic.__exit__(None, None, None)
        raw = self.connection.connection
        raw.execute("ANALYZE")
        raw.execute(f"PRAGMA journal_mode={self.journal}")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("PRAGMA cache_size=-2000")  # back to SQLite's default for the measurement


# --- figures -------------------------------------------------------------------------------------


def scalar(connection, sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def table_rows(connection) -> dict[str, int]:
    names = tables()
    labels = {
        "plans": "plans_plan",
        "success criteria": "plans_successcriterion",
        "registrations": names["registration"],
        "registration criteria": names["criteria"],
        "participants": names["participant"],
        "links": names["link"],
        "measurements": names["measurement"],
        "assessments": names["assessment"],
    }
    return {label: scalar(connection, f'SELECT count(*) FROM "{t}"') for label, t in labels.items()}


def own_rows(connection, plan) -> dict[str, int]:
    names = tables()
    return {
        "registrations": scalar(
            connection,
            f'SELECT count(*) FROM "{names["registration"]}" WHERE plan_id = %s',
            [plan.pk],
        ),
        "links": scalar(
            connection,
            f'SELECT count(*) FROM "{names["link"]}" l JOIN "{names["registration"]}" r '
            "ON r.id = l.registration_id WHERE r.plan_id = %s",
            [plan.pk],
        ),
        "counted": scalar(
            connection,
            f'SELECT count(*) FROM "{names["criteria"]}" c JOIN "{names["registration"]}" r '
            "ON r.id = c.registration_id WHERE r.plan_id = %s AND r.date <= %s",
            [plan.pk, as_of_date(plan)],
        ),
    }


def database_size(connection) -> int:
    if connection.vendor == "postgresql":
        return scalar(connection, "SELECT pg_database_size(current_database())")
    return os.path.getsize(connection.settings_dict["NAME"])


def table_sizes(connection) -> str:
    if connection.vendor != "postgresql":
        return ""
    parts = []
    for label, name in tables().items():
        if label in {"registration", "criteria", "link"}:
            total = scalar(connection, "SELECT pg_total_relation_size(%s)", [f'"{name}"'])
            heap = scalar(connection, "SELECT pg_relation_size(%s)", [f'"{name}"'])
            parts.append(f"{name} {total / 1e6:,.0f} MB ({heap / 1e6:,.0f} MB table)")
    return " — " + ", ".join(parts)


def trace_queries(connection, function) -> list[tuple[str, tuple]]:
    traced = []

    def record(execute, sql, params, many, context):
        traced.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        function()
    return traced


def time_query(connection, sql, params) -> float:
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - start) * 1000


def explain(connection, sql, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        rows = cursor.fetchall()
    depth = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)


def query_name(sql: str) -> str:
    """A short name for one of plan_progress's queries."""
    if "registrationparticipant" in sql:
        return "unique participants per " + ("plan year" if "CASE WHEN" in sql else "period")
    if "registrations_assessment" in sql and "plans_successcriterion" not in sql.split("FROM")[-1]:
        return "assessments"
    if sql.lstrip().startswith("SELECT") and "registrations_registration_criteria" in sql:
        return "registration figures per criterion"
    if "plans_successcriterion" in sql:
        return "criteria with measurement subqueries"
    return sql[:80]


def quote(value) -> str:
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


if __name__ == "__main__":
    main()
