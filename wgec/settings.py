"""Settings for the WGEC Tracker, read from the environment (django-environ).

One module serves every deployment. ``DJANGO_ENV`` selects the profile:

* ``development`` (default): DEBUG on, a development SECRET_KEY allowed, SQLite file
  ``db.sqlite3`` in the project folder when DATABASE_URL is unset, tasks run eagerly
  when CELERY_BROKER_URL is unset, mail printed to the console.
* ``production``: DEBUG off, SECRET_KEY required, HTTPS-only cookies, HSTS, and the
  proxy header and CSRF trusted origins taken from the environment.

A malformed value stops start-up with ``ImproperlyConfigured`` naming the variable.
Variables are listed in README.md.
"""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, default: bool) -> bool:
    """Strict boolean: environ's own cast reads any unknown word as False, which hides typos."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def _int(name: str, default: int) -> int:
    raw = env.str(name, default=str(default))
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def _url(name: str, reader, default=None):
    """Parse a URL-shaped variable with django-environ, naming the variable on failure."""
    raw = env.str(name, default="")
    if not raw:
        return default
    try:
        return reader(name)
    except Exception as exc:  # environ raises several types for malformed URLs
        raise ImproperlyConfigured(f"{name}={raw!r} is not a valid URL: {exc}") from None


DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r} must be development or production.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = _bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true is not allowed with DJANGO_ENV=production.")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-never-used-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])

TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not an IANA time zone.") from None
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "wgec" / "locale"]  # the French catalogue to fill in: wgec/locale/fr

INSTALLED_APPS = [
    "workplan.plan.admin_site.OperatorsAdminConfig",  # django.contrib.admin, writes for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "workplan",
    "intersessional",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wgec.sessions.SlidingSessionMiddleware",  # Django's, writing at most every 5 minutes
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware (browser, cookie) and authentication: the profile's language wins.
    "workplan.plan.language.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "workplan.plan.middleware.CurrentWorkingGroupMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must be first: it refuses locked-out logins
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "wgec.urls"
WSGI_APPLICATION = "wgec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "workplan.plan.context_processors.working_group",
                "workplan.progress.context_processors.progress_counts",
            ],
        },
    },
]

# Default: an SQLite file beside manage.py, so `make run` needs no server.
DATABASES = {
    "default": _url("DATABASE_URL", env.db_url, default={
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    })
}
if "." not in str(DATABASES["default"].get("ENGINE", "")):
    raise ImproperlyConfigured(
        f"DATABASE_URL has an unknown scheme; use postgres://, sqlite:/// or another of "
        f"{sorted(environ.Env.DB_SCHEMES)}.")
# Tests may point the Celery worker they start at pytest-django's test database.
if env.str("WGEC_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("WGEC_TEST_DATABASE_NAME")
    DATABASES["default"]["TEST"] = {"NAME": env.str("WGEC_TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections: a connection
# kept between requests (CONN_MAX_AGE seconds) is checked before reuse, so one dropped by
# the server (a restart, a terminated backend) does not fail the next request.
DATABASES["default"]["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Seconds to wait for PostgreSQL to accept a connection: /healthz and pages fail fast.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

# CACHE_URL such as redis://127.0.0.1:6379/1 (Django's own RedisCache), so every web
# process shares the rendered timeline charts. Development default: per-process memory;
# production default: Redis on loopback, database 1 (a per-process cache there raises the
# system check warning wgec.W001 at start-up).
CACHES = {"default": _url("CACHE_URL", env.cache_url, default=(
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}
    if PRODUCTION else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}))}
# Seconds a rendered timeline SVG stays cached (it is keyed on what it draws).
CHART_CACHE_SECONDS = _int("CHART_CACHE_SECONDS", 24 * 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workplan:dashboard"
LOGOUT_REDIRECT_URL = "login"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Generated reports are written and read only through Django's file storage (STORAGES):
# FILE_STORAGE=file (default) keeps them under MEDIA_ROOT, which the worker and the web
# process must then share; FILE_STORAGE=s3 puts them in an S3-compatible bucket
# (django-storages, https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html),
# so a worker on one host and the web on another need no shared disk. README lists the
# AWS_* variables.
FILE_STORAGE = env.str("FILE_STORAGE", default="file")
if FILE_STORAGE == "file":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    from botocore.config import Config as _BotoConfig

    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph, moto...
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,  # else boto3's own chain
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("AWS_LOCATION", default=""),  # a prefix inside the bucket
        "file_overwrite": False,  # a new version never replaces an older file
        "default_acl": None,  # private: downloads go through the web process, after the permission check
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        # Short timeouts: a stuck store must not hold a request (or /healthz) for a minute.
        "client_config": _BotoConfig(connect_timeout=3, read_timeout=30, retries={"max_attempts": 2}),
    }}
else:
    raise ImproperlyConfigured(f"FILE_STORAGE={FILE_STORAGE!r} must be file or s3.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail: EMAIL_URL such as smtp://user:pass@host:587 or smtp+tls://...; console otherwise.
_email = _url("EMAIL_URL", env.email_url, default=None)
if _email:
    vars().update(_email)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds before an SMTP connection is given up, so a stuck server cannot hold a worker.
EMAIL_TIMEOUT = _int("EMAIL_TIMEOUT", 60)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="wgec-tracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in mail and calendar feeds, which have no request to build them from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Local wall-clock time (each working group's own zone) at which a deadline reminder falls due.
REMINDER_SEND_TIME = env.str("REMINDER_SEND_TIME", default="08:00")
try:
    dt.time.fromisoformat(REMINDER_SEND_TIME)
except ValueError:
    raise ImproperlyConfigured(f"REMINDER_SEND_TIME={REMINDER_SEND_TIME!r} is not a time like 08:00.") from None

# Sessions expire after two weeks of inactivity, and at browser close in production.
SESSION_COOKIE_AGE = _int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# Sliding expiry: wgec.sessions.SlidingSessionMiddleware rewrites the session at most every
# SESSION_REFRESH_SECONDS instead of on every request (three queries a page).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = _int("SESSION_REFRESH_SECONDS", 300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = PRODUCTION

# django-axes: lock a username+IP pair after repeated failures, for one hour.
AXES_FAILURE_LIMIT = _int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
# outermost one saw (X-Forwarded-For, counted from the right). django-axes 8 calls
# AXES_CLIENT_IP_CALLABLE before trying django-ipware (not installed).
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "wgec.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Celery (https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# No broker: run tasks in-process so `make run` works with nothing else running.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None  # results are rows in our own tables (Report, Reminder)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-reject-on-worker-lost:
# a pool process killed mid-task (out of memory) gives the message back at once, instead of
# Redis handing it back after the visibility timeout; tasks are idempotent (row claims).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long PDF renders must not hold queued work
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Background jobs: one bound, in seconds, that the render task, the sweep and the broker
# agree on (the database row is the truth; README "Background work").
# - REPORT_RENDER_TIMEOUT: the render task's hard time limit (Celery kills the pool process
#   past it; the soft limit, 30 s earlier, lets the task mark the row failed itself), and
#   the age past which the sweep marks a "rendering" report failed. A 2,000-activity report
#   takes about a minute on two cores.
REPORT_RENDER_TIMEOUT = _int("REPORT_RENDER_TIMEOUT", 600)
# - REPORT_QUEUED_TIMEOUT: a report still queued this long after its message was sent is
#   taken to be lost by the broker (Redis restarted) and sent again by the sweep; a
#   duplicate message is harmless, the render claims the row with a conditional UPDATE.
REPORT_QUEUED_TIMEOUT = _int("REPORT_QUEUED_TIMEOUT", 300)
# - How often beat runs the sweep (minutes): stale rows are repaired within bound + this.
JOBS_SWEEP_MINUTES = _int("JOBS_SWEEP_MINUTES", 2)
if REPORT_RENDER_TIMEOUT < 60 or REPORT_QUEUED_TIMEOUT < 10:
    raise ImproperlyConfigured("REPORT_RENDER_TIMEOUT must be at least 60 s and REPORT_QUEUED_TIMEOUT 10 s.")
# Test-only hook: seconds the render sleeps after laying out and before saving, so tests can
# kill a worker "mid-render" deterministically. Always 0 outside the test suite.
REPORT_RENDER_TEST_DELAY = _int("REPORT_RENDER_TEST_DELAY", 0)
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
# Redis hands an unacknowledged message to another worker after this. Above the render's
# time limit, so a render still running is never given to a second worker; a whole worker
# killed mid-render is caught earlier by the sweep (REPORT_RENDER_TIMEOUT).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": REPORT_RENDER_TIMEOUT + 300}
# https://docs.celeryq.dev/en/stable/userguide/tasks.html#annotations: the render's time limits.
CELERY_TASK_ANNOTATIONS = {"workplan.report_render": {"time_limit": REPORT_RENDER_TIMEOUT,
                                                      "soft_time_limit": REPORT_RENDER_TIMEOUT - 30}}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

# Behind a TLS-terminating proxy: trust its forwarded-proto header and origins.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if _bool("USE_X_FORWARDED_PROTO", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    # https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Django's own default config gives "django" a console handler too: without this,
        # every line would print twice through the root logger.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 4xx answers are expected (permissions, stale forms); runserver's request line
        # already shows them, so only server errors get a traceback.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
