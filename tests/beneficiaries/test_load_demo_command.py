"""The demo data command: useful on a developer's machine, refused anywhere DEBUG is off."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from beneficiaries.models import Beneficiary, Document
from policies.roles import Role


@pytest.fixture
def fast_passwords(settings):
    # The demo sets real passwords; a fast hasher keeps the test quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_load_demo_refuses_to_run_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", "--beneficiaries", "5")


def test_a_refused_load_demo_creates_no_users_and_no_beneficiaries(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", "--beneficiaries", "5")
    assert not get_user_model().objects.exists()
    assert not Beneficiary.objects.exists()


@pytest.fixture
def demo_loaded(db, settings, fast_passwords):
    settings.DEBUG = True
    call_command("load_demo", "--beneficiaries", "5", stdout=io.StringIO())


def test_load_demo_creates_at_least_one_user_in_every_role(demo_loaded):
    for role in Role.values:
        assert get_user_model().objects.filter(groups__name=role).exists(), role


def test_load_demo_creates_the_requested_number_of_beneficiaries(demo_loaded):
    assert Beneficiary.objects.count() == 5


def test_the_demo_documents_are_written_to_the_private_media_root(demo_loaded, private_media):
    documents = list(Document.objects.all())
    assert documents
    for document in documents:
        assert document.file.path.startswith(str(private_media))


def test_running_load_demo_twice_adds_no_second_set(demo_loaded, settings):
    call_command("load_demo", "--beneficiaries", "5", stdout=io.StringIO())
    assert Beneficiary.objects.count() == 5
    assert get_user_model().objects.filter(username="reception").count() == 1


def test_load_demo_prints_the_demo_logins(db, settings, fast_passwords, capsys):
    settings.DEBUG = True
    call_command("load_demo", "--beneficiaries", "5")
    printed = capsys.readouterr().out
    for username in ("reception", "researcher", "manager", "admin"):
        assert username in printed
