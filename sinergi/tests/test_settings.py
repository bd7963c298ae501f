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


def production_setting(expression, **env):
    """The value of a settings expression in production mode, as Python source text."""
    code = f"from django.conf import settings as s; print(repr({expression}))"
    result = manage("shell", "--no-imports", "-c", code, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_documented_minimum_passes_check_deploy_without_warnings():
    """DEBUG=false, a SECRET_KEY and ALLOWED_HOSTS are enough: SITE_URL defaults to HTTPS on
    the first host, and HTTPS, HSTS and secure cookies are on by default."""
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    setting = "(s.SITE_URL, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    value = production_setting(setting, SITE_URL="")
    assert value == "('https://sinergi.example.go.id', True, True, True)"


def test_the_proxy_https_header_is_configurable():
    assert production_setting("s.SECURE_PROXY_SSL_HEADER") == "('HTTP_X_FORWARDED_PROTO', 'https')"
    header = production_setting(
        "s.SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme"
    )
    assert header == "('HTTP_X_FORWARDED_SCHEME', 'https')"
    # Clients connect directly (no proxy): no header is trusted.
    assert production_setting("s.SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="") == "None"


def test_scaling_out_settings_come_from_the_environment():
    """The settings docs/operations.md ("Scaling out", "Rotating secrets") gives."""
    env = {
        "SECRET_KEY_FALLBACKS": "kunci-lama-1,kunci-lama-2",
        "DATABASE_URL": "postgresql://sinergi@db1/sinergi",
        "DATABASE_REPLICA_URL": "postgresql://sinergi@db2/sinergi",
        "MEDIA_STORAGE": "storages.backends.s3.S3Storage",
        "S3_BUCKET": "sinergi-media",
        "S3_ENDPOINT_URL": "https://s3.example.go.id",
        "S3_ACCESS_KEY_ID": "AKIA",
        "S3_SECRET_ACCESS_KEY": "rahasia",
    }
    value = production_setting(
        "(s.SECRET_KEY_FALLBACKS, s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS,"
        " s.MIDDLEWARE[1], s.STORAGES['default']['OPTIONS']['bucket_name'],"
        " s.STORAGES['default']['OPTIONS']['file_overwrite'], s.EMAIL_BACKEND)",
        **env,
    )
    assert value == repr(
        (
            ["kunci-lama-1", "kunci-lama-2"],
            "db2",
            ["sinergi.lib.replicas.ReplicaRouter"],
            "sinergi.lib.replicas.ReplicaMiddleware",
            "sinergi-media",
            False,
            "sinergi.lib.mail.QueueBackend",
        )
    )
