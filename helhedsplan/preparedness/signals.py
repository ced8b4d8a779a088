"""Removing a person's access to a plan also ends their way into its beredskab.

The beredskab gives its people access through Contact.user. When the secretariat removes a
person from a plan (accounts deletes the PlanMembership), the contact stays in the plan (name,
phone) but no longer opens anything for that user. accounts knows nothing of the beredskab, so
the beredskab listens.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from helhedsplan.accounts.models import PlanMembership
from helhedsplan.preparedness.models import Contact


@receiver(post_delete, sender=PlanMembership, dispatch_uid="preparedness_unlink_removed_user")
def unlink_removed_user(sender, instance: PlanMembership, **kwargs) -> None:
    # One by one (not update()), so the history shows the link was removed, and by whom.
    for contact in Contact.objects.filter(plan_id=instance.plan_id, user_id=instance.user_id):
        contact.user = None
        contact._change_reason = "Adgang til planen fjernet"
        contact.save(update_fields=["user"])
