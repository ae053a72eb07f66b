"""The Celery app, configured from Django settings (keys prefixed CELERY_).

Tasks live in each app's tasks.py and are found by autodiscovery. Without
CELERY_BROKER_URL the settings make every task run eagerly in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")

app = Celery("wgec")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
