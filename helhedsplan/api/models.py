"""Access tokens for the JSON API: only a hash is kept, the token itself is shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

# A recognisable prefix, so a leaked token is easy to spot in logs and secret scanners.
TOKEN_PREFIX = "hp_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked=False, user__is_active=True)

    def revoke_for(self, *, user_id: int) -> int:
        """Revoke every usable token of the user (a password changed, access removed, the user
        deactivated); the number revoked. An UPDATE, so a request that has just read a token
        cannot save it back as usable."""
        return self.filter(user_id=user_id, revoked=False).update(revoked=True)

    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`: the saved row and the token, which is never stored."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return self.create(user=user, name=name, key_hash=hash_token(token)), token


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("navn", max_length=100, help_text="Hvad nøglen bruges til.")
    # Unique, so it is also the index that serves the lookup on every API request.
    key_hash = models.CharField("SHA-256 af nøglen", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    last_used_at = models.DateTimeField("sidst brugt", null=True, blank=True, editable=False)
    revoked = models.BooleanField("spærret", default=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"
        ordering = ["user__username", "-created_at"]

    def __str__(self):
        state = " (spærret)" if self.revoked else ""
        return f"{self.name} – {self.user}{state}"
