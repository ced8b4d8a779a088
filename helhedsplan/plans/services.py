"""Loading a plan file into the database and exporting it back: the plan's round trip.

The load is plans/planfile/load.py, the export plans/planfile/export.py; both read each field's
place in the file and in the database from plans/planfile/fields.py.
"""

from helhedsplan.plans.planfile.export import (
    _PlanDumper,
    _PurePlanDumper,
    dump_plan_data,
    export_plan,
    plan_as_data,
)
from helhedsplan.plans.planfile.load import load_plan

__all__ = [
    "_PlanDumper",
    "_PurePlanDumper",
    "dump_plan_data",
    "export_plan",
    "load_plan",
    "plan_as_data",
]
