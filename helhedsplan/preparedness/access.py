"""Who may see the beredskab: the secretariat, and the people of the preparedness plan who have
a login (Contact.user). Everyone else gets 404, like a plan they are not a member of."""

from dataclasses import dataclass

from django.http import Http404

from helhedsplan.accounts.access import PlanAccess, get_plan_for_user
from helhedsplan.preparedness.models import Contact


@dataclass(frozen=True)
class PreparednessAccess:
    access: PlanAccess
    contact: Contact | None  # the user's own entry in the plan, if any

    @property
    def plan(self):
        return self.access.plan

    @property
    def is_secretariat(self) -> bool:
        return self.access.is_secretariat

    @property
    def may_edit_plan(self) -> bool:
        """Keeping the people and numbers up to date is the secretariat's job."""
        return self.access.is_secretariat

    @property
    def may_activate(self) -> bool:
        """Any member of the beredskab steering group (or a deputy) and the secretariat."""
        return self.access.is_secretariat or (
            self.contact is not None
            and self.contact.kind in {Contact.Kind.MEMBER, Contact.Kind.DEPUTY}
        )


def get_preparedness_access(request, slug) -> PreparednessAccess:
    access = get_plan_for_user(request, slug)
    contact = Contact.objects.filter(plan=access.plan, user=request.user).first()
    if not access.is_secretariat and contact is None:
        raise Http404("Siden findes ikke.")
    return PreparednessAccess(access=access, contact=contact)
