"""The apps' imports point one way: the bottom (core, accounts, plans) knows nothing of the domain
apps, and the domain apps know nothing of the pages that gather from all of them (workspace, demo).
Tests are left out: a test may set up data from any app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOTTOM = {"core", "accounts", "plans"}
TOP = {"workspace", "demo", "backup"}
DOMAIN = {
    path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name not in BOTTOM | TOP
}


def _layer(app: str) -> int:
    return 0 if app in BOTTOM else 2 if app in TOP else 1


def _imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "helhedsplan":
                apps.add(parts[1])
    return apps


def _modules(app: str):
    for path in (ROOT / app).rglob("*.py"):
        relative = path.relative_to(ROOT / app).parts
        if relative[0] in {"tests", "migrations"}:
            continue
        yield path


def test_the_layers_are_known():
    assert {"registrations", "progress", "reports", "governance", "planning"} <= DOMAIN


@pytest.mark.parametrize("app", sorted(BOTTOM | DOMAIN | TOP))
def test_an_app_imports_only_from_its_own_layer_or_below(app):
    upward = [
        f"{path.relative_to(ROOT)} imports {other}"
        for path in _modules(app)
        for other in _imported_apps(path)
        if other in BOTTOM | DOMAIN | TOP and _layer(other) > _layer(app)
    ]
    assert upward == []
