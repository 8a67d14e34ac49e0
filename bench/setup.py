"""Django set-up for the bench scripts: the project's settings with a database chosen on the command line."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_url: str | None) -> None:
    """Point Django at ``database_url`` and start it; production-like settings (DEBUG off)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Timings are taken the way production runs: no debug toolbar of queries kept in memory.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Without DEBUG the static files come from collectstatic's manifest; the bench needs no
    # collectstatic run (a manifest lookup is an in-memory dict, nothing worth timing).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
