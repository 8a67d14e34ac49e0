"""The project's settings with two bare views added (bench/throughput.py serves these through gunicorn)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.throughput_urls"
