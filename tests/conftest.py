"""Shared fixtures: private media in a temporary folder, staff in each role, a small registry."""

import copy
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from django.utils.html import escape
from factories import (
    BeneficiaryFactory,
    CategoryFactory,
    ContactOfficerFactory,
    UserFactory,
)

from policies.roles import Role

RIYADH = ZoneInfo("Asia/Riyadh")
# A Monday in Riyadh; 13 Jumada al-Akhirah 1448.
TODAY = datetime(2026, 11, 23, 10, 30, tzinfo=RIYADH)


@pytest.fixture(autouse=True)
def arabic_by_default():
    """Each test starts in the portal's default language: a request made in English earlier
    leaves English active on the thread, which would change what the next test reads."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> Path:
    """Uploaded documents go to a fresh temporary folder, never into var/.

    Assigning a new STORAGES dict sends setting_changed, and Django's storages_changed
    receiver empties the ``storages`` cache and resets the lazy ``default_storage``, which
    FileField uses; the next access builds a FileSystemStorage at the new location.
    """
    root = tmp_path / "private-media"
    root.mkdir()
    settings.PRIVATE_MEDIA_ROOT = root
    storages = copy.deepcopy(settings.STORAGES)
    storages["default"]["OPTIONS"]["location"] = root
    settings.STORAGES = storages

    from django.core.files.storage import default_storage

    assert Path(default_storage.location) == root
    return root


@pytest.fixture
def stored_files(private_media):
    """Every file under the private media root, as paths relative to it."""

    def list_files() -> list[str]:
        return sorted(str(path.relative_to(private_media)) for path in private_media.rglob("*") if path.is_file())

    return list_files


@pytest.fixture
def frozen_today():
    """Time stands still on Monday 23 November 2026, 10:30 in Riyadh."""
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def page_shows():
    """Whether a response shows a message, translated into the page's language and HTML-escaped.

    Pass the source string (gettext_lazy) and its parameters; the check does not depend on
    what the Arabic catalog currently says, only that the page shows the translated text.
    """

    def check(response, message, **params) -> bool:
        language = response.headers.get("Content-Language", "ar")
        with translation.override(language):
            text = str(message) % params if params else str(message)
        return escape(text) in response.content.decode()

    return check


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def reception(make_user):
    return make_user(Role.RECEPTION, first_name="نورة", last_name="القحطاني")


@pytest.fixture
def reception_colleague(make_user):
    return make_user(Role.RECEPTION, first_name="فهد", last_name="الشمري")


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER, first_name="عبدالله", last_name="السبيعي")


@pytest.fixture
def researcher(make_user):
    return make_user(Role.SOCIAL_RESEARCHER, first_name="منيرة", last_name="الدوسري")


@pytest.fixture
def category(db):
    return CategoryFactory(name="الأرامل (اختبار)", name_en="Widows (test)")


@pytest.fixture
def other_category(db):
    return CategoryFactory(name="الأيتام (اختبار)", name_en="Orphans (test)")


@pytest.fixture
def contact_officer(category):
    """A contact officer responsible for ``category``."""
    return ContactOfficerFactory(category=category, user__first_name="ريم", user__last_name="المطيري").user


@pytest.fixture
def other_contact_officer(other_category):
    """A contact officer responsible only for ``other_category``."""
    return ContactOfficerFactory(category=other_category, user__first_name="سلمى", user__last_name="العنزي").user


@pytest.fixture
def beneficiary(category):
    return BeneficiaryFactory(
        category=category,
        first_name="أحمد",
        father_name="محمد",
        grandfather_name="علي",
        family_name="الشهري",
        identity_number="1000000008",
        mobile="+966501112233",
    )


@pytest.fixture
def registration_form(category):
    """What reception types into the registration form for a new beneficiary, with overrides."""

    def data(**overrides) -> dict:
        values = {
            "identity_type": "national_id",
            "identity_number": "1000000008",
            "identity_expiry_date": "2030-01-01",
            "first_name": "عبدالله",
            "father_name": "أحمد",
            "grandfather_name": "إبراهيم",
            "family_name": "الشهري",
            "name_en": "Abdullah Ahmed Alshehri",
            "gender": "male",
            "birth_date": "1985-03-14",
            "nationality": "سعودي",
            "mobile": "0501234567",
            "email": "",
            "contact_channel": "sms",
            "city": "الرياض",
            "district": "النسيم",
            "address": "شارع الأمير سعود",
            "category": str(category.pk),
            "kind": "beneficiary",
            "contact_officer": "",
            "marital_status": "married",
            "monthly_income": "3200",
            "monthly_expenses": "2800",
            "health_status": "healthy",
            "health_notes": "",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return data


@pytest.fixture
def edit_form():
    """The edit form of an existing record as the page pre-fills it, with overrides."""

    def data(beneficiary, **overrides) -> dict:
        values = {
            "identity_type": beneficiary.identity_type,
            "identity_number": beneficiary.identity_number,
            "identity_expiry_date": beneficiary.identity_expiry_date.isoformat()
            if beneficiary.identity_expiry_date
            else "",
            "first_name": beneficiary.first_name,
            "father_name": beneficiary.father_name,
            "grandfather_name": beneficiary.grandfather_name,
            "family_name": beneficiary.family_name,
            "name_en": beneficiary.name_en,
            "gender": beneficiary.gender,
            "birth_date": beneficiary.birth_date.isoformat(),
            "nationality": beneficiary.nationality,
            "mobile": beneficiary.mobile,
            "email": beneficiary.email,
            "contact_channel": beneficiary.contact_channel,
            "city": beneficiary.city,
            "district": beneficiary.district,
            "address": beneficiary.address,
            "category": str(beneficiary.category_id),
            "kind": beneficiary.kind,
            "status": beneficiary.status,
            "contact_officer": str(beneficiary.contact_officer_id or ""),
            "version": str(beneficiary.version),
        }
        values.update(overrides)
        return values

    return data


def pytest_configure(config):
    # WhiteNoise warns once per request cycle when collectstatic has not been run; the
    # tests never serve static files, so the warning is noise here.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
