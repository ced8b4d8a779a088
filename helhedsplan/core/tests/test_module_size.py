"""No module grows past 400 lines unless its first line says why: a long module is where unrelated
concerns hide (core/concurrency.py once held versions, one-time tokens, change wording and form
merging in 614 lines). The reason is a comment on the first line, `# Over 400 lines: <why>`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIMIT = 400
REASON = "# Over 400 lines: "


def _modules(root: Path):
    for folder in ("helhedsplan", "benchmarks", "docs"):
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _long_without_reason(root: Path = ROOT) -> list[str]:
    found = []
    for path in _modules(root):
        lines = path.read_text(encoding="utf-8").splitlines()
        first = lines[0] if lines else ""
        has_reason = first.startswith(REASON) and len(first) > len(REASON) + 10
        if len(lines) > LIMIT and not has_reason:
            found.append(f"{path.relative_to(root)}: {len(lines)} lines")
    return found


def test_no_module_over_400_lines_without_a_reason_on_its_first_line():
    assert _long_without_reason() == []


def test_the_rule_counts_the_lines_and_reads_the_first_one(tmp_path):
    module = tmp_path / "helhedsplan" / "long.py"
    module.parent.mkdir()
    module.write_text("x = 1\n" * LIMIT, encoding="utf-8")
    assert _long_without_reason(tmp_path) == []  # at the limit
    module.write_text("x = 1\n" * (LIMIT + 1), encoding="utf-8")
    assert _long_without_reason(tmp_path) == ["helhedsplan/long.py: 401 lines"]
    module.write_text("# Over 400 lines: one table of the law's thresholds\n" + "x = 1\n" * LIMIT)
    assert _long_without_reason(tmp_path) == []
