"""The plan file is written with libyaml's emitter where PyYAML has it (nine times faster): it
writes exactly the text PyYAML's own emitter writes, for the embedded plan and for the texts a
plan holds (several lines, trailing spaces, quotes, Danish letters, long lines)."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helhedsplan.plans.services import (
    _PlanDumper,
    _PurePlanDumper,
    dump_plan_data,
    plan_as_data,
)


def test_libyaml_is_there_and_writes_the_embedded_plan_as_pyyaml_does(plan):
    assert _PlanDumper.__mro__[1] is yaml.CSafeDumper
    data = plan_as_data(plan)
    fast = dump_plan_data(data)
    assert fast == dump_plan_data(data, dumper=_PurePlanDumper)
    assert yaml.safe_load(fast) == yaml.safe_load(dump_plan_data(data, dumper=_PurePlanDumper))


TEXT = st.text(
    alphabet=st.sampled_from(list("abc æøå ÆØÅ é\"'#:-|>\n\t*&!%@`{}[],?0123456789")), max_size=160
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "note", "vision", "unit"]), TEXT, max_size=4))
def test_both_emitters_write_the_same_text_for_any_plan_text(texts):
    data = {"key": "plan", **texts, "list": [texts, {"n": 1, "d": None}]}
    assert dump_plan_data(data) == dump_plan_data(data, dumper=_PurePlanDumper)
