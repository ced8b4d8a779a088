"""The apps' imports point one way, down a declared order: an app may import only the apps
before it. Bottom: core, the documents and their renderers, the plan and the accounts; then the
domain apps, each above the ones it builds on; at the top the pages that gather from all of them
(workspace) and the tools around the data (backup, demo). Every import counts, also one inside a
function, which is where a cycle hid before (governance -> reports -> preparedness -> governance).
Tests are left out: a test may set up data from any app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Bottom first. A new app is placed here on purpose; the last test fails until it is.
ORDER = [
    "core",  # settings-free helpers: periods, formats, privacy, concurrency, uploads
    "documents",  # the document model and its PDF, Word, Excel and HTML renderers
    "plans",  # the plan as data
    "accounts",  # people and their roles on a plan
    "sso",  # single sign-on onto accounts
    "registerdata",  # register measures and the areas' standing under §§ 61 a-b
    "registrations",  # what partners deliver
    "progress",  # progress computed from the registrations
    "economy",  # spending against the budget
    "governance",  # bodies, meetings, decisions, changes to the plan
    "preparedness",  # the beredskab: its bodies are governance's
    "reports",  # the reports: gather progress, economy and beredskab
    "planning",  # the plan editor: proposes changes through governance
    "api",  # the REST API over registrations and progress
    "workspace",  # the pages that gather from every app
    "backup",
    "demo",
]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def _imported_apps(path: Path) -> dict[str, int]:
    """The other apps a module imports, each with the first line that does."""
    apps: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "helhedsplan":
                apps.setdefault(parts[1], node.lineno)
    return apps


def _modules(app: str):
    for path in (ROOT / app).rglob("*.py"):
        relative = path.relative_to(ROOT / app).parts
        if relative[0] in {"tests", "migrations"}:
            continue
        yield path


def test_every_app_has_its_place_in_the_order():
    assert sorted(ORDER) == APPS


@pytest.mark.parametrize("app", ORDER)
def test_an_app_imports_only_the_apps_below_it(app):
    below = set(ORDER[: ORDER.index(app)])
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in _modules(app)
        for other, line in _imported_apps(path).items()
        if other in APPS and other != app and other not in below
    ]
    assert upward == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "late.py"
    module.write_text(
        "def table():\n    from helhedsplan.preparedness.activations import stats\n", "utf-8"
    )
    assert _imported_apps(module) == {"preparedness": 2}
