"""The address rules of a plan, read from the database for the pure address check."""

from helhedsplan.plans.addresses import Rule, check_address
from helhedsplan.plans.models import CoverageRule, Plan


def rules_for_plan(plan: Plan) -> list[Rule]:
    return [
        Rule(
            area_key=rule.area.key,
            area_name=rule.area.name,
            street=rule.street,
            numbers=rule.numbers,
            low=rule.from_number,
            high=rule.to_number,
        )
        for rule in CoverageRule.objects.filter(area__plan=plan).select_related("area")
    ]


def check_plan_address(plan: Plan, text: str) -> dict:
    return check_address(text, rules_for_plan(plan))
