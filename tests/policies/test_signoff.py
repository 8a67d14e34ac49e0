"""Staff sign-off (R27) with the confidentiality pledge (R30): the banner, signing, compliance, reminders."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from factories import UserFactory
from factories.policies import PolicyDocumentFactory, PolicyVersionFactory, version_in_force

from policies import services
from policies.errors import DomainError
from policies.forms import ReminderForm, SignOffForm
from policies.models import PolicySignOff, SignOffReminder
from policies.roles import Role
from policies.selectors import signoff_compliance, versions_awaiting_signoff

SIGN = {"read_confirmed": "on", "confidentiality_pledged": "on"}


def sign_url(version) -> str:
    return reverse("policies:sign", args=[version.pk])


# --- Signing -----------------------------------------------------------------------------------------


def test_a_staff_member_signs_the_version_in_force(client, reception, policy_in_force):
    client.force_login(reception)

    client.post(sign_url(policy_in_force), SIGN)

    assert PolicySignOff.objects.get(user=reception).version == policy_in_force


def test_the_signature_records_the_time_and_the_pledge_as_signed(client, reception, policy_in_force, frozen_today):
    client.force_login(reception)

    client.post(sign_url(policy_in_force), SIGN)

    signoff = PolicySignOff.objects.get(user=reception)
    assert (signoff.signed_at, "سرية" in signoff.pledge_text) == (frozen_today, True)


def test_signing_without_confirming_the_reading_is_refused_with_a_clear_error(
    client, reception, policy_in_force, page_shows
):
    client.force_login(reception)

    response = client.post(sign_url(policy_in_force), {"confidentiality_pledged": "on"})

    assert not PolicySignOff.objects.exists()
    assert page_shows(response, SignOffForm.base_fields["read_confirmed"].error_messages["required"])


def test_signing_without_the_confidentiality_pledge_is_refused_with_a_clear_error(
    client, reception, policy_in_force, page_shows
):
    client.force_login(reception)

    response = client.post(sign_url(policy_in_force), {"read_confirmed": "on"})

    assert not PolicySignOff.objects.exists()
    assert page_shows(response, SignOffForm.base_fields["confidentiality_pledged"].error_messages["required"])


def test_a_refused_signature_keeps_the_box_already_ticked(client, reception, policy_in_force):
    client.force_login(reception)

    html = client.post(sign_url(policy_in_force), {"read_confirmed": "on"}).content.decode()

    tag = re.search(r"<input[^>]*id=\"id_read_confirmed\"[^>]*>", html).group(0)
    assert "checked" in tag


def test_a_version_is_signed_once(reception, policy_in_force):
    services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )

    with pytest.raises(DomainError):
        services.policy_signoff_record(
            actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
        )


def test_the_database_refuses_a_signature_not_confirmed_on_screen(reception, policy_in_force, frozen_today):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PolicySignOff.objects.create(
            version=policy_in_force, user=reception, signed_at=frozen_today, read_confirmed=True, pledge_text="x"
        )


def test_a_superseded_version_cannot_be_signed(client, reception, policy_in_force, policy_admin):
    services.policy_version_publish(
        actor=policy_admin, version=PolicyVersionFactory(document=policy_in_force.document, approved=True)
    )
    client.force_login(reception)

    assert client.post(sign_url(policy_in_force), SIGN).status_code == 404


def test_a_draft_cannot_be_signed(client, reception, policy_document):
    client.force_login(reception)

    assert client.get(sign_url(PolicyVersionFactory(document=policy_document))).status_code == 404


def test_a_policy_for_other_roles_is_not_offered_for_signature(client, reception, policy_admin, frozen_today):
    version = version_in_force(actor=policy_admin, applies_to_roles=[Role.SOCIAL_RESEARCHER])
    client.force_login(reception)

    assert client.get(sign_url(version)).status_code == 404


def test_signing_is_recorded_in_the_history_with_who(reception, policy_in_force):
    signoff = services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )

    assert signoff.history.get().history_user == reception


def test_after_signing_the_next_unsigned_policy_opens(client, reception, policy_in_force, policy_admin):
    second = version_in_force(actor=policy_admin, title="ميثاق الأخلاقيات (اختبار)")
    client.force_login(reception)

    response = client.post(sign_url(policy_in_force), SIGN)

    assert response.url == sign_url(second)


# --- The banner --------------------------------------------------------------------------------------


def test_staff_with_an_unsigned_policy_see_a_banner_on_every_page(client, reception, policy_in_force):
    client.force_login(reception)

    html = client.get(reverse("home")).content.decode()

    assert 'id="policy-signoff-banner"' in html and sign_url(policy_in_force) in html


def test_the_banner_goes_away_once_the_policy_is_signed(client, reception, policy_in_force):
    client.force_login(reception)
    client.post(sign_url(policy_in_force), SIGN)

    assert 'id="policy-signoff-banner"' not in client.get(reverse("home")).content.decode()


def test_the_banner_comes_back_when_a_new_version_is_put_in_force(client, reception, policy_in_force, policy_admin):
    services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )
    services.policy_version_publish(
        actor=policy_admin, version=PolicyVersionFactory(document=policy_in_force.document, approved=True)
    )
    client.force_login(reception)

    assert 'id="policy-signoff-banner"' in client.get(reverse("home")).content.decode()


def test_staff_a_policy_does_not_apply_to_see_no_banner(client, reception, policy_admin, frozen_today):
    version_in_force(actor=policy_admin, applies_to_roles=[Role.COMPLAINTS_OFFICER])
    client.force_login(reception)

    assert 'id="policy-signoff-banner"' not in client.get(reverse("home")).content.decode()


def test_a_user_without_a_role_sees_no_banner(client, make_user, policy_in_force):
    client.force_login(make_user(None))

    assert 'id="policy-signoff-banner"' not in client.get(reverse("home")).content.decode()


def test_the_banner_says_who_sent_a_reminder(client, reception, manager, policy_in_force):
    services.signoff_reminder_send(actor=manager, version=policy_in_force, users=[reception])
    client.force_login(reception)

    assert "عبدالله السبيعي" in client.get(reverse("home")).content.decode().split('id="policy-signoff-banner"')[1]


# --- My policies -------------------------------------------------------------------------------------


def test_my_policies_lists_what_i_signed_and_what_i_have_not(client, reception, policy_in_force, policy_admin):
    other = version_in_force(actor=policy_admin, title="ميثاق الأخلاقيات (اختبار)")
    services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )
    client.force_login(reception)

    html = client.get(reverse("policies:my_policies")).content.decode()

    assert "bi-check-circle-fill" in html and f'href="{sign_url(other)}">' in html


@pytest.mark.parametrize("name", ["policies:my_policies", "policies:compliance"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302 and reverse("login") in response.url


def test_anonymous_visitors_cannot_open_the_signature_page(client, policy_in_force):
    assert reverse("login") in client.get(sign_url(policy_in_force)).url


def test_a_user_without_a_role_cannot_open_my_policies(client, make_user, db):
    client.force_login(make_user(None))

    assert client.get(reverse("policies:my_policies")).status_code == 403


# --- Compliance for managers -------------------------------------------------------------------------


def test_a_manager_sees_who_has_signed_and_who_has_not(
    client, manager, reception, reception_colleague, policy_in_force
):
    services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )
    client.force_login(manager)

    html = client.get(reverse("policies:compliance")).content.decode()

    signed, unsigned = (
        html.split('class="list-group signed-list"')[1],
        html.split('class="list-group mb-2 unsigned-list"')[1],
    )
    assert "نورة القحطاني" in signed.split("</ul>")[0] and "فهد الشمري" in unsigned.split("</ul>")[0]


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.SOCIAL_RESEARCHER, Role.CONTACT_OFFICER, Role.COMMITTEE_MEMBER])
def test_staff_who_are_not_managers_cannot_see_compliance(client, make_user, role, db):
    client.force_login(make_user(role))

    assert client.get(reverse("policies:compliance")).status_code == 403


def test_an_admin_sees_compliance(client, policy_admin, db):
    client.force_login(policy_admin)

    assert client.get(reverse("policies:compliance")).status_code == 200


def test_compliance_counts_only_the_roles_a_policy_applies_to(reception, researcher, policy_admin, frozen_today):
    version_in_force(actor=policy_admin, applies_to_roles=[Role.RECEPTION])

    row = next(item for item in signoff_compliance() if item.version.document.applies_to_roles == [Role.RECEPTION])
    names = [user for user, _reminder in row.unsigned]
    assert reception in names and researcher not in names


def test_inactive_staff_are_not_counted(make_user, policy_in_force):
    make_user(Role.RECEPTION, is_active=False, username="left")

    row = signoff_compliance()[0]
    assert all(user.username != "left" for user, _reminder in row.unsigned)


def test_the_compliance_page_takes_the_same_queries_for_10_or_100_staff(
    client, manager, policy_in_force, django_assert_num_queries
):
    def queries_for(staff: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _index in range(staff - PolicySignOff.objects.count()):
            user = UserFactory(role=Role.RECEPTION)
            services.policy_signoff_record(
                actor=user, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
            )
        client.get(reverse("policies:compliance"))  # loads the reference data kept between requests
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("policies:compliance"))
        return len(captured)

    client.force_login(manager)
    assert queries_for(10) == queries_for(100)


# --- Reminders ---------------------------------------------------------------------------------------


def test_a_manager_reminds_everyone_who_has_not_signed(
    client, manager, reception, reception_colleague, policy_in_force, django_capture_on_commit_callbacks
):
    services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("policies:remind", args=[policy_in_force.pk]))

    reminded = set(SignOffReminder.objects.values_list("user__username", flat=True))
    assert reception_colleague.username in reminded and reception.username not in reminded


def test_a_reminder_is_emailed_to_staff_who_have_an_address(
    client, manager, reception_colleague, policy_in_force, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("policies:remind", args=[policy_in_force.pk]), {"users": [reception_colleague.pk]})

    assert [message.to for message in mail.outbox] == [[reception_colleague.email]]


def test_reminding_someone_who_already_signed_is_refused(client, manager, reception, policy_in_force, page_shows):
    services.policy_signoff_record(
        actor=reception, version=policy_in_force, read_confirmed=True, confidentiality_pledged=True
    )
    client.force_login(manager)

    response = client.post(
        reverse("policies:remind", args=[policy_in_force.pk]), {"users": [reception.pk]}, follow=True
    )

    assert not SignOffReminder.objects.exists()
    assert page_shows(response, ReminderForm().fields["users"].error_messages["invalid_choice"])


def test_a_reminder_with_a_nonsense_staff_id_is_refused_without_an_error_page(client, manager, policy_in_force):
    client.force_login(manager)

    response = client.post(reverse("policies:remind", args=[policy_in_force.pk]), {"users": ["abc"]}, follow=True)

    assert response.status_code == 200 and not SignOffReminder.objects.exists()


def test_reception_cannot_send_reminders(client, reception, reception_colleague, policy_in_force):
    client.force_login(reception)

    response = client.post(reverse("policies:remind", args=[policy_in_force.pk]))

    assert response.status_code == 403 and not SignOffReminder.objects.exists()


def test_reminders_are_sent_only_by_post(client, manager, policy_in_force):
    client.force_login(manager)

    assert client.get(reverse("policies:remind", args=[policy_in_force.pk])).status_code == 405


def test_a_document_staff_need_not_sign_asks_nobody(reception, policy_admin, frozen_today):
    version_in_force(actor=policy_admin, document=PolicyDocumentFactory(requires_signoff=False))

    assert versions_awaiting_signoff(user=reception) == []
