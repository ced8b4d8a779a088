"""Logging in with the username or, for invited people, the e-mail address in any case."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Django's own check, and then: an address with "@" matches a username or e-mail without
    regard to case (an invited person's username is the e-mail, and phones capitalise it)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not username or "@" not in username or password is None:
            return user
        users = get_user_model().objects
        address = username.strip()
        candidates = list(users.filter(username__iexact=address)[:2]) or list(
            users.filter(email__iexact=address)[:2]
        )
        if len(candidates) != 1:
            return None
        candidate = candidates[0]
        if candidate.check_password(password) and self.user_can_authenticate(candidate):
            return candidate
        return None
