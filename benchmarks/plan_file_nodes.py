"""Benchmark: the plan file reader against a 2 MB file of a million tiny items (issue 17), and
the shipped plan and templates. "Before" is the same reader on PyYAML's pure-Python parser with
no node limit, as it was; "after" is the reader as shipped (libyaml's parser, PLAN_FILE_MAX_NODES).
Prints figures; asserts nothing (the tests in plans/tests/test_yaml_bombs.py do).

    .venv/bin/python benchmarks/plan_file_nodes.py [--skip-before]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helhedsplan.plans.planfile import PlanFileError, source  # noqa: E402

DATA = ROOT / "helhedsplan" / "plans" / "data"


def million_items() -> str:
    """A flow list of zeros, as many as fit under PLAN_FILE_MAX_BYTES: "[0,0,...,0]"."""
    count = (source.PLAN_FILE_MAX_BYTES - 2) // 2
    return "[" + "0," * (count - 1) + "0]"


def timed(text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        parsed = source.parse(text)
        outcome = f"read, {len(parsed.data) if isinstance(parsed.data, list) else 'a'} items"
    except PlanFileError as error:
        outcome = f"refused: {error.problems[0].message}"
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-before", action="store_true", help="the slow pure-Python run")
    skip_before = parser.parse_args().skip_before

    bomb = million_items()
    files = {
        "2 MB, 1,048,575 items": bomb,
        "randers-nordby-2017-21.yaml": (DATA / "randers-nordby-2017-21.yaml").read_text(),
        "templates/lbf-2019.yaml": (DATA / "templates" / "lbf-2019.yaml").read_text(),
    }
    shipped = (source._PlanFileLoader, source.PLAN_FILE_MAX_NODES)
    print(f"libyaml: {source._PlanFileLoader is not source._PurePythonLoader}")
    for name, text in files.items():
        if not skip_before:
            source._PlanFileLoader, source.PLAN_FILE_MAX_NODES = source._PurePythonLoader, 10**9
            try:
                before, outcome = timed(text)
            finally:
                source._PlanFileLoader, source.PLAN_FILE_MAX_NODES = shipped
            print(f"{name:30} before {before:8.3f} s  {outcome}")
        after, outcome = timed(text)
        print(f"{name:30} after  {after:8.3f} s  {outcome[:90]}")


if __name__ == "__main__":
    main()
