import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cadre_eval.env import Env

ROOT = Path(__file__).resolve().parent.parent


def test_env_reads_typed_values():
    env = Env({"A": "true", "B": "0", "N": "42", "L": "a, b,,c", "DB": "postgres://u:p%40ss@db:5433/cadre"})
    assert env.bool("A") is True and env.bool("B") is False
    assert env.int("N") == 42
    assert env.list("L") == ["a", "b", "c"]
    db = env.database("DB")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "cadre",
        "u",
        "p@ss",
        "db",
        "5433",
    )
    assert env.database("X", "sqlite:////tmp/x.db")["NAME"] == "/tmp/x.db"
    assert env.database("X", "sqlite:///var/x.db")["NAME"] == "var/x.db"


def test_env_refuses_missing_and_malformed_values():
    env = Env({"N": "many", "B": "perhaps", "DB": "mysql://x/y"})
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env.str("SECRET_KEY")
    with pytest.raises(ImproperlyConfigured):
        env.int("N")
    with pytest.raises(ImproperlyConfigured):
        env.bool("B")
    with pytest.raises(ImproperlyConfigured):
        env.database("DB")


def test_an_empty_boolean_is_an_error_not_false():
    # given a boolean variable that is set but empty (a line like `DJANGO_SECURE_SSL_REDIRECT=` in an env file)
    env = Env({"DJANGO_SECURE_SSL_REDIRECT": "", "BLANK": "  "})
    # when it is read, then the reader refuses it instead of switching the protection off
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_SSL_REDIRECT is set but empty"):
        env.bool("DJANGO_SECURE_SSL_REDIRECT", True)
    with pytest.raises(ImproperlyConfigured, match="BLANK"):
        env.bool("BLANK", False)
    # and an unset variable still takes its default
    assert env.bool("UNSET", True) is True


def _manage(args, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="cadre_eval.settings.production", **extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://cadre@db.internal:5432/cadre",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "DJANGO_ALLOWED_HOSTS": "cadre.example.org",
}


def test_production_refuses_to_start_without_secret_key():
    result = _manage(["check"], **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy_with_zero_warnings():
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"], SECRET_KEY=secrets.token_urlsafe(60), **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_with_an_empty_boolean():
    result = _manage(["check"], SECRET_KEY=secrets.token_urlsafe(60), DJANGO_SECURE_SSL_REDIRECT="", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT is set but empty" in result.stderr


def test_celery_is_configured_to_lose_nothing():
    from django.conf import settings

    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SERIALIZER == "json" and settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
