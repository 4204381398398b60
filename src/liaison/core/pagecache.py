"""Whole-answer cache for anonymous visitors, never stale: every database write makes the cached answers old.

What is cached: the 200 answers to GETs of pages and of the public API, for visitors who send no session
cookie, no messages cookie and no Authorization header, keyed by address (host, path, query string) and
language. Nothing under /accounts/ or /admin/ is, nor an answer that sets a cookie other than the CSRF one,
says Cache-Control private or no-store, or streams.

Staleness: the key holds a "data version". Every statement that writes (INSERT, UPDATE, DELETE, DDL) through
Django, in any process of the host (the web workers, the job worker, `liaison load`), changes it: at once for
the process that wrote (the only one that can see rows not yet committed), and for every process when its
transaction commits (a reader of another process caches the old rows under the old version until then). The statement hook sees bulk_create, queryset.update() and raw SQL alike, which
model signals would miss. Session rows and a person's visit notes are not data and do not count.

Where the version lives: by default in one small file in LIAISON_VAR_DIR, read on each anonymous GET (a few
microseconds, no query) and shared by every process of the host, which is the deployment `liaison serve` makes
(127.0.0.1); the answers then live in Django's "pages" cache in local memory: each gunicorn worker fills its
own, which costs a few misses and needs no shared server. With LIAISON_CACHE_URL (a Redis server), the answers
and the version both live in Redis, shared by every worker of every host: one GET of the version per anonymous
request. A Redis server that fails costs the cache, never the page: the request is answered uncached, and a
version change that could not be written is written by the next request of that process.

CSRF: every page carries the language switcher, a POST form with a CSRF token. The token is the visitor's
own: the cached body holds a placeholder where each token was, and each visitor gets tokens masked from their
own CSRF cookie (a new one if they have none), as Django's CsrfViewMiddleware would give them.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from redis.exceptions import RedisError

WRITE_STARTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE")
# Tables whose writes change no shared answer: sessions, and the note of a person's visit (alerts.visits, written
# by each signed-in person every few minutes; read only by that person's own home page, which is never cached).
NOT_DATA = ("django_session", "alerts_visit")
EXCLUDED_PREFIXES = ("/accounts/", "/admin/", "/i18n/", "/static/", "/media/")
CACHED_TYPES = ("text/html", "application/json", "text/csv")
MAX_BODY = 256 * 1024  # with MAX_ENTRIES of the "pages" cache (1000): at most 256 MB per worker, ~30 MB in use
TOKEN_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
TOKEN_PLACEHOLDER = b"\x00csrf-token\x00"
WRITE_COUNTER = itertools.count(1)  # next() on it is atomic: threads never get the same number
LOCAL_WRITES = {"n": 0}
VERSION_KEY = "data-version"
PENDING = {"bump": False}  # a version change this process could not write to Redis yet
CACHE_ERRORS = (RedisError,)  # what a Redis server that fails raises (timeouts included); local memory raises none


def page_cache_seconds() -> int:
    """Return how long an anonymous answer is kept (0: the cache is off)."""
    return int(getattr(settings, "LIAISON_PAGE_CACHE_SECONDS", 0))


def version_path() -> Path:
    """Return the file holding the data version."""
    return Path(getattr(settings, "LIAISON_DATA_VERSION_FILE", settings.VAR_DIR / "data-version"))


def version_shared() -> bool:
    """Return True if the data version lives in the shared cache (Redis) rather than in the host's file."""
    return bool(getattr(settings, "LIAISON_CACHE_URL", ""))


def data_version() -> str:
    """Return the current data version: the host's or the shared cache's (a new one is written if it is
    missing), then this process's count of uncommitted writes. Raises CACHE_ERRORS if Redis fails."""
    if version_shared():
        if PENDING["bump"]:
            data_version_bump()
        shared = caches["default"].get(VERSION_KEY) or data_version_bump()
    else:
        try:
            shared = version_path().read_text() or data_version_bump()
        except FileNotFoundError:
            shared = data_version_bump()
    return f"{shared}.{LOCAL_WRITES['n']}"


def data_version_bump() -> str:
    """Write a new data version (atomically: readers see the old or the new one) and return it."""
    version = uuid.uuid4().hex
    if version_shared():
        try:
            caches["default"].set(VERSION_KEY, version, timeout=None)
        except CACHE_ERRORS:
            PENDING["bump"] = True  # data_version() writes it before anything is read from the cache again
            raise
        PENDING["bump"] = False
        return version
    path = version_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(version)
    os.replace(tmp, path)
    return version


def statement_writes_data(sql: str) -> bool:
    """Return True if `sql` changes stored data (sessions excepted)."""
    head = sql.lstrip()[:8].upper()
    if not head.startswith(WRITE_STARTS):
        return False
    return not any(table in sql[:200] for table in NOT_DATA)


def bump_after_commit() -> None:
    """on_commit callback: the committed data is a new version."""
    version_bump_quietly()


def version_bump_quietly() -> None:
    """Change the data version after a write; a failing cache server must not fail the write (PENDING)."""
    try:
        data_version_bump()
    except CACHE_ERRORS:
        pass


def writes_watch(execute, sql, params, many, context):
    """Database execute wrapper: bump the data version when a statement writes (see the module docstring)."""
    if page_cache_seconds() and isinstance(sql, str) and statement_writes_data(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            result = execute(sql, params, many, context)
            version_bump_quietly()
            return result
        # Uncommitted rows are seen only through this connection, so by this process: its own count of writes
        # changes at once; every process's version changes at the commit. Django starts a new list of commit
        # hooks at each commit or rollback: the list we registered in tells whether this transaction has its
        # hook already (no scan of the list at each statement).
        LOCAL_WRITES["n"] = next(WRITE_COUNTER)
        if getattr(connection, "_page_cache_hooks", None) is not connection.run_on_commit:
            transaction.on_commit(bump_after_commit, using=connection.alias)
            connection._page_cache_hooks = connection.run_on_commit
    return execute(sql, params, many, context)


def writes_watch_install(sender, connection, **kwargs) -> None:
    """connection_created receiver: watch the new connection's writes."""
    if writes_watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(writes_watch)


def request_is_anonymous(request) -> bool:
    """Return True if `request` carries nothing that could make its answer personal."""
    if request.method != "GET":
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


def cache_key(request, version: str) -> str:
    """Return the cache key of `request`'s answer under `version`: its address and language."""
    language = translation.get_language_from_request(request)
    # The host and scheme too: an answer may hold absolute links (the CSV export's).
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{version}:{language}:{digest}"


def response_cacheable(request, response) -> bool:
    """Return True if `response` may be given to every anonymous visitor asking the same thing."""
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    user = getattr(request, "user", None)  # no session cookie: loading it reads nothing
    if user is not None and user.is_authenticated:
        return False
    return len(response.content) <= MAX_BODY


def body_for_cache(request, content: bytes) -> bytes | None:
    """Return `content` with each CSRF token replaced by a placeholder; None if a token is left elsewhere."""
    body, replaced = TOKEN_INPUT.subn(rb"\1" + TOKEN_PLACEHOLDER + rb"\2", content)
    if body.count(b"csrfmiddlewaretoken") != replaced:
        return None
    secret = request.META.get("CSRF_COOKIE")
    if secret and secret.encode() in body:
        return None
    return body


class AnonymousPageCache:
    """Serve anonymous GETs from the cache while the data version is unchanged (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        seconds = page_cache_seconds()
        if not seconds or not request_is_anonymous(request):
            return self.get_response(request)
        cache = caches["pages"]
        try:
            key = cache_key(request, data_version())
            stored = cache.get(key)
        except CACHE_ERRORS:
            return self.get_response(request)  # the cache server failed: answer as if the cache were off
        if stored is not None:
            return self.answer_from(request, stored)
        response = self.get_response(request)
        if response_cacheable(request, response):
            body = body_for_cache(request, response.content)
            if body is not None:
                headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "content-length")]
                try:
                    cache.set(key, (response.status_code, headers, body), seconds)
                except CACHE_ERRORS:
                    pass
        return response

    def answer_from(self, request, stored) -> HttpResponse:
        """Return the stored answer, with CSRF tokens of the visitor's own cookie where the page had them."""
        status, headers, body = stored
        if TOKEN_PLACEHOLDER in body:
            self.csrf.process_request(request)  # reads the visitor's CSRF cookie, if any
            parts = body.split(TOKEN_PLACEHOLDER)
            body = parts[0] + b"".join(get_token(request).encode() + part for part in parts[1:])
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        response["X-Page-Cache"] = "hit"
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            self.csrf.process_response(request, response)  # the visitor's CSRF cookie, as Django sets it
        return response
