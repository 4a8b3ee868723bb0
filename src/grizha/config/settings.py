"""Django settings for grizha; every value that varies comes from grizha.config.env."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from grizha.config import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.data_dir()

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.flag("DEBUG")
ALLOWED_HOSTS = env.allowed_hosts()

GRIZHA_BASE_URL = env.base_url()
GRIZHA_MUNICIPALITY = env.municipality_code()
GRIZHA_HTTPS = env.flag("GRIZHA_HTTPS")
GRIZHA_BENCH = env.flag("GRIZHA_BENCH")
# Mail through EMAIL_HOST; without one each message is kept as a file in the outbox, so nothing is
# lost and the demo needs no mail server.
EMAIL_HOST = env.email_host()
if EMAIL_HOST:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = not env.flag("EMAIL_NO_TLS")
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "grizha@localhost"
# SMS to people's mobile phones (grizha.core.sms): an operator's gateway, else only logged.
GRIZHA_SMS_BACKEND = os.environ.get("GRIZHA_SMS_BACKEND") or "grizha.core.sms.LoggingBackend"
# Public forms (grizha.core.forms): one sent sooner than this many seconds after it was shown is taken
# for a robot's. Rate limits (grizha.core.ratelimit) trust X-Forwarded-For from this many reverse
# proxies in front of grizha (0: none, the client's address is REMOTE_ADDR).
GRIZHA_FORM_MIN_SECONDS = float(os.environ.get("GRIZHA_FORM_MIN_SECONDS") or 3)
GRIZHA_TRUSTED_PROXIES = int(os.environ.get("GRIZHA_TRUSTED_PROXIES") or 0)
# Observability (grizha.core.observability): log lines as text or JSON; GET /metrics answers the loopback
# addresses, GRIZHA_METRICS_ALLOW's networks and the bearer of GRIZHA_METRICS_TOKEN; the server's processes
# keep their metrics in GRIZHA_METRICS_DIR; errors go to SENTRY_DSN when it is set.
GRIZHA_LOG_FORMAT = env.log_format()
GRIZHA_METRICS_ALLOW = env.networks("GRIZHA_METRICS_ALLOW")
GRIZHA_METRICS_TOKEN = os.environ.get("GRIZHA_METRICS_TOKEN", "")
GRIZHA_METRICS_DIR = env.use_metrics_dir(DATA_DIR)
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")

# The work queue's covering index of open referrals (casework.models) has columns PostgreSQL reads from
# the index alone; SQLite builds it without them, which is all it needs there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "modeltranslation",
    # Before the admin, so that core's admin templates (accessibility fixes) override Django's own.
    "grizha.core",
    # Django's admin, on a site that asks for the second factor (grizha.accounts.admin_site).
    "grizha.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "grizha.accounts",
    "grizha.territory",
    "grizha.catalog",
    "grizha.hsds",
    "grizha.search",
    "grizha.screening",
    "grizha.registers",
    "grizha.casework",
    "grizha.applications",
    "grizha.analytics",
    "grizha.training",
    "grizha.paper",
    "grizha.national",
    "grizha.usage",
    "grizha.demo",
]

MIDDLEWARE = [
    # First, so that it gives every request its id and counts every answer (grizha.core.observability).
    "grizha.core.observability.middleware.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "grizha.hsds.middleware.PublicApiCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The site (municipality) of the request by its host name: grizha.territory.sites.
    "grizha.territory.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "grizha.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "grizha.usage.middleware.UsageMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "grizha.config.urls"
WSGI_APPLICATION = "grizha.config.wsgi.application"

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
                "grizha.core.context_processors.site",
                "grizha.accounts.context_processors.staff",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "grizha.sqlite3"),
            # Keep connections: opening one (and setting WAL) on every request would cost more than the page.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Staff log in with a password and a second factor (grizha.accounts); django-axes locks a username
# out from an address after repeated failures, wrong codes included.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "staff-login"
LOGIN_REDIRECT_URL = "staff-home"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "grizha.accounts.views.locked_out"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "grizha"
# Links that receiving organisations use to answer a referral stay valid this long.
GRIZHA_REFERRAL_LINK_DAYS = 60
# A service not verified for longer than this is stale: its editors are reminded (grizha.national).
GRIZHA_VERIFY_EVERY_DAYS = env.verify_every_days()
# RegiX (grizha.registers): the entry point's address, empty for the simulator in process; the client
# certificate and key issued for RegiX (PEM files) and the CA that signs RegiX's server certificate; the
# administration named in every call's context.
GRIZHA_REGIX_URL = os.environ.get("GRIZHA_REGIX_URL", "")
GRIZHA_REGIX_CERT = os.environ.get("GRIZHA_REGIX_CERT", "")
GRIZHA_REGIX_KEY = os.environ.get("GRIZHA_REGIX_KEY", "")
GRIZHA_REGIX_CA = os.environ.get("GRIZHA_REGIX_CA", "")
GRIZHA_REGIX_TIMEOUT = float(os.environ.get("GRIZHA_REGIX_TIMEOUT") or 10)
# The PEM certificate RegiX signs its answers with: set, results are asked signed and each one is verified.
GRIZHA_REGIX_SIGNING_CERT = os.environ.get("GRIZHA_REGIX_SIGNING_CERT", "")
GRIZHA_ADMINISTRATION_NAME = os.environ.get("GRIZHA_ADMINISTRATION_NAME", "")  # empty: "Община <the municipality>"
GRIZHA_ADMINISTRATION_OID = os.environ.get("GRIZHA_ADMINISTRATION_OID", "")

LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Sofia"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "bg"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("bg",)

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Static files are served from the installed package: no collect step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Documents uploaded with applications: outside the web root, read by staff only through a view
# (grizha.applications.storage); at most GRIZHA_UPLOAD_MAX_BYTES each.
GRIZHA_UPLOADS_DIR = Path(os.environ.get("GRIZHA_UPLOADS_DIR") or DATA_DIR / "private" / "uploads")
GRIZHA_UPLOAD_MAX_BYTES = int(os.environ.get("GRIZHA_UPLOAD_MAX_BYTES") or 10 * 1024 * 1024)
# Generated leaflets, booklets, posters and QR codes, kept by catalog version (grizha.paper.store).
GRIZHA_PAPER_DIR = DATA_DIR / "paper"
# Service pages read aloud (grizha.paper.audio): Debian's espeak-ng and lame; missing ones are said so.
GRIZHA_SPEECH_ENGINE = env.program("GRIZHA_SPEECH_ENGINE", "espeak-ng")
GRIZHA_MP3_ENCODER = env.program("GRIZHA_MP3_ENCODER", "lame")

# Background tasks: a queue in the same database, run by `grizha worker` (grizha.core.tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "grizha",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if GRIZHA_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^(healthz|livez|readyz|metrics)$"]
    CSRF_TRUSTED_ORIGINS = [GRIZHA_BASE_URL]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "grizha.core.observability.RequestIdFilter"}},
    "formatters": {"json": {"()": "grizha.core.observability.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if GRIZHA_LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
if SENTRY_DSN:
    from grizha.core.observability.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
    )
