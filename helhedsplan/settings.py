"""Django settings, read from the environment (see README: Drift)."""

import ipaddress
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
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
    "csp",  # the Content-Security-Policy header: see CONTENT_SECURITY_POLICY
    "ninja",  # serves the API docs' Swagger UI from our own static files
    # Lockout after failed logins, and two-step login (README: Production); before accounts,
    # whose security log must see a failure after axes has counted it.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "helhedsplan.core",
    "helhedsplan.documents",
    "helhedsplan.accounts",
    "helhedsplan.plans",
    "helhedsplan.registrations",
    "helhedsplan.progress",
    "helhedsplan.api",
    "helhedsplan.economy",
    "helhedsplan.reports",
    "helhedsplan.governance",
    "helhedsplan.preparedness",
    "helhedsplan.registerdata",
    "helhedsplan.planning",
    "helhedsplan.workspace",
    "helhedsplan.demo",
    "helhedsplan.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "helhedsplan.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
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
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers and cron jobs write at once: WAL lets readers go on during a
        # write, IMMEDIATE takes the write lock when a transaction starts (a read lock upgraded
        # later fails at once, whatever the timeout), and a writer waits for the lock up to
        # HELHEDSPLAN_SQLITE_TIMEOUT seconds instead of failing with "database is locked".
        timeout = env_int("HELHEDSPLAN_SQLITE_TIMEOUT", 20)
        if timeout < 1:
            raise ImproperlyConfigured("HELHEDSPLAN_SQLITE_TIMEOUT skal være 1 eller større.")
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL",
                "transaction_mode": "IMMEDIATE",
                "timeout": timeout,
            }
        )
    return config


DATABASES = {"default": _database()}

# Each process's own memory: the report charts (keyed by their data) and the dashboard's and
# start pages' figures (keyed by a stamp read from the database, so every worker sees a change at
# once). A shared cache would add a server to run for no gain at this size.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "charts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "charts",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # The start pages' and dashboard's figures (workspace/freshness.py): one plan's progress is
    # about 0.7 MB, so at most 64 per process, apart from the default cache's small entries.
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "figures",
        "OPTIONS": {"MAX_ENTRIES": 64},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# axes' backend comes first: it refuses a locked-out user name or address before any backend
# checks a password. Invited people log in with their e-mail (their username), in any case.
# Single sign-on backends go after these.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "helhedsplan.accounts.backends.EmailOrUsernameBackend",
]
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
# Files served at the site's root, such as /favicon.ico, which browsers and crawlers ask for on
# every page whatever the page's <link rel="icon"> says (a 404 there was the one audit below full
# marks in Lighthouse). WhiteNoise serves them before any URL pattern is looked at.
WHITENOISE_ROOT = Path(__file__).resolve().parent / "core" / "public"
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

# Security headers and cookies (README: Production; `helhedsplan check --deploy` gives 0 issues).
# HTTPS (default on in production) says the site is reached over TLS through a proxy that sets
# X-Forwarded-Proto: plain-HTTP requests are redirected, cookies are Secure and "__Host-" named,
# and browsers are told by HSTS to use HTTPS only. HTTPS=0 is for a trial on a closed network.
HTTPS = not DEBUG and env_bool("HTTPS", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# HSTS: one year by default; HELHEDSPLAN_HSTS_SECONDS=300 tries it out for five minutes first.
HELHEDSPLAN_HSTS_SECONDS = env_int("HELHEDSPLAN_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_SECONDS = HELHEDSPLAN_HSTS_SECONDS if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True  # only a token: nothing is preloaded until the domain is submitted
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # no address of ours (plan slugs, ids) leaves the site
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # with CSP frame-ancestors 'none' for browsers that know it
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# "__Host-" cookies are sent only to this host over HTTPS (OWASP ASVS 3.4.4).
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it: forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600

# Content-Security-Policy (django-csp), on in development and tests too, so that a page that
# breaks it fails its browser test. No inline script or style anywhere: CSS and JavaScript are
# static files. Report charts are PNG data: URIs. The API docs (django-ninja's Swagger UI, from
# our static files, its settings in a JSON block) need nothing more; a view that ever does widens
# only its own policy with csp.decorators.csp_update. A script the server writes itself
# (djangosaml2's POST-binding form) carries request.csp_nonce. The standalone HTML report has a
# policy of its own (reports/render_html.py: document_policy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

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
HELHEDSPLAN_REMINDER_DAYS = env_int("HELHEDSPLAN_REMINDER_DAYS", 14, minimum=0)
# How many days an invitation link (helhedsplan invite, the people page) can be used.
HELHEDSPLAN_INVITATION_DAYS = env_int("HELHEDSPLAN_INVITATION_DAYS", 7, minimum=1)
# "Glemt adgangskode?" (helhedsplan/accounts/password_reset.py): the e-mailed link works once,
# for HELHEDSPLAN_RESET_HOURS hours (Django's token generator reads PASSWORD_RESET_TIMEOUT).
# Requests are limited per e-mail and per address within HELHEDSPLAN_RESET_WINDOW_MINUTES, so
# nobody can fill a mailbox with reset mails; the counts are kept in the database.
HELHEDSPLAN_RESET_HOURS = env_int("HELHEDSPLAN_RESET_HOURS", 2, minimum=1)
PASSWORD_RESET_TIMEOUT = HELHEDSPLAN_RESET_HOURS * 3600
HELHEDSPLAN_RESET_PER_EMAIL = env_int("HELHEDSPLAN_RESET_PER_EMAIL", 3, minimum=1)
HELHEDSPLAN_RESET_PER_ADDRESS = env_int("HELHEDSPLAN_RESET_PER_ADDRESS", 10, minimum=1)
HELHEDSPLAN_RESET_WINDOW_MINUTES = env_int("HELHEDSPLAN_RESET_WINDOW_MINUTES", 60, minimum=1)
# How the beredskab's people are told of an activation: dotted paths of channel classes
# (helhedsplan/preparedness/notify.py explains how to add an SMS gateway). One Notification is
# recorded per person and channel; a failing channel never stops the activation.
HELHEDSPLAN_PREPAREDNESS_CHANNELS = env_list(
    "HELHEDSPLAN_PREPAREDNESS_CHANNELS", ["helhedsplan.preparedness.notify.EmailChannel"]
)

# Uploads (spreadsheet imports, plan files): one file may be at most HELHEDSPLAN_UPLOAD_MAX_MB;
# past that, helhedsplan.core.uploads keeps nothing more of it (not on disk, not in memory) and
# the form says how big it was. An import reads at most HELHEDSPLAN_IMPORT_MAX_ROWS rows besides
# the header. Fields that are not files keep Django's own 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE);
# files up to FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) stay in memory, bigger ones go to a temp file.
HELHEDSPLAN_UPLOAD_MAX_MB = env_int("HELHEDSPLAN_UPLOAD_MAX_MB", 10, minimum=1)
HELHEDSPLAN_IMPORT_MAX_ROWS = env_int("HELHEDSPLAN_IMPORT_MAX_ROWS", 20_000, minimum=1)
FILE_UPLOAD_HANDLERS = [
    "helhedsplan.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Login that resists guessing (django-axes; helhedsplan/accounts/lockout.py, README: Logging
# in). Failed logins that follow each other within HELHEDSPLAN_LOCKOUT_MINUTES are counted per
# user name (real or not, so a lockout tells nothing of who exists) and per (user name,
# address): at HELHEDSPLAN_LOGIN_FAILURES either is locked for HELHEDSPLAN_LOCKOUT_MINUTES after
# the last failure. An address alone is locked only at HELHEDSPLAN_ADDRESS_FAILURES failures with
# any names: a municipality's staff share one public address, so a few typos must not lock them
# all out, while fifty names from one address is password spraying. Wrong API keys count per
# address at that number too. The secretariat unlocks on the people page.
HELHEDSPLAN_LOGIN_FAILURES = env_int("HELHEDSPLAN_LOGIN_FAILURES", 5, minimum=1)
HELHEDSPLAN_ADDRESS_FAILURES = env_int("HELHEDSPLAN_ADDRESS_FAILURES", 50)
if HELHEDSPLAN_ADDRESS_FAILURES < HELHEDSPLAN_LOGIN_FAILURES:
    raise ImproperlyConfigured(
        "HELHEDSPLAN_ADDRESS_FAILURES skal være mindst HELHEDSPLAN_LOGIN_FAILURES "
        f"({HELHEDSPLAN_LOGIN_FAILURES}): en adresse deles af mange brugere."
    )
HELHEDSPLAN_LOCKOUT_MINUTES = env_int("HELHEDSPLAN_LOCKOUT_MINUTES", 15, minimum=1)
# Off only when every user reaches the system from one shared address and the proxy in front
# cannot pass the real one on: then the user-name locks stay, the address lock goes.
HELHEDSPLAN_LOCKOUT_PER_ADDRESS = env_bool("HELHEDSPLAN_LOCKOUT_PER_ADDRESS", default=True)
# The number of reverse proxies in front that add the client's address to X-Forwarded-For;
# with 0 the connection's own address counts (behind a proxy that would be the proxy's).
HELHEDSPLAN_PROXY_COUNT = env_int("HELHEDSPLAN_PROXY_COUNT", 0, minimum=0)
# X-Forwarded-For is read only on a connection from one of these addresses or networks (the
# proxies' own): a client that reaches gunicorn directly could write anything in it, rotate it
# past the address lock or lock a victim's address. Default: a proxy on the same machine.
HELHEDSPLAN_TRUSTED_PROXIES = env_list("HELHEDSPLAN_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
for _proxy in HELHEDSPLAN_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"HELHEDSPLAN_TRUSTED_PROXIES: {_proxy!r} er hverken en IP-adresse eller et net "
            "(fx 10.0.0.2 eller 10.0.0.0/24)."
        ) from None
AXES_HANDLER = "helhedsplan.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = "helhedsplan.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=HELHEDSPLAN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = "helhedsplan.accounts.lockout.lockout_parameters"
AXES_USERNAME_CALLABLE = "helhedsplan.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "helhedsplan.accounts.lockout.client_address"
# The two-step code is not kept in axes' record of a failed attempt (the password never is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_LOCKOUT_CALLABLE = "helhedsplan.accounts.lockout.lockout_response"
# A right password does not wipe the address's count (else an attacker with an account of their
# own could log in between guesses), and tries during a lockout neither count nor prolong it.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Two-step login (django-otp, TOTP): any user may set it up on "To-trins-login"; with
# HELHEDSPLAN_REQUIRE_2FA=1 every superuser must, before any page (the admin included).
HELHEDSPLAN_REQUIRE_2FA = env_bool("HELHEDSPLAN_REQUIRE_2FA", default=False)
# The name the authenticator app shows next to the code (tell test and production apart).
OTP_TOTP_ISSUER = env_str("HELHEDSPLAN_2FA_ISSUER", "Helhedsplan")
# The admin lists two-step devices (a superuser removes a lost phone's) but never their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Municipal single sign-on (helhedsplan/sso; README: Kommunens login). OpenID Connect is on when
# HELHEDSPLAN_OIDC_ISSUER is set, SAML 2.0 when HELHEDSPLAN_SAML_IDP_METADATA_URL (or _FILE) is;
# HELHEDSPLAN_LOCAL_LOGIN=0 switches passwords off. helhedsplan/sso/config.py reads every
# HELHEDSPLAN_OIDC_*, _SAML_*, _SSO_* and _LOCAL_LOGIN* variable, stops the start in Danish on a
# bad one, and gives the settings below it: mozilla-django-oidc's OIDC_*, djangosaml2's SAML_*
# and our HELHEDSPLAN_SSO_*. The sso app is always installed: it keeps which plan roles the
# IdP's groups gave, and the login page's buttons. Its backends go after axes' and the password
# backend (which it takes out when passwords are off); its middleware goes just before axes',
# which stays last. The sso loggers are helhedsplan.security.sso (grants, refusals).
from helhedsplan.sso.config import read_sso  # noqa: E402

_sso = read_sso(base_url=HELHEDSPLAN_BASE_URL)
globals().update(_sso.settings)
INSTALLED_APPS += ["helhedsplan.sso", *_sso.installed_apps()]
AUTHENTICATION_BACKENDS = _sso.authentication_backends(AUTHENTICATION_BACKENDS)
_axes_at = MIDDLEWARE.index("axes.middleware.AxesMiddleware")
MIDDLEWARE[_axes_at:_axes_at] = _sso.middleware()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_credentials": {"()": "helhedsplan.core.logging.DropCredentials"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_credentials"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Logins, failures, lockouts, unlocks and two-step changes, whatever LOG_LEVEL says; axes'
    # own lines would repeat them.
    "loggers": {
        "helhedsplan.security": {"level": "INFO"},
        "axes": {"level": "ERROR"},
    },
}
