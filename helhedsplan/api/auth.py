"""Bearer-token authentication for the API: the token's user becomes request.user.

Guessing keys is locked out like guessing passwords: wrong keys are counted per address by
django-axes (helhedsplan.accounts.lockout), and an address that reaches the limit gets 429 with
a Danish detail and Retry-After, even for a valid key, until the lock ends.
"""

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from helhedsplan.accounts import lockout
from helhedsplan.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        if lockout.api_address_locked(request):
            _locked_out(request)
        found = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(token))
        api_token = found.first()
        if api_token is None:
            if lockout.record_api_key_failure(request):
                _locked_out(request)
            return None
        # An UPDATE, not save(): no race with a concurrent revoke, and no signals.
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        # The web views' access check (get_plan_for_user) reads request.user; so does the
        # history middleware, which records who changed what.
        request.user = api_token.user
        request.api_token = api_token
        return api_token


def _locked_out(request):
    # axes' middleware turns the answer into lockout.lockout_response (with Retry-After).
    request.axes_locked_out = True
    raise HttpError(429, lockout.api_locked_message())
