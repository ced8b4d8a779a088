from django.db import models


class PlanScopedQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan)
