"""Settings shared by every environment; everything variable comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # src/liaison
REPO_DIR = Path(os.environ.get("LIAISON_HOME", PACKAGE_DIR.parent.parent)).resolve()
DATA_DIR = Path(os.environ.get("LIAISON_DATA_DIR", REPO_DIR / "data"))
# The engine reads nothing by itself: callers pass these folders (frameworks, treaty texts, models).
MODELS_DIR = Path(os.environ.get("LIAISON_MODELS_DIR", DATA_DIR / "models"))
VAR_DIR = Path(os.environ.get("LIAISON_VAR_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Return the environment variable `name` read as a boolean."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_config(url: str) -> dict:
    """Return a Django DATABASES entry for `url`, or raise ImproperlyConfigured with one clear line."""
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # dj-database-url raises several types on malformed URLs
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} is not a valid database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no known database engine")
    if config["ENGINE"].endswith("sqlite3"):
        # WAL: readers never wait for the writer; NORMAL: durable at each WAL checkpoint, safe with WAL;
        # mmap: pages are read from the OS cache without a copy. Connections are kept (per gunicorn thread).
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                             "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                             "PRAGMA mmap_size=268435456;"}
    return config


SECRET_KEY = os.environ.get("LIAISON_SECRET_KEY", "dev-insecure-liaison-key")
DEBUG = env_bool("LIAISON_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("LIAISON_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
DEMO_MODE = env_bool("LIAISON_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI from its own static files: /api/docs works offline and under the CSP
    "django_tasks",
    "django_tasks_db",
    "liaison.core",
    "liaison.catalogue",  # before accounts: loaders run in this order, and roles name conventions
    "liaison.accounts",
    "liaison.decisions",
    "liaison.frameworks",
    "liaison.overlap",
    "liaison.partnerships",
    "liaison.reporting",
    "liaison.offline",  # reports as Word and Excel files, and back
    "liaison.indicators",  # indicator data series and analysis across countries
    "liaison.meetings",  # meetings of the conventions' bodies, above decisions (which it links) and partnerships
    "liaison.contacts",  # national focal-point contacts (InforMEA Contact shape), below the room and interop
    "liaison.coordination",  # a country's coordination room and working groups, above reporting and decisions
    "liaison.interop",  # InforMEA's read API shapes and the harvester of its records, above decisions
    "liaison.alerts",  # follows, notifications and their e-mails, above the areas whose events it reads
    "liaison.portal",  # the home and data pages, which read every area
    "liaison.search",  # last: it indexes what the other apps hold, and its loader rebuilds the index after theirs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "liaison.core.middleware.NulCharacterGuard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "liaison.core.pagecache.AnonymousPageCache",  # before sessions: a hit costs no session, CSRF or query work
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liaison.accounts.middleware.ApiTokenAuthentication",  # after the session's user: a token's user wins
    "liaison.accounts.middleware.SessionIdleRenewal",
    "liaison.alerts.visits.LastVisit",  # the home page's "since your last visit" (a write every 5 minutes at most)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "liaison.core.middleware.SecurityHeaders",
    "liaison.core.middleware.DomainErrorPages",
]

ROOT_URLCONF = "liaison.config.urls"
WSGI_APPLICATION = "liaison.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "liaison.core.context.site_context",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_config(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'liaison.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The throttle comes first: it refuses every sign-in (admin's included) while an account or address cools down.
AUTHENTICATION_BACKENDS = [
    "liaison.accounts.throttle.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (accounts/throttle.py): this many wrong passwords within the window, per username or per
# client address, refuse further attempts until the oldest of them leaves the window.
LIAISON_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LIAISON_LOGIN_FAILURES_PER_ACCOUNT", 5))
LIAISON_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LIAISON_LOGIN_FAILURES_PER_ADDRESS", 20))
LIAISON_LOGIN_WINDOW_SECONDS = int(os.environ.get("LIAISON_LOGIN_WINDOW_SECONDS", 15 * 60))

# Session idle timeout: a session unused for LIAISON_SESSION_IDLE_SECONDS ends (its cookie and stored row
# expire). Activity renews it, written at most once a minute (accounts.middleware.SessionIdleRenewal) rather
# than on every request as SESSION_SAVE_EVERY_REQUEST would.
LIAISON_SESSION_IDLE_SECONDS = int(os.environ.get("LIAISON_SESSION_IDLE_SECONDS", 2 * 60 * 60))
SESSION_COOKIE_AGE = LIAISON_SESSION_IDLE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers on every answer (core.middleware.SecurityHeaders). No inline script anywhere: page code
# lives in static files. style-src allows inline styles because many templates carry style attributes and
# <style> blocks; scripts, the dangerous part, are limited to our own files.
LIAISON_CONTENT_SECURITY_POLICY = os.environ.get("LIAISON_CONTENT_SECURITY_POLICY", "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]))
LIAISON_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "en"
# The six UN languages; Arabic is written right to left (base.html sets dir from get_language_bidi).
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("ar", _("Arabic")),
             ("zh-hans", _("Chinese")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploaded decision documents are parsed from memory; larger files are refused with a form error.
LIAISON_UPLOAD_MAX_BYTES = int(os.environ.get("LIAISON_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = LIAISON_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Anonymous page cache (core.pagecache): whole answers for visitors without a session, never stale (every write
# changes the data version). 0 turns it off.
LIAISON_PAGE_CACHE_SECONDS = int(os.environ.get("LIAISON_PAGE_CACHE_SECONDS", 300))


def caches_config(url: str) -> dict:
    """Return Django's CACHES for LIAISON_CACHE_URL: local memory per worker when empty, else one Redis server
    shared by every worker and host (the data version then lives there too; docs/serving.md)."""
    if not url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liaison-default"},
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liaison-pages",
                      "OPTIONS": {"MAX_ENTRIES": 1000}},
        }
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(f"LIAISON_CACHE_URL {url!r}: use redis://host:port/db, rediss://... or "
                                   "unix:///path/to/socket, or leave it empty for local memory")
    redis = "django.core.cache.backends.redis.RedisCache"
    # Short timeouts: a Redis server that stops answering must cost a page its cache, not hang the request.
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        "default": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "liaison", "OPTIONS": options},
        "pages": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "liaison-pages", "OPTIONS": options},
    }


LIAISON_CACHE_URL = os.environ.get("LIAISON_CACHE_URL", "")
CACHES = caches_config(LIAISON_CACHE_URL)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def email_config(url: str, var_dir: Path) -> dict:
    """Return Django's e-mail settings for LIAISON_EMAIL_URL (docs/alerts.md); raise ImproperlyConfigured."""
    from urllib.parse import parse_qs, unquote, urlsplit

    if not url:  # `make run` and development: each e-mail a file under var/mail/, for a newcomer to read
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(var_dir / "mail")}
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": unquote(parts.path) or str(var_dir / "mail")}
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(f"LIAISON_EMAIL_URL {url!r}: use smtp://host:port, smtps://host:port, "
                                   "file:///folder or console:")
    query = parse_qs(parts.query)
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ImproperlyConfigured(f"LIAISON_EMAIL_URL {url!r} has no valid port") from None
    return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port, "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""), "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
            "EMAIL_TIMEOUT": int(query.get("timeout", ["10"])[0])}


globals().update(email_config(os.environ.get("LIAISON_EMAIL_URL", ""), VAR_DIR))
DEFAULT_FROM_EMAIL = os.environ.get("LIAISON_EMAIL_FROM", "Liaison <liaison@localhost>")
# The address e-mails link to (pages, unsubscribe): the site as its readers reach it.
LIAISON_SITE_URL = os.environ.get("LIAISON_SITE_URL", "http://127.0.0.1:8000")


def env_int(name: str, default: int, low: int, high: int) -> int:
    """Return the whole number the environment variable `name` holds, from low to high; ImproperlyConfigured."""
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} {value} is not between {low} and {high}")
    return value


# The worker sends the digests and runs the daily scans itself at this hour of TIME_ZONE, the weekly digest on
# this day (1 Monday ... 7 Sunday): alerts.schedule, docs/alerts.md.
LIAISON_DIGEST_HOUR = env_int("LIAISON_DIGEST_HOUR", 7, 0, 23)
LIAISON_DIGEST_WEEKDAY = env_int("LIAISON_DIGEST_WEEKDAY", 1, 1, 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIAISON_LOG_LEVEL", "WARNING")},
}
