"""Small tables every app may use: the one-time tokens that make a sent form create one row."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form that creates something, seen once: a second POST with the same token (a double
    click, a resent page, a retried API call with the same Idempotency-Key) is answered with the
    first result instead of a second row. Rows older than a day are deleted as new ones come in
    (helhedsplan.core.once.once), so the table stays small without a cron job."""

    token = models.CharField("engangsnøgle", max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("sendt", auto_now_add=True)
    result_url = models.CharField("resultat", max_length=500, blank=True)
    # What was sent, hashed: an API key reused for another request is refused, not replayed.
    request_hash = models.CharField("forespørgsel (hash)", max_length=64, blank=True)

    class Meta:
        verbose_name = "indsendt formular"
        verbose_name_plural = "indsendte formularer"
        indexes = [
            # Serves the purge of tokens older than a day.
            models.Index(fields=["created_at"], name="formsubmission_created"),
        ]

    def __str__(self):
        return f"{self.token[:12]}… → {self.result_url or '(i gang)'}"
