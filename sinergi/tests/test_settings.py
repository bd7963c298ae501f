"""Production settings mode passes Django's deployment checks; misconfiguration is caught."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "sinergi.example.go.id",
    "SITE_URL": "https://sinergi.example.go.id",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_mode_passes_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_secret_key_is_refused():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is false" in result.stderr


def test_production_without_allowed_hosts_is_an_error():
    env = {**PRODUCTION, "ALLOWED_HOSTS": ""}
    result = manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "sinergi.E001" in result.stderr


def test_bad_boolean_is_refused_with_a_clear_message():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
