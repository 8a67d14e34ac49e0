"""A backup taken with backup_silah restores into an empty installation with restore_silah:
records, history, users and the private uploaded files come back as they were."""

import json
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import PDF, BeneficiaryFactory, DocumentFactory, UserFactory

from beneficiaries.models import Beneficiary, Document
from policies.backup import flush_database
from policies.roles import Role


@pytest.fixture
def installation(category, private_media):
    """What an association has after some use: staff, a beneficiary with a document and history."""
    staff = UserFactory(role=Role.RECEPTION, username="noura")
    person = BeneficiaryFactory(category=category, first_name="هيفاء", identity_number="1000000008")
    document = DocumentFactory(beneficiary=person)
    return staff, person, document


def _empty_the_installation(private_media: Path) -> None:
    """A fresh, migrated installation: no users, no records, no files."""
    flush_database()
    shutil.rmtree(private_media)
    private_media.mkdir()


def test_a_backup_restores_records_users_history_and_files_into_an_empty_installation(
    installation, private_media, tmp_path
):
    _staff, person, document = installation
    history_rows = person.history.count()
    call_command("backup_silah", str(tmp_path / "backup"), verbosity=0)
    _empty_the_installation(private_media)
    assert not Beneficiary.objects.exists()

    call_command("restore_silah", str(tmp_path / "backup"), "--no-migrate", verbosity=0)

    restored = Beneficiary.objects.get(pk=person.pk)
    assert restored.first_name == "هيفاء"
    assert restored.history.count() == history_rows
    assert get_user_model().objects.get(username="noura").groups.filter(name=Role.RECEPTION).exists()
    restored_document = Document.objects.get(pk=document.pk)
    with restored_document.file.open("rb") as handle:
        assert handle.read() == PDF


def test_the_backup_folder_holds_a_manifest_with_checksums(installation, tmp_path):
    call_command("backup_silah", str(tmp_path / "backup"), verbosity=0)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database_sha256"]
    assert len(manifest["files"]) == 1


def test_restoring_into_an_installation_that_has_data_is_refused(installation, tmp_path):
    call_command("backup_silah", str(tmp_path / "backup"), verbosity=0)
    with pytest.raises(CommandError, match="empty"):
        call_command("restore_silah", str(tmp_path / "backup"), "--no-migrate", verbosity=0)
    assert Beneficiary.objects.count() == 1


def test_a_damaged_backup_is_refused_before_anything_changes(installation, private_media, tmp_path):
    call_command("backup_silah", str(tmp_path / "backup"), verbosity=0)
    stored = next((tmp_path / "backup" / "files").rglob("*.pdf"))
    stored.write_bytes(b"tampered")
    _empty_the_installation(private_media)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore_silah", str(tmp_path / "backup"), "--no-migrate", verbosity=0)
    assert not Beneficiary.objects.exists()


def test_a_backup_is_not_written_over_an_existing_one(installation, tmp_path):
    call_command("backup_silah", str(tmp_path / "backup"), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_silah", str(tmp_path / "backup"), verbosity=0)
