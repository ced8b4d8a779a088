"""Django settings, read from the environment (see README: Drift)."""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from helhedsplan.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HELHEDSPLAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY skal sættes i miljøet, når DEBUG er slået fra.")
    # The demo keeps one generated key so that sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS skal sættes i miljøet, når DEBUG er slået fra.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",  # serves the API docs' Swagger UI from our own static files
    "helhedsplan.core",
    "helhedsplan.accounts",
    "helhedsplan.plans",
    "helhedsplan.registrations",
    "helhedsplan.progress",
    "helhedsplan.api",
    "helhedsplan.economy",
    "helhedsplan.reports",
    "helhedsplan.governance",
    "helhedsplan.preparedness",
    "helhedsplan.planning",
    "helhedsplan.workspace",
    "helhedsplan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "helhedsplan.urls"
WSGI_APPLICATION = "helhedsplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helhedsplan.workspace.context_processors.navigation",
            ],
            # |unlocalize everywhere: with the thousand separator on, an id above 999 printed
            # into a form or a link would read "1.531" (core/tests/test_template_ids.py).
            "builtins": ["django.templatetags.l10n"],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'helhedsplan.sqlite3'}"
    if url.startswith("sqlite:///"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL kan ikke læses: {error}") from None
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Invited people log in with their e-mail (their username), in any upper/lower case.
AUTHENTICATION_BACKENDS = ["helhedsplan.accounts.backends.EmailOrUsernameBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Danish UI: Django's "da" locale gives 1.234.567,89 and "1. juni 2017".
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if DEBUG:
    # WhiteNoise looks at STATIC_ROOT even when runserver serves from the apps.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = not DEBUG and env_bool("HTTPS", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = 8 * 3600

# E-mail (reminders to partners, notices to the board): printed on the console until a mail
# server is configured with EMAIL_HOST, so the demo never sends real mail.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS og EMAIL_USE_SSL kan ikke begge være slået til.")
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Helhedsplan <helhedsplan@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in e-mails point to (e-mails are sent from cron, outside any request).
HELHEDSPLAN_BASE_URL = env_str("HELHEDSPLAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many days before a steering-group meeting partners are reminded of missing data.
HELHEDSPLAN_REMINDER_DAYS = env_int("HELHEDSPLAN_REMINDER_DAYS", 14)
if HELHEDSPLAN_REMINDER_DAYS < 0:
    raise ImproperlyConfigured("HELHEDSPLAN_REMINDER_DAYS skal være 0 eller større.")
# How many days an invitation link (helhedsplan invite, the people page) can be used.
HELHEDSPLAN_INVITATION_DAYS = env_int("HELHEDSPLAN_INVITATION_DAYS", 7)
if HELHEDSPLAN_INVITATION_DAYS < 1:
    raise ImproperlyConfigured("HELHEDSPLAN_INVITATION_DAYS skal være 1 eller større.")
# How the beredskab's people are told of an activation: dotted paths of channel classes
# (helhedsplan/preparedness/notify.py explains how to add an SMS gateway). One Notification is
# recorded per person and channel; a failing channel never stops the activation.
HELHEDSPLAN_PREPAREDNESS_CHANNELS = env_list(
    "HELHEDSPLAN_PREPAREDNESS_CHANNELS", ["helhedsplan.preparedness.notify.EmailChannel"]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_credentials": {"()": "helhedsplan.core.logging.DropCredentials"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_credentials"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
