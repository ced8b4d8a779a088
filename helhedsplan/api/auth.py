"""Bearer-token authentication for the API: the token's user becomes request.user."""

from django.utils import timezone
from ninja.security import HttpBearer

from helhedsplan.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        found = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(token))
        api_token = found.first()
        if api_token is None:
            return None
        # An UPDATE, not save(): no race with a concurrent revoke, and no signals.
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        # The web views' access check (get_plan_for_user) reads request.user; so does the
        # history middleware, which records who changed what.
        request.user = api_token.user
        request.api_token = api_token
        return api_token
