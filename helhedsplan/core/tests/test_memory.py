"""The garbage collector is kept off what a process keeps for good, and paused while a PDF is
laid out (core/memory.py)."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helhedsplan.core.memory import collection_paused

ROOT = Path(__file__).resolve().parents[3]


def test_no_collection_runs_while_paused_and_collections_resume_after():
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        with collection_paused():
            assert not gc.isenabled()
            collections.clear()  # one may have run on the way in, before the pause
            # Far more new container objects than the youngest generation's threshold.
            kept = [[n] for n in range(20 * gc.get_threshold()[0])]
            assert collections == []
        assert gc.isenabled()
        kept += [[n] for n in range(20 * gc.get_threshold()[0])]
        assert collections  # the collector is back at work
    finally:
        gc.callbacks.remove(count)


def test_the_collector_is_switched_on_again_after_an_error_and_left_off_if_it_was_off():
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a PDF that failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_web_worker_keeps_the_loaded_modules_out_of_collections():
    """What gunicorn loads (helhedsplan.wsgi) is frozen: Django, the apps and their libraries."""
    script = (
        "import gc; import helhedsplan.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "helhedsplan.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, tracked = map(int, done.stdout.split()[-2:])
    assert frozen > 50_000
    assert tracked < frozen / 10  # next to nothing is left for the collector to walk
