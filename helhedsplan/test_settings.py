"""Settings for the test suite: the real settings, debug on, a fast password hasher."""

import os

os.environ.setdefault("DEBUG", "1")

from helhedsplan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Django's test client logs in (client.login) without a request, which axes cannot guard, so
# axes is off here; the lockout tests switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
