"""Silah settings: one module, every deployment choice read from the environment."""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SILAH_VAR_DIR", BASE_DIR / "var"))


def _read_env_file(path: Path) -> None:
    """Load KEY=VALUE lines from a local, git-ignored .env (written by `make install`).

    Real environment variables win, so production never depends on the file.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_read_env_file(BASE_DIR / ".env")

# pytest imports settings before any conftest can set variables, so the test run
# is recognised here and gets the same safe defaults a developer's machine gets.
TESTING = "pytest" in sys.modules


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-silah-development-only-key-never-use-in-production"  # noqa: S105
    elif os.environ.get("SILAH_OFFLINE_COMMAND") == "1":
        # manage.py makemigrations and the like: nothing is signed, so a throw-away key will do.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public site's address, for links sent by SMS and email (survey invitations), which are
# written by a worker with no request to take the host from.
SILAH_PUBLIC_URL = os.environ.get("SILAH_PUBLIC_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Domain apps, in the direction dependencies may point (DESIGN.md).
    "policies",
    "beneficiaries",
    "requests_app",
    "complaints",
    "surveys",
    "notifications",
    # Printable documents and the managers' dashboard: reads every app, imported by none.
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads the reference data's revision once per request (policies.reference).
    "policies.reference.reference_scope_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ArabicFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a login confirmed with a one-time code (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "policies.context_processors.portal",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL (psycopg 3).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'silah.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two reception desks saving at once must wait for each other, not fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache counts attempts on the public pages (tracking, online requests). Local memory is
# per process, so production with several gunicorn workers sets CACHE_URL=redis://127.0.0.1:6379/1.
CACHE_URL = "" if TESTING else os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "silah"}
    )
}
# Public tracking: attempts per client address and window; the online request form likewise.
PUBLIC_TRACKING_ATTEMPTS = int(os.environ.get("PUBLIC_TRACKING_ATTEMPTS", "10"))
PUBLIC_TRACKING_WINDOW_SECONDS = int(os.environ.get("PUBLIC_TRACKING_WINDOW_SECONDS", "600"))
PUBLIC_APPLY_ATTEMPTS = int(os.environ.get("PUBLIC_APPLY_ATTEMPTS", "20"))
PUBLIC_APPLY_WINDOW_SECONDS = int(os.environ.get("PUBLIC_APPLY_WINDOW_SECONDS", "3600"))
# The complaint form, the complaint tracking page and survey answers, counted the same way
# (policies/ratelimit.py is the one mechanism for all public pages).
PUBLIC_COMPLAINT_ATTEMPTS = int(os.environ.get("PUBLIC_COMPLAINT_ATTEMPTS", "10"))
PUBLIC_COMPLAINT_WINDOW_SECONDS = int(os.environ.get("PUBLIC_COMPLAINT_WINDOW_SECONDS", "3600"))
PUBLIC_COMPLAINT_TRACKING_ATTEMPTS = int(os.environ.get("PUBLIC_COMPLAINT_TRACKING_ATTEMPTS", "20"))
PUBLIC_COMPLAINT_TRACKING_WINDOW_SECONDS = int(os.environ.get("PUBLIC_COMPLAINT_TRACKING_WINDOW_SECONDS", "600"))
PUBLIC_SURVEY_ATTEMPTS = int(os.environ.get("PUBLIC_SURVEY_ATTEMPTS", "30"))
PUBLIC_SURVEY_WINDOW_SECONDS = int(os.environ.get("PUBLIC_SURVEY_WINDOW_SECONDS", "3600"))
PUBLIC_RATE_LIMITS_ENABLED = env_bool("PUBLIC_RATE_LIMITS_ENABLED", default=True)
# Behind a reverse proxy every visitor arrives from the proxy's address: name the header the proxy
# sets (e.g. HTTP_X_FORWARDED_FOR or HTTP_X_REAL_IP) so the limits count each visitor separately.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's roles in the same query as the user.
    "policies.backends.RoleLoadingBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling: five wrong passwords lock that username from that address for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Language and time: Arabic first, right to left; Riyadh time.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed from the npm registry by `npm ci` (package.json); never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/font-arabic", BASE_DIR / "node_modules" / "@fontsource" / "ibm-plex-sans-arabic"),
]

# Uploaded beneficiary documents live outside any URL space; a view checks the role and
# streams them. There is deliberately no MEDIA_URL route.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
# A spreadsheet of 100,000 beneficiaries is about 20 MB as CSV.
BENEFICIARY_IMPORT_MAX_BYTES = int(os.environ.get("BENEFICIARY_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
# Malware scanning of uploads (policies/malware.py) through ClamAV's clamd from Debian's packages.
# Tests scan only where they start their own clamd. Production refuses an upload when clamd is down
# (fail closed); a DEBUG machine without clamd accepts it and logs a warning.
MALWARE_SCAN = os.environ.get("MALWARE_SCAN", "off" if TESTING else "clamd")
MALWARE_SCAN_REQUIRED = env_bool("MALWARE_SCAN_REQUIRED", default=not DEBUG)
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "/var/run/clamav/clamd.ctl")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", "30"))
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Email: console locally, SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "silah@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production hardening; `manage.py check --deploy` runs in CI with DEBUG off.
# Off only where no TLS exists at all: bench/serve.py drives gunicorn over plain HTTP on loopback.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG and not TESTING)
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with a statement written once (policies.sessions).
SESSION_ENGINE = "policies.sessions"
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie; forms carry it
# A staff session lasts one working day at most and ends when the browser closes (a shared desk).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG or TESTING else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): scripts and styles only from our own static files, no
# inline script or style attribute anywhere (templates keep behaviour in static/js), no framing.
# img-src allows data: for the signature pad's drawn image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Optional two-step login for staff (django-otp, TOTP apps such as Google Authenticator): a user
# with a confirmed device must type its code at login. Admins add devices in the admin.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Silah")

# W021 (HSTS preload) is a decision for the association's domain owner, not the app: preloading
# cannot be undone quickly, so it stays opt-in through SECURE_HSTS_PRELOAD.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}


# --- Notifications and background work ---
# The outbox (notifications/) is delivered by Celery. With CELERY_BROKER_URL set (Redis in
# production, e.g. redis://127.0.0.1:6379/0) a worker and beat run beside gunicorn; without it
# tasks run eagerly in-process right after the transaction commits, and
# `manage.py deliver_notifications` (cron or --loop) sends the retries. See README.
from celery.schedules import crontab  # noqa: E402

CELERY_BROKER_URL = "" if TESTING else os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL) or TESTING
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang when Redis is down: the message row waits for the periodic delivery.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Retries, messages whose nudge was lost, and recovery of messages a dead worker left behind.
    "notifications-deliver-due": {"task": "notifications.deliver_due", "schedule": 60.0},
    # Domain apps register these sweeps with notifications.sweeps.register_sweep (Riyadh time).
    "deadline-sweep": {
        "task": "notifications.run_sweep",
        "schedule": crontab(hour=7, minute=0),
        "args": ("deadlines",),
    },
    "survey-reminders": {
        "task": "notifications.run_sweep",
        "schedule": crontab(hour=10, minute=0, day_of_week="sun-thu"),
        "args": ("survey_reminders",),
    },
}

# SMS: "console" (default), "file" (JSON lines in SMS_FILE_PATH), "http" (the JSON gateway below),
# or a dotted path to a backend class. Tests use "locmem".
SMS_BACKEND = os.environ.get("SMS_BACKEND", "locmem" if TESTING else "console")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms-outbox.jsonl"))
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_API_KEY = os.environ.get("SMS_GATEWAY_API_KEY", "")
SMS_SENDER_NAME = os.environ.get("SMS_SENDER_NAME", "Silah")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
# Whether the gateway drops a repeated Idempotency-Key; decides how a crashed send is recovered.
SMS_GATEWAY_IDEMPOTENT = env_bool("SMS_GATEWAY_IDEMPOTENT", default=True)

# The outbox's retries: 1, 2, 4 … minutes, at most an hour apart, 12 attempts (about seven hours).
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "12"))
NOTIFICATIONS_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_BASE_SECONDS", "60"))
NOTIFICATIONS_RETRY_MAX_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_MAX_SECONDS", "3600"))
# A message "sending" for longer than this belongs to a worker that died.
NOTIFICATIONS_SENDING_TIMEOUT = int(os.environ.get("NOTIFICATIONS_SENDING_TIMEOUT", "600"))
# How long a worker keeps trying to write down a send's outcome while the database is restarting.
NOTIFICATIONS_RECORD_RETRY_SECONDS = int(os.environ.get("NOTIFICATIONS_RECORD_RETRY_SECONDS", "120"))
NOTIFICATIONS_BATCH_SIZE = int(os.environ.get("NOTIFICATIONS_BATCH_SIZE", "50"))
# Values every message template may use; processors are dotted paths of callables returning a dict.
NOTIFICATIONS_ASSOCIATION_NAME = os.environ.get("NOTIFICATIONS_ASSOCIATION_NAME", "")
NOTIFICATIONS_CONTEXT_PROCESSORS = env_list("NOTIFICATIONS_CONTEXT_PROCESSORS")
