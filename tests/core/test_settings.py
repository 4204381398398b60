"""Settings: production refuses unsafe defaults; a bad DATABASE_URL is one clear line."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


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


PROD_KEY = "w8Jq2-Lr0Zs9Xc4Vb7Nm1Kp5Hy3Tg6Fd0Sa8Qe2Wr4Ty6Ui-oP3aS7dF"  # 50+ characters, as check --deploy wants


def test_manage_check_deploy_passes_with_production_settings():
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "liaison.config.settings.prod",
                                 "LIAISON_SECRET_KEY": PROD_KEY})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_https_only():
    code = ("import django, json; django.setup(); from django.conf import settings as s; print(json.dumps("
            "[s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG]))")
    result = run_python(code, DJANGO_SETTINGS_MODULE="liaison.config.settings.prod", LIAISON_SECRET_KEY=PROD_KEY)
    assert result.returncode == 0, result.stderr
    redirect, hsts, subdomains, session_secure, csrf_secure, debug = json.loads(result.stdout)
    assert redirect and subdomains and session_secure and csrf_secure and not debug
    assert hsts >= 180 * 24 * 60 * 60


def test_the_settings_name_no_unused_dependency():
    from django.conf import settings

    assert not [app for app in settings.INSTALLED_APPS if "htmx" in app]
    assert not [m for m in settings.MIDDLEWARE if "htmx" in m]
    assert "ninja" in settings.INSTALLED_APPS  # /api/docs from ninja's own static files


def test_sign_in_hardening_is_configured():
    from django.conf import settings

    validators = {v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator",
            "UserAttributeSimilarityValidator"} <= validators
    assert settings.AUTHENTICATION_BACKENDS[0] == "liaison.accounts.throttle.ThrottleBackend"
    assert settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT == 5
    assert settings.LIAISON_LOGIN_FAILURES_PER_ADDRESS == 20
    assert settings.LIAISON_LOGIN_WINDOW_SECONDS == 15 * 60


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip().strip('",')
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"not pinned: {line}"
            pins[re.sub(r"\[.*\]", "", name).strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_every_dependency_is_pinned_and_the_constraints_agree_with_pyproject():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    direct = _pins(project["dependencies"] + project["optional-dependencies"]["dev"])
    constraints = _pins((REPO / "constraints.txt").read_text().splitlines())
    assert len(constraints) > len(direct)  # the indirect ones are pinned too
    for name, version in direct.items():
        assert constraints.get(name) == version, name
    assert "django-htmx" not in constraints and "django-htmx" not in direct  # unused: removed
    # the offline Excel files of national reports are written and read at run time (issue 14), no longer by a
    # test alone: openpyxl is a runtime dependency, pinned once, not repeated in the dev extra
    assert "openpyxl" in _pins(project["dependencies"])
    assert "openpyxl" not in _pins(project["optional-dependencies"]["dev"])
    makefile = (REPO / "Makefile").read_text()
    assert makefile.count("pip install -q -c constraints.txt") == 2
