from datetime import date

import pytest
from django.urls import reverse
from factories.surveys import periodic_survey, staff_survey

from policies.roles import Role
from surveys.models import Answer, Response, SupervisionNote, SupervisoryVisit, SurveyKind, VisitChecklistItem


@pytest.fixture
def field_survey(db):
    return staff_survey()


def entry_data(survey, **extra) -> dict:
    q = {question.type: f"q{question.pk}" for question in survey.questions.all()}
    data = {
        q["rating_1_5"]: "4",
        q["nps_0_10"]: "10",
        q["yes_no"]: "1",
        q["single_choice"]: "0",
        q["multiple_choice"]: ["1"],
        q["free_text"]: "المكتب نظيف والموظفون متعاونون",
        "channel": "field_visit",
        "identity_number": "",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def entry_url(survey):
    return reverse("surveys:entry", args=[survey.pk])


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.CONTACT_OFFICER, Role.MANAGER])
def test_staff_enter_field_survey_answers_with_their_name_and_the_channel(client, make_user, field_survey, role):
    user = make_user(role)
    client.force_login(user)

    response = client.post(entry_url(field_survey), entry_data(field_survey))

    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.entered_by, stored.channel, stored.beneficiary, stored.consent_to_link) == (
        user,
        "field_visit",
        None,
        False,
    )
    assert Answer.objects.filter(response=stored).count() == 6


def test_an_interview_with_consent_is_linked_to_the_beneficiary(client, reception, beneficiary):
    interview = staff_survey(kind=SurveyKind.INTERVIEW)
    client.force_login(reception)

    client.post(
        entry_url(interview),
        entry_data(interview, channel="phone", identity_number=beneficiary.identity_number, consent_to_link="on"),
    )

    stored = Response.objects.get()
    assert (stored.beneficiary, stored.channel, stored.category) == (beneficiary, "phone", beneficiary.category)


def test_without_consent_the_beneficiary_is_not_linked_but_their_category_counts(
    client, reception, beneficiary, field_survey
):
    client.force_login(reception)

    client.post(entry_url(field_survey), entry_data(field_survey, identity_number=beneficiary.identity_number))

    stored = Response.objects.get()
    assert (stored.beneficiary, stored.category) == (None, beneficiary.category)


def test_consent_without_a_beneficiary_is_refused(client, reception, field_survey, page_shows):
    client.force_login(reception)

    response = client.post(entry_url(field_survey), entry_data(field_survey, consent_to_link="on"))

    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert not Response.objects.exists()


def test_a_contact_officer_cannot_enter_answers_for_a_beneficiary_outside_their_categories(
    client, other_contact_officer, beneficiary, field_survey
):
    client.force_login(other_contact_officer)

    response = client.post(
        entry_url(field_survey),
        entry_data(field_survey, identity_number=beneficiary.identity_number, consent_to_link="on"),
    )

    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("field", "bad"), [("rating_1_5", "9"), ("nps_0_10", "11"), ("channel", "sms"), ("channel", None)]
)
def test_a_bad_entry_is_refused_and_what_was_typed_is_kept(client, reception, field_survey, field, bad):
    client.force_login(reception)
    data = entry_data(field_survey)
    if field == "channel":
        data.pop("channel")
        if bad is not None:
            data["channel"] = bad
    else:
        data[f"q{field_survey.questions.get(type=field).pk}"] = bad

    response = client.post(entry_url(field_survey), data)

    assert response.status_code == 200
    assert "المكتب نظيف والموظفون متعاونون" in response.content.decode()
    assert not Response.objects.exists()


def test_answers_cannot_be_entered_for_a_questionnaire_sent_by_link(client, reception):
    periodic = periodic_survey()
    client.force_login(reception)

    assert client.get(entry_url(periodic)).status_code == 404


@pytest.mark.parametrize("role", [Role.SOCIAL_RESEARCHER, Role.COMPLAINTS_OFFICER, Role.ADMIN])
def test_other_roles_cannot_enter_answers(client, make_user, field_survey, role):
    client.force_login(make_user(role))

    assert client.get(reverse("surveys:entry_index")).status_code == 403
    assert client.post(entry_url(field_survey), entry_data(field_survey)).status_code == 403
    assert not Response.objects.exists()


def test_the_entry_list_shows_only_open_field_surveys_and_interviews(client, reception, field_survey):
    periodic_survey()
    staff_survey(is_active=False, title="مسح مغلق")
    client.force_login(reception)

    page = client.get(reverse("surveys:entry_index")).content.decode()

    assert entry_url(field_survey) in page
    assert "مسح مغلق" not in page
    assert "الاستبانة الدورية" not in page


# --- Supervisory visits (R23) ---------------------------------------------------------------


def visit_data(visitor, **extra) -> dict:
    data = {
        "office": "مكتب حي النسيم",
        "visit_date": "2026-11-22",
        "visitor": str(visitor.pk),
        "findings": "لوحة الحقوق غير معلقة في صالة الانتظار.",
        "recommendations": "تعليق لوحة الحقوق والواجبات.",
    }
    data.update({f"score_{item}": "4" for item in VisitChecklistItem.values})
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def test_a_manager_records_a_supervisory_visit_with_its_checklist(client, manager, frozen_today, page_shows):
    client.force_login(manager)

    response = client.post(
        reverse("surveys:visit_create"), visit_data(manager, score_rights_displayed="2"), follow=True
    )

    visit = SupervisoryVisit.objects.get()
    assert (visit.office, visit.visit_date, visit.visitor) == ("مكتب حي النسيم", date(2026, 11, 22), manager)
    assert visit.scores["rights_displayed"] == 2
    assert visit.average_score == 3.7
    assert visit.history.get().history_user == manager
    assert "لوحة الحقوق غير معلقة" in response.content.decode()
    assert page_shows(response, VisitChecklistItem.RIGHTS_DISPLAYED.label)


@pytest.mark.parametrize(
    "bad",
    [
        {"score_privacy": "6"},
        {"score_privacy": None},
        {"visit_date": "2026-12-01"},
        {"office": ""},
        {"findings": ""},
        {"visit_date": "not a date"},
    ],
)
def test_a_bad_visit_is_refused_and_what_was_typed_is_kept(client, manager, frozen_today, bad):
    client.force_login(manager)

    response = client.post(reverse("surveys:visit_create"), visit_data(manager, **bad))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page
    assert "تعليق لوحة الحقوق والواجبات." in page
    assert not SupervisoryVisit.objects.exists()


def test_the_visit_list_shows_the_visits(client, manager, frozen_today):
    from surveys.services import supervisory_visit_record

    supervisory_visit_record(
        actor=manager,
        office="مكتب الفرع الشمالي",
        visit_date=date(2026, 11, 1),
        visitor=manager,
        scores=dict.fromkeys(VisitChecklistItem.values, 5),
        findings="لا ملاحظات",
    )
    client.force_login(manager)

    assert "مكتب الفرع الشمالي" in client.get(reverse("surveys:visits")).content.decode()


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.CONTACT_OFFICER, Role.ADMIN])
def test_only_managers_record_and_read_visits(client, make_user, role):
    user = make_user(role)
    client.force_login(user)

    assert client.get(reverse("surveys:visits")).status_code == 403
    assert client.post(reverse("surveys:visit_create"), visit_data(user)).status_code == 403
    assert not SupervisoryVisit.objects.exists()


# --- Supervision of contact officers (R24) --------------------------------------------------


def note_data(officer, **extra) -> dict:
    data = {
        "officer": str(officer.pk),
        "noted_on": "2026-11-20",
        "topic": "سرعة الرد على الاستفسارات",
        "note": "تأخر الرد على ثلاثة استفسارات هذا الأسبوع.",
        "follow_up": "مراجعة أسبوعية للاستفسارات المفتوحة.",
    }
    data.update(extra)
    return data


def test_a_manager_writes_a_supervision_note_on_a_contact_officer(client, manager, contact_officer, frozen_today):
    client.force_login(manager)

    response = client.post(reverse("surveys:notes"), note_data(contact_officer), follow=True)

    note = SupervisionNote.objects.get()
    assert (note.officer, note.written_by, note.topic) == (contact_officer, manager, "سرعة الرد على الاستفسارات")
    assert note.history.get().history_user == manager
    assert "تأخر الرد على ثلاثة استفسارات" in response.content.decode()


def test_a_note_on_someone_who_is_not_a_contact_officer_is_refused(client, manager, reception, frozen_today):
    client.force_login(manager)

    response = client.post(reverse("surveys:notes"), note_data(reception))

    assert response.status_code == 200
    assert "تأخر الرد على ثلاثة استفسارات" in response.content.decode()
    assert not SupervisionNote.objects.exists()


def test_a_note_dated_in_the_future_is_refused(client, manager, contact_officer, frozen_today):
    client.force_login(manager)

    response = client.post(reverse("surveys:notes"), note_data(contact_officer, noted_on="2026-11-30"))

    assert response.status_code == 200
    assert 'id="note-form"' in response.content.decode()
    assert not SupervisionNote.objects.exists()


def test_the_service_refuses_a_note_on_oneself(contact_officer, frozen_today):
    from django.core.exceptions import ValidationError

    from surveys.services import supervision_note_create

    with pytest.raises(ValidationError):
        supervision_note_create(
            actor=contact_officer, officer=contact_officer, noted_on=date(2026, 11, 20), topic="ت", note="ن"
        )
    assert not SupervisionNote.objects.exists()


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.CONTACT_OFFICER, Role.ADMIN])
def test_only_managers_write_and_read_supervision_notes(client, make_user, contact_officer, role):
    client.force_login(make_user(role))

    assert client.get(reverse("surveys:notes")).status_code == 403
    assert client.post(reverse("surveys:notes"), note_data(contact_officer)).status_code == 403
    assert not SupervisionNote.objects.exists()


def test_a_contact_officer_cannot_read_notes_about_themselves(client, contact_officer):
    client.force_login(contact_officer)

    assert client.get(reverse("surveys:notes")).status_code == 403


def test_supervision_pages_ask_for_login_first(client, db):
    for name in ("surveys:notes", "surveys:visits", "surveys:visit_create", "surveys:entry_index"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "login" in response.url
