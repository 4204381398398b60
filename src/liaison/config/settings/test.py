"""Tests: fast hashing, in-process tasks, SQLite by default or the DATABASE_URL the run names."""

from .base import *  # noqa: F401,F403

DEBUG = False
DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The page cache would outlive each test's rolled-back data: off, except in tests/core/test_pagecache.py.
LIAISON_PAGE_CACHE_SECONDS = 0
