"""Settings of the background jobs and the file storage (issue 17), read in a fresh
``manage.py`` process as at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "wgec.example.org",
              "SECRET_KEY": "a-production-secret-key-for-this-test-only-0123456789abcdefghijklmnop"}


def _run(code: str, **env):
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}}
    full.update(env)
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120)


def _settings(*names, **env) -> dict:
    code = ("import json; from django.conf import settings as s; "
            f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))")
    result = _run(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_render_bound_time_limit_and_visibility_timeout_agree():
    s = _settings("REPORT_RENDER_TIMEOUT", "CELERY_TASK_ANNOTATIONS", "CELERY_BROKER_TRANSPORT_OPTIONS",
                  "CELERY_TASK_REJECT_ON_WORKER_LOST", REPORT_RENDER_TIMEOUT="900")
    limits = s["CELERY_TASK_ANNOTATIONS"]["workplan.report_render"]
    assert s["REPORT_RENDER_TIMEOUT"] == 900 == limits["time_limit"]
    assert limits["soft_time_limit"] < limits["time_limit"] < s["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    assert s["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True


def test_file_storage_s3_builds_the_storage_from_the_environment():
    s = _settings("STORAGES", FILE_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="wgec-reports",
                  AWS_S3_ENDPOINT_URL="https://minio.example.org:9000", AWS_ACCESS_KEY_ID="id",
                  AWS_SECRET_ACCESS_KEY="secret")
    default = s["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "wgec-reports"
    assert default["OPTIONS"]["endpoint_url"] == "https://minio.example.org:9000"
    assert default["OPTIONS"]["default_acl"] is None and default["OPTIONS"]["file_overwrite"] is False


def _check(**env):
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env={**full, **env},
                          capture_output=True, text=True, timeout=120)


def test_file_storage_s3_without_a_bucket_or_an_unknown_storage_stops_start_up():
    for env, name in (({"FILE_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"), ({"FILE_STORAGE": "nfs"}, "FILE_STORAGE")):
        result = _check(**env)
        assert result.returncode != 0 and name in result.stderr.splitlines()[-1]


def test_production_caches_in_redis_and_warns_when_the_cache_is_per_process():
    s = _settings("CACHES", "DATABASES", **PRODUCTION)
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert s["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    check = _check(**PRODUCTION, CACHE_URL="locmemcache://")
    assert "wgec.W001" in check.stderr + check.stdout
    assert "wgec.W001" not in (lambda r: r.stderr + r.stdout)(_check(**PRODUCTION))
