"""Production: refuses to start with a default secret key or DEBUG on."""

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
