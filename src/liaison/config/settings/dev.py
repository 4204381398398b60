"""Development and `make run`: demo accounts allowed, DEBUG from the environment (off by default)."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("LIAISON_DEBUG", False)
DEMO_MODE = env_bool("LIAISON_DEMO", True)
