"""Settings: production refuses unsafe defaults; a bad DATABASE_URL is one clear line."""

import os
import subprocess
import sys

import pytest


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=60)


def test_production_refuses_the_default_secret_key():
    result = run_python("import django; django.setup()", DJANGO_SETTINGS_MODULE="liaison.config.settings.prod",
                        LIAISON_SECRET_KEY="dev-insecure-liaison-key")
    assert result.returncode != 0
    assert "LIAISON_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run_python("import django; django.setup()", DJANGO_SETTINGS_MODULE="liaison.config.settings.prod",
                        LIAISON_SECRET_KEY="x" * 40, LIAISON_DEBUG="1")
    assert result.returncode != 0
    assert "LIAISON_DEBUG" in result.stderr


def test_production_starts_with_a_real_key():
    result = run_python("import django; django.setup(); print('ok')",
                        DJANGO_SETTINGS_MODULE="liaison.config.settings.prod", LIAISON_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("url", ["nonsense://what", "postgres://[broken"])
def test_invalid_database_url_is_one_clear_line(url):
    result = subprocess.run([sys.executable, "-m", "liaison", "load"], capture_output=True, text=True,
                            env={**os.environ, "DATABASE_URL": url}, timeout=60)
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_engine_imports_no_django():
    code = ("import sys, pkgutil, importlib, liaison.engine as e\n"
            "for m in pkgutil.walk_packages(e.__path__, 'liaison.engine.'):\n"
            "    importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    result = run_python(code)
    assert result.returncode == 0, result.stdout + result.stderr
