"""The plan file: every field described once (fields.py, focus_fields.py), the schema built from
that (schema.py), parse with line numbers (source.py), validate with every error in Danish
(validate.py), load into the database (load.py) and export again (export.py)."""

from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem
from helhedsplan.plans.planfile.source import read_checked
from helhedsplan.plans.planfile.validate import validate_text

__all__ = ["PlanFileError", "PlanFileProblem", "read_checked", "validate_text"]
