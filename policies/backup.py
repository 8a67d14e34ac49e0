"""Backup and restore of a whole installation: the database as Django's JSON fixture (works on
SQLite and PostgreSQL alike, and between them) and the private uploaded files, with a manifest
of checksums so a damaged or partial backup is refused before anything is touched."""

import hashlib
import json
import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

DATABASE_FILE = "database.json"
FILES_DIR = "files"
MANIFEST = "manifest.json"
FORMAT = 1
# Rebuilt by migrate on the target; rows refer to them by natural key.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(default_storage.location)


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def backup_create(*, target: Path) -> dict:
    """Write a backup into ``target`` (new or empty). Returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new folder for the backup.")
    target.mkdir(parents=True, exist_ok=True)
    database = target / DATABASE_FILE
    # One transaction: on PostgreSQL every table is read from the same snapshot.
    with transaction.atomic():
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            output=str(database),
            verbosity=0,
        )
        migrations = _applied_migrations()
    files = {}
    media = _media_root()
    if media.exists():
        for source in sorted(p for p in media.rglob("*") if p.is_file()):
            relative = source.relative_to(media).as_posix()
            destination = target / FILES_DIR / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            files[relative] = _sha256(destination)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "database_sha256": _sha256(database),
        "migrations": migrations,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


def _verified_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    database = source / DATABASE_FILE
    if not database.is_file() or _sha256(database) != manifest["database_sha256"]:
        raise BackupError(f"{DATABASE_FILE} is missing or damaged (checksum differs).")
    for relative, digest in manifest["files"].items():
        path = source / FILES_DIR / relative
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"The file {relative} is missing or damaged (checksum differs).")
    return manifest


def flush_database() -> None:
    """Empty every table. PostgreSQL refuses TRUNCATE while deferred foreign-key checks of the
    same transaction are pending, so they are run first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def installation_is_empty() -> bool:
    from beneficiaries.models import Beneficiary

    return not get_user_model().objects.exists() and not Beneficiary.objects.exists()


def backup_restore(*, source: Path) -> dict:
    """Restore a backup into a migrated, empty installation. Returns the manifest."""
    source = Path(source)
    manifest = _verified_manifest(source)
    missing = sorted(set(manifest["migrations"]) - set(_applied_migrations()))
    if missing:
        raise BackupError(
            "This installation lacks migrations the backup was made with (update the code first): "
            + ", ".join(missing[:10])
        )
    if not installation_is_empty():
        raise BackupError("This installation already has users or beneficiaries; restore only into an empty one.")
    media = _media_root()
    with transaction.atomic():
        # The seed rows migrations wrote (groups, parameters, templates) come back from the
        # backup as they were there, so they are removed first; flush rebuilds content types.
        flush_database()
        call_command("loaddata", str(source / DATABASE_FILE), verbosity=0)
    for relative in manifest["files"]:
        destination = media / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / FILES_DIR / relative, destination)
    return manifest
