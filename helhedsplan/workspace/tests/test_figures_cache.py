"""The dashboard's and start pages' figures are kept in Django's cache with the data's stamp: a
change is seen at once, by every process, whether each has its own cache or they share one."""

import uuid

import pytest
from django.test import override_settings

from helhedsplan.registrations.models import Registration
from helhedsplan.workspace.freshness import cached, figures_cache
from helhedsplan.workspace.tests.test_dashboard_cache import _register as register


def _register(plan):
    register(plan, [f"K-{Registration.objects.count() + 1}"])


class Counted:
    """The figures (here: the number of registrations), and how often they were made."""

    def __init__(self):
        self.made = 0

    def __call__(self):
        self.made += 1
        return Registration.objects.count()


def _process(location: str):
    """One gunicorn worker's cache: its own memory, or, given another's location, a shared one."""
    backend = "django.core.cache.backends.locmem.LocMemCache"
    return override_settings(
        CACHES={
            "default": {"BACKEND": backend, "LOCATION": "default"},
            "figures": {"BACKEND": backend, "LOCATION": location},
        }
    )


@pytest.fixture
def process():
    """process("worker-1"): that worker's cache, new for this test (locmem outlives a test)."""
    run = uuid.uuid4().hex
    return lambda name: _process(f"{name}-{run}")


def test_the_figures_are_made_once_and_anew_at_once_after_a_change(plan):
    figures = Counted()
    assert cached(("test", plan.pk), figures) == 0
    assert cached(("test", plan.pk), figures) == 0
    assert figures.made == 1
    _register(plan)
    assert cached(("test", plan.pk), figures) == 1
    assert figures.made == 2


def test_the_figures_are_kept_in_the_configured_cache_in_the_place_of_the_old_ones(plan, process):
    with process("figures-alone"):
        cached(("test", plan.pk), Counted())
        _register(plan)
        cached(("test", plan.pk), Counted())
        kept = figures_cache().get(f"figures:test:{plan.pk}")
        assert kept[1] == 1  # (the stamp it was made at, the figures)
        assert len(figures_cache()._cache) == 1


def test_two_processes_with_their_own_caches_agree_after_a_change(plan, process):
    first, second = Counted(), Counted()
    with process("worker-1"):
        assert cached(("test", plan.pk), first) == 0
    with process("worker-2"):
        assert cached(("test", plan.pk), second) == 0
    _register(plan)
    with process("worker-1"):
        assert cached(("test", plan.pk), first) == 1
    with process("worker-2"):
        assert cached(("test", plan.pk), second) == 1
    assert (first.made, second.made) == (2, 2)


def test_two_processes_sharing_one_cache_use_each_others_figures_and_agree(plan, process):
    first, second = Counted(), Counted()
    with process("shared"):  # the first process
        assert cached(("test", plan.pk), first) == 0
    with process("shared"):  # the second reads what the first made
        assert cached(("test", plan.pk), second) == 0
    assert (first.made, second.made) == (1, 0)
    _register(plan)
    with process("shared"):
        assert cached(("test", plan.pk), second) == 1
    with process("shared"):
        assert cached(("test", plan.pk), first) == 1
    assert (first.made, second.made) == (1, 1)
