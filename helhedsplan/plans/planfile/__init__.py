"""The plan file: parse (with line numbers), validate (every error, Danish messages), serialise."""

from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem
from helhedsplan.plans.planfile.source import read_checked
from helhedsplan.plans.planfile.validate import validate_text

__all__ = ["PlanFileError", "PlanFileProblem", "read_checked", "validate_text"]
