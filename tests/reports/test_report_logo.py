"""The association's logo on the cover of the performance report, embedded and never served."""

import io
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from policies.models import AssociationProfile

pytestmark = pytest.mark.django_db

REPORT = reverse("reports:performance_report") + "?start=2026-10-01&end=2026-10-31"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (15, 92, 77)).save(buffer, format="PNG")
    return buffer.getvalue()


def images_on_first_page(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [shutil.which("pdfimages"), "-list", "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return len(listing.splitlines()) - 2  # two header lines


def profile_with_logo(content: bytes, name: str) -> AssociationProfile:
    profile, _created = AssociationProfile.objects.update_or_create(pk=1, defaults={"name": "جمعية البر الخيرية"})
    profile.logo.save(name, ContentFile(content))
    return profile


def test_the_cover_prints_the_associations_logo(client, manager, tmp_path):
    profile_with_logo(png_bytes(), "logo.png")
    client.force_login(manager)

    response = client.get(REPORT)

    assert response.status_code == 200
    assert images_on_first_page(response.content, tmp_path) == 1


def test_the_cover_has_no_image_when_the_association_has_no_logo(client, manager, tmp_path):
    AssociationProfile.objects.update_or_create(pk=1, defaults={"name": "جمعية البر الخيرية", "logo": ""})
    client.force_login(manager)

    response = client.get(REPORT)

    assert images_on_first_page(response.content, tmp_path) == 0


def test_a_logo_file_that_is_not_an_image_is_left_out_instead_of_breaking_the_report(client, manager, tmp_path):
    profile_with_logo(b"<svg onload='alert(1)'></svg>", "logo.png")
    client.force_login(manager)

    response = client.get(REPORT)

    assert response.status_code == 200
    assert images_on_first_page(response.content, tmp_path) == 0


def test_the_admin_sets_the_logo_on_the_profile_page(client, make_user):
    from policies.roles import Role

    profile = profile_with_logo(png_bytes(), "logo.png")
    client.force_login(make_user(Role.ADMIN, is_staff=True))

    response = client.get(reverse("admin:policies_associationprofile_change", args=[profile.pk]))

    assert response.status_code == 200
    assert 'name="logo"' in response.content.decode()
