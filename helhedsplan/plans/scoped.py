"""What the parts of a plan share: they are found by plan, and most by a key unique in it."""

from django.db import models


class PlanScopedQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan)


class PlanPart(models.Model):
    """A part of the plan in the database (an organisation, an activity …), named by its name."""

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


def key_unique_in_plan(name: str) -> models.UniqueConstraint:
    """A part's key is unique in its plan: registrations, reports and addresses name it by it."""
    return models.UniqueConstraint(fields=["plan", "key"], name=f"{name}_key_unique_in_plan")
