"""A person's API keys are revoked when what they logged in with changes or their access ends.

A key gives the rights of its user, without a session, so it must not outlive the reasons the
sessions end for (the sessions end because Django checks the password's hash in each one; a
key has no such check). Revoked on:
- a new password, by any path that calls `user.set_password()` and saves: the reset link, the
  admin's "Skift adgangskode", an invitation's password, `helhedsplan changepassword`, code;
- a password made unusable (the admin's "password-based authentication" switched off);
- the user deactivated (is_active off: the key is refused already, and stays so if the user
  is activated again);
- a role in a plan removed (PlanMembership deleted: the people page's "Fjern adgang", the
  municipality's login taking a role away, the admin). A key is not limited to one plan, so all
  the person's keys go; the secretariat issues a new one if the person still needs one.
A hash upgrade at login (Django re-hashing with a newer hasher) is no new password and changes
nothing: Django calls set_password then, too, but clears the raw password before it saves.
"""

import logging

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from helhedsplan.accounts.models import PlanMembership
from helhedsplan.api.models import ApiToken

logger = logging.getLogger("helhedsplan.security")

User = get_user_model()


def _why(instance) -> str | None:
    """Why saving this user revokes its keys, or None."""
    # set_password() keeps the raw password in _password until save() (Django's own hook for
    # password_changed validators); the hash upgrade at login clears it first.
    if getattr(instance, "_password", None) is not None:
        return "ny adgangskode"
    must_check_password = not instance.has_usable_password()
    must_check_active = not instance.is_active
    if not (must_check_password or must_check_active):
        return None
    before = User._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return None
    if must_check_active and before["is_active"]:
        return "brugeren er spærret"
    if must_check_password and before["password"] != instance.password:
        return "adgangskode slået fra"
    return None


@receiver(pre_save, sender=User, dispatch_uid="helhedsplan.api.tokens_note_password")
def note_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._revoke_api_tokens = None
    if raw or instance.pk is None:
        return  # a fixture being loaded, or a new user (who has no keys)
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login at each login
    instance._revoke_api_tokens = _why(instance)


@receiver(post_save, sender=User, dispatch_uid="helhedsplan.api.tokens_revoke_on_password")
def revoke_on_password_change(sender, instance, created=False, **kwargs):
    reason = getattr(instance, "_revoke_api_tokens", None)
    instance._revoke_api_tokens = None
    if reason:
        _revoke(instance.pk, reason)


@receiver(post_delete, sender=PlanMembership, dispatch_uid="helhedsplan.api.tokens_revoke_removed")
def revoke_on_removed_access(sender, instance: PlanMembership, **kwargs):
    # The plan by id: when a whole plan is deleted, its row may be gone already.
    _revoke(instance.user_id, f"adgangen til en plan (id {instance.plan_id}) er fjernet")


def _revoke(user_id: int, reason: str) -> None:
    count = ApiToken.objects.revoke_for(user_id=user_id)
    if count:
        username = (
            User._default_manager.filter(pk=user_id)
            .values_list(User.USERNAME_FIELD, flat=True)
            .first()
        )
        logger.warning(
            "%d API-nøgle%s spærret for %r: %s",
            count,
            "" if count == 1 else "r",
            username,
            reason,
        )
