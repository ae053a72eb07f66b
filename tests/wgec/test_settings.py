"""Settings come from the environment; a malformed value stops start-up naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    full.update(env)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name,value", [
    ("DEBUG", "maybe"),
    ("DATABASE_URL", "foo://nowhere"),
    ("TIME_ZONE", "Mars/Olympus_Mons"),
    ("SESSION_COOKIE_AGE", "two weeks"),
    ("DJANGO_ENV", "staging"),
    ("CACHE_URL", "nope://x"),
])
def test_malformed_value_stops_start_up_naming_the_variable(name, value):
    result = _check(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr.splitlines()[-1]


def test_production_requires_a_secret_key():
    result = _check(DJANGO_ENV="production", ALLOWED_HOSTS="wgec.example.org", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_defaults_start_without_any_variable():
    result = _check()
    assert result.returncode == 0, result.stderr
