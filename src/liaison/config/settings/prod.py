"""Production: refuses to start with a default secret key or DEBUG on; HTTPS only.

Environment: LIAISON_SECRET_KEY (required, 32+ characters), LIAISON_ALLOWED_HOSTS, LIAISON_HSTS_SECONDS
(default one year), LIAISON_HSTS_PRELOAD (default on), LIAISON_SSL_REDIRECT (default on; turn off only when
the proxy in front redirects), LIAISON_BEHIND_PROXY (trust X-Forwarded-Proto from the proxy in front).
`liaison manage check --deploy` passes with these defaults.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("LIAISON_DEBUG", False)
DEMO_MODE = False
if DEBUG:
    raise ImproperlyConfigured("LIAISON_DEBUG must be off in production")
if SECRET_KEY.startswith("dev-insecure") or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("Set LIAISON_SECRET_KEY to a random value of at least 32 characters")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = env_bool("LIAISON_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("LIAISON_HSTS_SECONDS", 365 * 24 * 60 * 60))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("LIAISON_HSTS_PRELOAD", True)
if env_bool("LIAISON_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
