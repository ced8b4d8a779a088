# Over 400 lines: one runnable benchmark (servers, simulated users, figures) kept in a single script.
"""Load test: gunicorn with the production settings, many simulated users, on PostgreSQL and on
SQLite. Prints requests per second, p50/p95/p99 per kind of request and every error.

    .venv/bin/python benchmarks/load.py [--database postgres|sqlite|both] [--users 50]
        [--seconds 120] [--wait 2-8] [--workers 5] [--json FILE]

For each database the script

1. makes a fresh database (PostgreSQL: `hp_load`, dropped and created here, never the test
   database; SQLite: a file in a temporary folder), runs `migrate`, loads the Randers Nordby plan,
   `demo-users` and `demo-data --seed 1`, and `collectstatic`;
2. starts gunicorn on 127.0.0.1 (loopback only) with the production settings: DEBUG off, a
   generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, and HTTPS=0 (the documented switch for plain
   HTTP on a closed network; otherwise every request would be redirected to https);
3. warms the workers up with an unmeasured run (until every page has been served a few times per
   worker, at most --warmup seconds); then --users simulated people arrive, --spawn-rate per
   second, and log in (the ramp-up: its logins and errors are shown on their own), and then
   everyone works for --seconds, measured, reading each page for 2-8 seconds (--wait) before the
   next click:
   - a partner (1 in 4): start page, dashboard, the registration form and a saved registration;
   - the secretariat (2 in 4): start page, dashboard, the progress report on screen, and about
     every 40th click as PDF, and as Excel;
   - a board member (1 in 4): start page, dashboard, the report on screen, and as PDF;
   and about every 40th click logs out and in again. gunicorn runs 2 x cores + 1 sync workers
   (--workers) and keeps database connections for 60 s (DB_CONN_MAX_AGE, --conn-max-age);
4. stops gunicorn and drops the database. Every step has a time limit.

The goal (issue 11): 0 errors, and the dashboard's p95 under 300 ms on PostgreSQL on 2 cores.
"""

import argparse
import html.parser
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, constant, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "hp_load"
SLUG = "randers-nordby-2017-21"
PLAN_FILE = ROOT / "helhedsplan" / "plans" / "data" / "randers-nordby-2017-21.yaml"
PASSWORD = "load-test-demo"
REPORT = f"/planer/{SLUG}/rapporter/fremdrift/?periode=2019/20-T3"
PARTNER_ACTIVITY = "uddannelsestilbud-for-unge"  # the demo partner's (the production school's)
SETUP_TIMEOUT = 900
# FastHttpUser (geventhttpclient) sends a body as given: forms are encoded here.
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second")
    parser.add_argument(
        "--warmup", type=int, default=180, help="at most this many unmeasured seconds first"
    )
    parser.add_argument(
        "--wait",
        default="2-8",
        help="seconds a person reads a page before the next click, MIN-MAX (default 2-8)",
    )
    parser.add_argument(
        "--conn-max-age",
        default="60",
        help="DB_CONN_MAX_AGE for the server (default 60: a worker keeps its connection)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn worker processes (default: 2 x cores + 1, gunicorn's own advice)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--pg-server", default=PG_SERVER)
    parser.add_argument("--json", dest="json_file", help="also write the figures to this file")
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 5 <= args.seconds <= 1800:
        parser.error("--users must be 1-500 and --seconds 5-1800")
    try:
        low, high = (float(part) for part in args.wait.split("-"))
    except ValueError:
        parser.error("--wait is MIN-MAX in seconds, e.g. 2-8")
    Person.wait_time = between(low, high)
    return args


# The simulated people ----------------------------------------------------------------------


class _Form(html.parser.HTMLParser):
    """The fields a browser would send from the page's forms: hidden inputs (CSRF, the one-time
    token), ticked boxes and the values already filled in."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag != "input" or not name:
            return
        kind = attributes.get("type", "text")
        if kind in {"checkbox", "radio"} and "checked" not in attributes:
            return
        if kind in {"submit", "button", "file"}:
            return
        self.fields.setdefault(name, []).append(attributes.get("value") or "")


def form_fields(text: str) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(text)
    return parser.fields


class Person(FastHttpUser):
    abstract = True
    wait_time = between(2, 8)  # set from --wait
    usernames: tuple[str, ...] = ()

    def on_start(self):
        self.log_in()

    def log_in(self):
        self.client.cookiejar.clear()
        page = self.client.get("/login/", name="login (form)")
        fields = form_fields(page.text)
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", [""])[0],
            "username": random.choice(self.usernames),
            "password": PASSWORD,
        }
        with self.client.post(
            "/login/",
            data=urlencode(data),
            headers=FORM,
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login gave {response.status_code}, not a redirect")

    def get(self, path: str, name: str, expect: str = "", starts: bytes = b""):
        with self.client.get(
            path, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code in {301, 302} and "/login/" in response.headers.get(
                "Location", ""
            ):
                response.failure("sent to the login page")
            elif response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif starts and not response.content.startswith(starts):
                response.failure(f"the file does not start with {starts!r}")
            elif expect and expect not in response.text:
                response.failure(f"{expect!r} is not on the page")

    @task(9)
    def start_page(self):
        self.get("/", "start page /")

    @task(18)
    def dashboard(self):
        self.get(f"/planer/{SLUG}/fremdrift/", "dashboard", expect="<h1")

    @task(1)  # about one click in 40: people stay logged in for a working day
    def log_in_again(self):
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        self.client.post(
            "/logout/", name="logout", allow_redirects=False, headers={"X-CSRFToken": token}
        )
        self.log_in()


class Partner(Person):
    weight = 1
    usernames = ("partner",)

    @task(12)
    def register(self):
        url = f"/planer/{SLUG}/registrering/ny/{PARTNER_ACTIVITY}/"
        with self.client.get(url, name="registration form", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
                return
        data = form_fields(page.text)
        day = random.randint(1, 28)
        month = random.choice([2, 3, 4, 5])
        data.update(
            {
                "date": [f"2021-{month:02d}-{day:02d}"],
                "kind": ["course"],
                "count": [str(random.randint(1, 3))],
                "participants": [str(random.randint(5, 15))],
                "completed": [""],
                "codes": [""],
                "completed_codes": [""],
                "age_band": ["15-17"],
                "note": [f"Belastningstest {secrets.token_hex(4)}"],
                "confirm_duplicate": ["on"],
            }
        )
        with self.client.post(
            url,
            data=urlencode(data, doseq=True),
            name="registration save",
            allow_redirects=False,
            catch_response=True,
            headers={**FORM, "Referer": f"http://127.0.0.1{url}"},
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved (status {response.status_code})")


class Secretariat(Person):
    weight = 2
    usernames = ("sekretariat", "medarbejder")

    @task(9)
    def report_page(self):
        self.get(REPORT, "report page", expect="<h1")

    @task(1)  # a download about every 40 clicks
    def report_pdf(self):
        self.get(REPORT + "&format=pdf", "report PDF", starts=b"%PDF")

    @task(1)
    def report_xlsx(self):
        self.get(REPORT + "&format=xlsx", "report xlsx", starts=b"PK")


class Board(Person):
    weight = 1
    usernames = ("bestyrelse", "styregruppe")

    @task(9)
    def report_page(self):
        self.get(REPORT, "report page", expect="<h1")

    @task(1)  # a download about every 40 clicks
    def report_pdf(self):
        self.get(REPORT + "&format=pdf", "report PDF", starts=b"%PDF")


# The server -------------------------------------------------------------------------------


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def postgres(server: str, sql: str) -> None:
    """Run one statement on the server's postgres database, in a subprocess: this process is
    monkey-patched by gevent for locust and keeps no database driver of its own."""
    code = (
        "import psycopg, sys\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])\n"
    )
    subprocess.run([sys.executable, "-c", code, f"{server}/postgres", sql], check=True, timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(database_url: str, var_dir: Path, args) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "0",
            "HELHEDSPLAN_VAR_DIR": str(var_dir),
            "HELHEDSPLAN_DEMO_PASSWORD": PASSWORD,
            "DJANGO_SETTINGS_MODULE": "helhedsplan.settings",
            "LOG_LEVEL": "WARNING",
            "DB_CONN_MAX_AGE": str(args.conn_max_age),
        }
    )
    return environment


def helhedsplan(environment: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(BIN / "helhedsplan"), *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"helhedsplan {' '.join(args)} failed:\n{result.stderr}")


def prepare(environment: dict[str, str]) -> None:
    step("migrate, plan, demo users, demo data, static files")
    helhedsplan(environment, "migrate", "--noinput", "-v", "0")
    helhedsplan(environment, "plan", "load", str(PLAN_FILE))
    helhedsplan(environment, "demo-users", SLUG)
    helhedsplan(environment, "demo-data", SLUG, "--seed", "1")
    helhedsplan(environment, "collectstatic", "--noinput", "-v", "0")


def start_gunicorn(environment, port: int, args, log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "helhedsplan.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
    ]
    server = subprocess.Popen(
        command,
        env=environment,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at once:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not start within 2 minutes")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# The run ----------------------------------------------------------------------------------


WARM = ["dashboard", "start page /", "report page", "report PDF", "report xlsx"]


class _WarmUp(Secretariat):
    """Clicks fast and through every kind of page alike."""

    wait_time = constant(0.1)
    tasks = {
        Person.start_page: 1,
        Person.dashboard: 1,
        Secretariat.report_page: 1,
        Secretariat.report_pdf: 1,
        Secretariat.report_xlsx: 1,
    }


def warm_up(host: str, args) -> None:
    """Every worker imports the report, chart and PDF code and fills its caches on its first
    requests (seconds each on a busy machine): an unmeasured run first, until every kind of page
    has been served a few times per worker, or --warmup seconds have passed."""
    if args.warmup <= 0:
        return
    environment = Environment(user_classes=[_WarmUp], host=host)
    runner = environment.create_local_runner()
    users = 2 * args.workers
    wanted = 2 * args.workers
    step(f"warm-up: {users} users until each page has been served {wanted} times (not measured)")
    started = time.monotonic()
    runner.start(users, spawn_rate=users)
    while time.monotonic() - started < args.warmup:
        gevent.sleep(1)
        served = {entry.name: entry.num_requests for entry in environment.stats.entries.values()}
        if all(served.get(name, 0) >= wanted for name in WARM):
            break
    runner.quit()
    runner.greenlet.join(timeout=60)
    step(f"warm-up done after {time.monotonic() - started:.0f} s")


def _table(stats, elapsed: float) -> dict:
    return {
        "requests": [
            _figures(entry.name, entry, elapsed)
            for entry in sorted(stats.entries.values(), key=lambda e: e.name)
        ],
        "total": _figures("all", stats.total, elapsed),
        "errors": [
            {"request": error.name, "error": str(error.error), "count": error.occurrences}
            for error in stats.errors.values()
        ],
        "seconds": round(elapsed, 1),
    }


def run_load(host: str, args) -> dict:
    """Two phases: the ramp-up, while the people arrive and log in (PBKDF2 makes each login cost
    about half a second of CPU on purpose), and then --seconds with everyone at work, measured
    on its own. Errors of both phases count."""
    warm_up(host, args)
    environment = Environment(user_classes=[Partner, Secretariat, Board], host=host)
    runner = environment.create_local_runner()
    step(f"ramp-up: {args.users} users log in, {args.spawn_rate:g} per second")
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    deadline = started + args.users / args.spawn_rate + 120
    while runner.user_count < args.users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    gevent.sleep(5)  # the last arrivals finish logging in
    ramp_up = _table(environment.stats, time.monotonic() - started)
    environment.stats.reset_all()
    step(f"{runner.user_count} users at work for {args.seconds} s")
    started = time.monotonic()
    gevent.sleep(args.seconds)
    runner.quit()
    runner.greenlet.join(timeout=60)
    result = _table(environment.stats, time.monotonic() - started)
    result["ramp_up"] = ramp_up
    # Other work on the machine shows here (the load test itself adds about 2 on 2 cores).
    result["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    return result


def _figures(name, entry, elapsed) -> dict:
    has = entry.num_requests > 0
    return {
        "name": name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.num_requests / elapsed, 2),
        "p50": entry.get_response_time_percentile(0.50) if has else None,
        "p95": entry.get_response_time_percentile(0.95) if has else None,
        "p99": entry.get_response_time_percentile(0.99) if has else None,
        "max": round(entry.max_response_time) if has else None,
    }


def print_figures(database: str, result: dict, args) -> None:
    print()
    print(
        f"{database}: {args.users} users reading {args.wait} s, {result['seconds']} s, gunicorn "
        f"{args.workers} workers x {args.threads} threads, load average {result['load_average'][0]} before "
        f"and {result['load_average'][1]} after"
    )
    header = f"{'request':<20} {'count':>7} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}"
    print(header)
    print("-" * len(header))
    for row in [*result["requests"], result["total"]]:
        print(
            f"{row['name']:<20} {row['requests']:>7} {row['failures']:>6} {row['rps']:>7} "
            f"{row['p50'] or '-':>6} {row['p95'] or '-':>6} {row['p99'] or '-':>6} "
            f"{row['max'] or '-':>6}"
        )
    print("(times in ms)")
    ramp = result["ramp_up"]
    logins = next((row for row in ramp["requests"] if row["name"] == "login"), None)
    if logins:
        print(
            f"ramp-up ({ramp['seconds']} s, not in the table): {logins['requests']} logins, "
            f"p50 {logins['p50']} ms, p95 {logins['p95']} ms; "
            f"{ramp['total']['requests']} requests, {ramp['total']['failures']} errors"
        )
    for error in [*ramp["errors"], *result["errors"]]:
        print(f"ERROR {error['count']} x {error['request']}: {error['error']}")
    if result["server_errors"]:
        print(f"SERVER LOG: {len(result['server_errors'])} error lines, the first:")
        for line in result["server_errors"][:5]:
            print("   ", line)


def one_database(database: str, args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"hp-load-{database}-"))
    if database == "postgres":
        step(f"PostgreSQL database {PG_DATABASE}")
        postgres(args.pg_server, f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        postgres(args.pg_server, f'CREATE DATABASE "{PG_DATABASE}"')
        url = f"{args.pg_server}/{PG_DATABASE}"
    else:
        url = f"sqlite:///{folder / 'load.sqlite3'}"
    environment = production_environment(url, folder, args)
    server = None
    try:
        prepare(environment)
        port = free_port()
        log = folder / "gunicorn.log"
        step(f"gunicorn on 127.0.0.1:{port}")
        server = start_gunicorn(environment, port, args, log)
        result = run_load(f"http://127.0.0.1:{port}", args)
        stop(server)
        result["server_errors"] = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if "Traceback" in line or "ERROR" in line or "locked" in line
        ]
        return result
    finally:
        if server is not None:
            stop(server)
        if database == "postgres":
            postgres(args.pg_server, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    args = parse_args()
    databases = ["postgres", "sqlite"] if args.database == "both" else [args.database]
    results = {}
    for database in databases:
        results[database] = one_database(database, args)
    for database, result in results.items():
        print_figures(database, result, args)
    if args.json_file:
        Path(args.json_file).write_text(json.dumps(results, indent=2), encoding="utf-8")
    dashboard = next(
        (
            row
            for row in results.get("postgres", {}).get("requests", [])
            if row["name"] == "dashboard"
        ),
        None,
    )
    print()
    errors = sum(
        r["total"]["failures"] + r["ramp_up"]["total"]["failures"] + len(r["server_errors"])
        for r in results.values()
    )
    print(f"Errors: {errors} (goal 0)")
    if dashboard:
        print(f"Dashboard p95 on PostgreSQL: {dashboard['p95']} ms (goal under 300 ms)")


if __name__ == "__main__":
    main()
