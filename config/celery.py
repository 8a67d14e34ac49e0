"""The Celery application: Redis as broker in production (CELERY_BROKER_URL), eager in-process otherwise.

Run a worker and the beat scheduler (see README, "Background work")::

    celery -A config worker --loglevel=INFO
    celery -A config beat --loglevel=INFO
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("silah")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
