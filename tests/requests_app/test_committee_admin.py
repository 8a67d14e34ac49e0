"""The research committee's admin screens: agenda building, decisions, votes, who sees what, query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import DocumentFactory
from factories.committee import clone_requests, make_committee, make_meeting, write_research_report
from factories.files import PDF

from policies.roles import Role
from requests_app.committee_models import Meeting, MemberVote, Outcome, Vote
from requests_app.models import RequestStatus
from requests_app.services.committee import meeting_add_requests, vote_cast

pytestmark = pytest.mark.django_db

# The management form of the read-only votes inline, as the browser posts it.
NO_VOTES = {"votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0"}
AGENDA_LIST_QUERIES = 10
MEETING_LIST_QUERIES = 12


@pytest.fixture
def setup(staff):
    return make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=3)


@pytest.fixture
def researched(request_in):
    request = request_in(RequestStatus.UNDER_RESEARCH)
    write_research_report(request)
    return request


def test_the_secretary_adds_referred_requests_to_a_meeting_from_the_request_list(client, setup, request_in):
    referred = request_in(RequestStatus.REFERRED)
    meeting = make_meeting(setup)
    client.force_login(setup.secretary)
    response = client.post(
        reverse("admin:requests_app_supportrequest_changelist"),
        {"action": "add_to_meeting", "_selected_action": [referred.pk], "meeting": meeting.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert list(meeting.items.values_list("request_id", flat=True)) == [referred.pk]


def test_adding_a_draft_to_a_meeting_shows_an_error_and_adds_nothing(client, setup, request_in, page_shows):
    draft = request_in(RequestStatus.DRAFT)
    meeting = make_meeting(setup)
    client.force_login(setup.secretary)
    response = client.post(
        reverse("admin:requests_app_supportrequest_changelist"),
        {"action": "add_to_meeting", "_selected_action": [draft.pk], "meeting": meeting.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert draft.reference_number in response.content.decode()
    assert not meeting.items.exists()


def test_a_member_sees_only_the_meetings_of_their_committee(client, setup, staff, researched):
    mine = make_meeting(setup, requests=[researched])
    other_setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3)
    other = make_meeting(other_setup)
    client.force_login(setup.chair)
    response = client.get(reverse("admin:requests_app_meeting_changelist"))
    assert response.status_code == 200
    shown = {meeting.pk for meeting in response.context["cl"].result_list}
    assert shown == {mine.pk}
    assert client.get(reverse("admin:requests_app_meeting_change", args=[other.pk])).status_code == 302
    assert client.get(reverse("admin:requests_app_meeting_change", args=[mine.pk])).status_code == 200


def test_the_meeting_list_shows_how_many_requests_each_agenda_holds(client, setup, researched):
    busy = make_meeting(setup, requests=[researched, *clone_requests(researched, 2)])
    empty = make_meeting(setup)
    client.force_login(setup.secretary)

    listed = {
        meeting.pk: meeting
        for meeting in client.get(reverse("admin:requests_app_meeting_changelist")).context["cl"].result_list
    }

    assert (listed[busy.pk].agenda_count, listed[empty.pk].agenda_count) == (3, 0)


def test_searching_the_meetings_by_a_request_reference_lists_its_meeting_once(client, setup, researched):
    others = clone_requests(researched, 2)
    meeting = make_meeting(setup, requests=[researched, *others])
    make_meeting(setup, requests=others[:1])
    client.force_login(setup.secretary)

    response = client.get(reverse("admin:requests_app_meeting_changelist"), {"q": others[0].reference_number[:6]})

    assert [shown.pk for shown in response.context["cl"].result_list].count(meeting.pk) == 1


def _meetings_found(client, term) -> set[int]:
    response = client.get(reverse("admin:requests_app_meeting_changelist"), {"q": term})
    assert response.status_code == 200
    return {meeting.pk for meeting in response.context["cl"].result_list}


def test_the_meetings_are_found_by_a_beneficiarys_name_in_any_spelling_and_by_their_identity_number(
    client, setup, researched
):
    meeting = make_meeting(setup, requests=[researched])
    make_meeting(setup)
    person = researched.beneficiary
    client.force_login(setup.secretary)

    by_name = _meetings_found(client, person.family_name.replace("ي", "ى"))
    by_identity = _meetings_found(client, person.identity_number[:6])

    assert by_name == by_identity == {meeting.pk}


def test_a_meeting_is_found_by_its_number_and_a_long_number_finds_nothing_without_an_error(client, setup):
    first, second = make_meeting(setup), make_meeting(setup)
    client.force_login(setup.secretary)

    assert _meetings_found(client, str(second.number)) == {second.pk}
    assert _meetings_found(client, "9" * 30) == set()
    assert first.pk not in _meetings_found(client, str(second.number))


def test_a_member_searching_the_meetings_finds_only_their_committees(client, setup, staff, researched):
    others = clone_requests(researched, 1)
    mine = make_meeting(setup, requests=[researched])
    other_setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3)
    make_meeting(other_setup, requests=others)
    client.force_login(setup.chair)

    assert _meetings_found(client, researched.reference_number[:4]) == {mine.pk}


def test_the_agenda_items_of_two_committees_meeting_the_same_day_are_listed_meeting_by_meeting(
    client, setup, staff, researched
):
    first_requests = clone_requests(researched, 2)
    first = make_meeting(setup, requests=first_requests)
    other = make_meeting(
        make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3), requests=clone_requests(researched, 2)
    )
    assert (first.date, first.number) == (other.date, other.number)
    client.force_login(setup.secretary)

    listed = client.get(reverse("admin:requests_app_agendaitem_changelist")).context["cl"].result_list

    assert [item.meeting_id for item in listed] == [other.pk, other.pk, first.pk, first.pk]


def test_a_member_casts_their_own_vote_in_the_admin(client, setup, researched):
    meeting = make_meeting(setup, requests=[researched])
    item = meeting.items.get()
    client.force_login(setup.members[0])
    response = client.post(
        reverse("admin:requests_app_membervote_add"),
        {"item": item.pk, "vote": Vote.AGAINST, "dissent_note": "يحتاج زيارة ثانية"},
    )
    assert response.status_code == 302
    vote = MemberVote.objects.get()
    assert (vote.member, vote.vote, vote.dissent_note) == (setup.members[0], Vote.AGAINST, "يحتاج زيارة ثانية")


def test_a_member_cannot_change_another_members_vote(client, setup, researched):
    meeting = make_meeting(setup, requests=[researched])
    item = meeting.items.get()
    vote = vote_cast(actor=setup.chair, item=item, vote=Vote.FOR)
    client.force_login(setup.members[0])
    url = reverse("admin:requests_app_membervote_change", args=[vote.pk])
    response = client.post(url, {"vote": Vote.AGAINST, "dissent_note": ""})
    assert response.status_code in (302, 403)
    vote.refresh_from_db()
    assert vote.vote == Vote.FOR
    listed = client.get(reverse("admin:requests_app_membervote_changelist"))
    assert list(listed.context["cl"].result_list) == []


def test_the_secretary_records_a_decision_on_the_agenda_item(client, setup, researched):
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.secretary)
    response = client.post(
        reverse("admin:requests_app_agendaitem_change", args=[item.pk]),
        {
            "outcome": Outcome.APPROVED,
            "approved_amount": "2500",
            "aid_form": "شيك",
            "conditions": "",
            "reasons": "",
            **NO_VOTES,
        },
    )
    assert response.status_code == 302
    researched.refresh_from_db()
    assert researched.status == RequestStatus.DECIDED
    assert researched.approved_amount == Decimal("2500")


def test_an_amount_over_the_maximum_shows_an_error_and_decides_nothing(client, setup, researched):
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.secretary)
    response = client.post(
        reverse("admin:requests_app_agendaitem_change", args=[item.pk]),
        {
            "outcome": Outcome.APPROVED,
            "approved_amount": "9000",
            "aid_form": "",
            "conditions": "",
            "reasons": "",
            **NO_VOTES,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "5000" in response.content.decode()
    researched.refresh_from_db()
    item.refresh_from_db()
    assert researched.status == RequestStatus.UNDER_RESEARCH
    assert item.outcome == ""


def test_a_member_cannot_record_a_decision(client, setup, researched):
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.chair)
    url = reverse("admin:requests_app_agendaitem_change", args=[item.pk])
    client.post(url, {"outcome": Outcome.APPROVED, "approved_amount": "1000", "reasons": "", **NO_VOTES})
    item.refresh_from_db()
    assert item.outcome == ""


def test_the_meeting_page_shows_the_research_report_of_each_agenda_item(client, setup, researched):
    meeting = make_meeting(setup, requests=[researched])
    client.force_login(setup.chair)
    response = client.get(reverse("admin:requests_app_meeting_change", args=[meeting.pk]))
    assert "الأسرة بحاجة إلى المساعدة" in response.content.decode()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def meeting_with_items(setup, researched, count):
    if not researched.beneficiary.documents.exists():
        DocumentFactory.create_batch(2, beneficiary=researched.beneficiary)
    meeting = make_meeting(setup)
    requests = clone_requests(researched, count)
    meeting_add_requests(actor=setup.secretary, meeting=meeting, requests=requests)
    for item in meeting.items.all()[:3]:
        vote_cast(actor=setup.chair, item=item, vote=Vote.FOR)
    return meeting


def test_the_meeting_page_loads_with_the_same_queries_for_10_and_100_agenda_items(client, setup, researched):
    small = meeting_with_items(setup, researched, 10)
    client.force_login(setup.secretary)
    expected = queries_for(client, reverse("admin:requests_app_meeting_change", args=[small.pk]))
    large = meeting_with_items(setup, researched, 100)
    assert queries_for(client, reverse("admin:requests_app_meeting_change", args=[large.pk])) == expected


@pytest.mark.parametrize("count", [10, 100])
def test_the_agenda_list_loads_with_a_fixed_number_of_queries(
    client, setup, researched, count, django_assert_num_queries
):
    meeting_with_items(setup, researched, count)
    client.force_login(setup.chair)
    url = reverse("admin:requests_app_agendaitem_changelist") + "?all="
    client.get(url)  # loads the reference data kept between requests
    with django_assert_num_queries(AGENDA_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["cl"].result_list) == min(count, 100)


def test_the_agenda_list_filter_names_its_meetings_in_one_query_however_many_there_are(client, setup, researched):
    meeting_with_items(setup, researched, 2)
    client.force_login(setup.chair)
    url = reverse("admin:requests_app_agendaitem_changelist") + "?all="
    expected = queries_for(client, url)

    for _meeting in range(5):
        meeting_with_items(setup, researched, 2)

    assert queries_for(client, url) == expected


@pytest.mark.parametrize("count", [10, 100])
def test_the_meeting_list_loads_with_a_fixed_number_of_queries(
    client, setup, researched, count, django_assert_num_queries
):
    Meeting.objects.bulk_create(
        [Meeting(committee=setup.committee, number=number, date=timezone.localdate()) for number in range(1, count + 1)]
    )
    client.force_login(setup.chair)
    client.get(reverse("admin:requests_app_meeting_changelist"))  # loads the reference data kept between requests
    with django_assert_num_queries(MEETING_LIST_QUERIES):
        response = client.get(reverse("admin:requests_app_meeting_changelist"))
    assert response.context["cl"].result_count == count


def test_an_attending_member_approves_the_minutes_from_the_meeting_list(client, setup, researched):
    from requests_app.services.committee import committee_decision_record, meeting_close

    meeting = make_meeting(setup, requests=[researched])
    committee_decision_record(actor=setup.secretary, item=meeting.items.get(), outcome=Outcome.DEFERRED)
    meeting_close(actor=setup.secretary, meeting=meeting)
    client.force_login(setup.chair)
    response = client.post(
        reverse("admin:requests_app_meeting_changelist"),
        {"action": "approve_minutes", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert list(meeting.minutes_approvals.values_list("member", flat=True)) == [setup.chair.pk]


def test_approving_the_minutes_of_an_open_meeting_shows_an_error(client, setup, researched):
    meeting = make_meeting(setup, requests=[researched])
    client.force_login(setup.chair)
    response = client.post(
        reverse("admin:requests_app_meeting_changelist"),
        {"action": "approve_minutes", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert not meeting.minutes_approvals.exists()


def document_url(item, document) -> str:
    return reverse("admin:requests_app_agendaitem_document", args=[item.pk, document.pk])


def test_the_meeting_page_links_each_document_through_the_private_view(client, setup, researched):
    document = DocumentFactory(beneficiary=researched.beneficiary)
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.chair)
    page = client.get(reverse("admin:requests_app_meeting_change", args=[item.meeting_id])).content.decode()
    assert document_url(item, document) in page
    assert document.file.name not in page


def test_the_decision_page_shows_the_research_report_and_the_documents(client, setup, researched):
    document = DocumentFactory(beneficiary=researched.beneficiary)
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.secretary)
    page = client.get(reverse("admin:requests_app_agendaitem_change", args=[item.pk])).content.decode()
    assert "الأسرة بحاجة إلى المساعدة" in page
    assert document_url(item, document) in page


def test_a_member_opens_a_document_of_a_request_on_their_agenda(client, setup, researched):
    document = DocumentFactory(beneficiary=researched.beneficiary)
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.members[0])
    response = client.get(document_url(item, document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_a_member_of_another_committee_cannot_open_the_document(client, setup, staff, researched):
    document = DocumentFactory(beneficiary=researched.beneficiary)
    item = make_meeting(setup, requests=[researched]).items.get()
    outsider = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2).chair
    client.force_login(outsider)
    assert client.get(document_url(item, document)).status_code == 404


def test_another_beneficiarys_document_cannot_be_opened_through_an_agenda_item(client, setup, researched):
    stranger_document = DocumentFactory()
    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.chair)
    assert client.get(document_url(item, stranger_document)).status_code == 404


def test_the_decision_page_links_the_decision_letter_once_decided(client, setup, researched):
    from requests_app.services.committee import committee_decision_record

    item = make_meeting(setup, requests=[researched]).items.get()
    committee_decision_record(
        actor=setup.secretary, item=item, outcome=Outcome.APPROVED, approved_amount=Decimal("900")
    )
    client.force_login(setup.secretary)
    page = client.get(reverse("admin:requests_app_agendaitem_change", args=[item.pk])).content.decode()
    assert reverse("reports:decision_letter", args=[researched.pk]) in page


def test_the_agenda_list_filters_by_service_type_and_overdue(client, setup, researched):
    from requests_app.models import SupportRequest

    item = make_meeting(setup, requests=[researched]).items.get()
    client.force_login(setup.chair)
    url = reverse("admin:requests_app_agendaitem_changelist")
    by_service = client.get(url, {"request__service_type__id__exact": researched.service_type_id})
    assert [i.pk for i in by_service.context["cl"].result_list] == [item.pk]
    assert list(client.get(url, {"overdue": "yes"}).context["cl"].result_list) == []
    SupportRequest.objects.filter(pk=researched.pk).update(due_date=date(2000, 1, 2))
    assert [i.pk for i in client.get(url, {"overdue": "yes"}).context["cl"].result_list] == [item.pk]


@pytest.mark.parametrize("term", ["reference", "identity", "name"])
def test_the_agenda_list_finds_a_request_by_reference_identity_number_or_name(client, setup, researched, term):
    item = make_meeting(setup, requests=[researched]).items.get()
    beneficiary = researched.beneficiary
    query = {
        "reference": researched.reference_number,
        "identity": beneficiary.identity_number,
        "name": beneficiary.first_name,
    }[term]
    client.force_login(setup.chair)
    response = client.get(reverse("admin:requests_app_agendaitem_changelist"), {"q": query})
    assert [i.pk for i in response.context["cl"].result_list] == [item.pk]


def test_the_history_of_a_decision_is_visible_in_the_admin(client, setup, researched):
    from requests_app.services.committee import committee_decision_record

    item = make_meeting(setup, requests=[researched]).items.get()
    committee_decision_record(actor=setup.secretary, item=item, outcome=Outcome.DEFERRED)
    client.force_login(setup.chair)
    response = client.get(reverse("admin:requests_app_agendaitem_history", args=[item.pk]))
    assert response.status_code == 200
    assert person_name_in(response.content.decode(), setup.secretary)


def person_name_in(page: str, user) -> bool:
    return (user.get_full_name() or user.get_username()) in page or user.get_username() in page


def test_a_members_meeting_filter_lists_only_the_meetings_they_may_see(client, setup, staff, researched, request_in):
    # A filter with a single choice is not shown, so the member sits on two meetings.
    mine = {
        make_meeting(setup, requests=[researched]).pk,
        make_meeting(setup, requests=[request_in(RequestStatus.REFERRED)]).pk,
    }
    other_setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2)
    make_meeting(other_setup, requests=[request_in(RequestStatus.REFERRED)])
    client.force_login(setup.chair)
    response = client.get(reverse("admin:requests_app_agendaitem_changelist"))
    meeting_filter = next(s for s in response.context["cl"].filter_specs if getattr(s, "field_path", "") == "meeting")
    assert {pk for pk, _label in meeting_filter.lookup_choices} == mine


def meeting_filter_choices(response) -> set[int]:
    meeting_filter = next(s for s in response.context["cl"].filter_specs if getattr(s, "field_path", "") == "meeting")
    return {pk for pk, _label in meeting_filter.lookup_choices}


def closed_meetings_with_items(setup, researched, days_ago: list[int]) -> list[Meeting]:
    meetings = []
    for days in days_ago:
        meeting = meeting_with_items(setup, researched, 1)
        Meeting.objects.filter(pk=meeting.pk).update(
            status="closed", closed_at=timezone.now(), date=timezone.localdate() - timedelta(days=days)
        )
        meetings.append(meeting)
    return meetings


def test_the_agenda_list_filter_names_the_open_meetings_and_only_the_latest_closed_ones(
    client, setup, researched, monkeypatch
):
    monkeypatch.setattr("requests_app.committee_admin.CLOSED_MEETINGS_LISTED", 2)
    open_meeting = meeting_with_items(setup, researched, 1)
    _oldest, older, latest = closed_meetings_with_items(setup, researched, [30, 20, 10])
    client.force_login(setup.chair)

    response = client.get(reverse("admin:requests_app_agendaitem_changelist"))

    assert meeting_filter_choices(response) == {open_meeting.pk, older.pk, latest.pk}


def test_an_older_meeting_chosen_from_its_page_stays_named_in_the_agenda_list_filter(
    client, setup, researched, monkeypatch
):
    monkeypatch.setattr("requests_app.committee_admin.CLOSED_MEETINGS_LISTED", 1)
    oldest, latest = closed_meetings_with_items(setup, researched, [30, 10])
    client.force_login(setup.chair)

    url = reverse("admin:requests_app_agendaitem_changelist") + f"?meeting__id__exact={oldest.pk}"
    response = client.get(url)

    assert meeting_filter_choices(response) == {oldest.pk, latest.pk}
    assert [item.meeting_id for item in response.context["cl"].result_list] == [oldest.pk]


def agenda_shown(response) -> list[int]:
    return [item.pk for item in response.context["agenda"].items()]


def agenda_in_order(meeting) -> list[int]:
    return list(meeting.items.order_by("order", "pk").values_list("pk", flat=True))


def test_a_long_agenda_shows_its_first_page_with_links_to_the_next_and_to_the_whole_agenda(
    client, setup, researched, monkeypatch
):
    monkeypatch.setattr("requests_app.committee_admin.AGENDA_PAGE_SIZE", 3)
    meeting = meeting_with_items(setup, researched, 7)
    client.force_login(setup.secretary)

    response = client.get(reverse("admin:requests_app_meeting_change", args=[meeting.pk]))

    page = response.content.decode()
    assert agenda_shown(response) == agenda_in_order(meeting)[:3]
    assert "البنود 1–3 من 7." in page
    assert 'href="?agenda_page=2">البنود التالية</a>' in page
    assert "البنود السابقة" not in page
    assert reverse("admin:requests_app_agendaitem_changelist") + f"?meeting__id__exact={meeting.pk}" in page


def test_the_last_page_of_a_long_agenda_shows_the_remaining_items_and_a_link_back(
    client, setup, researched, monkeypatch
):
    monkeypatch.setattr("requests_app.committee_admin.AGENDA_PAGE_SIZE", 3)
    meeting = meeting_with_items(setup, researched, 7)
    client.force_login(setup.secretary)

    response = client.get(reverse("admin:requests_app_meeting_change", args=[meeting.pk]) + "?agenda_page=3")

    page = response.content.decode()
    assert agenda_shown(response) == agenda_in_order(meeting)[6:]
    assert "البنود 7–7 من 7." in page
    assert 'href="?agenda_page=2">البنود السابقة</a>' in page
    assert "البنود التالية" not in page


@pytest.mark.parametrize(("asked", "first_item"), [("abc", 0), ("", 0), ("99", 6)])
def test_a_wrong_agenda_page_number_shows_the_first_or_the_last_page(
    client, setup, researched, monkeypatch, asked, first_item
):
    monkeypatch.setattr("requests_app.committee_admin.AGENDA_PAGE_SIZE", 3)
    meeting = meeting_with_items(setup, researched, 7)
    client.force_login(setup.secretary)

    response = client.get(reverse("admin:requests_app_meeting_change", args=[meeting.pk]) + f"?agenda_page={asked}")

    assert response.status_code == 200
    assert agenda_shown(response)[0] == agenda_in_order(meeting)[first_item]


def test_the_agenda_page_links_keep_the_filters_the_meeting_was_opened_with(client, setup, researched, monkeypatch):
    monkeypatch.setattr("requests_app.committee_admin.AGENDA_PAGE_SIZE", 3)
    meeting = meeting_with_items(setup, researched, 7)
    client.force_login(setup.secretary)
    url = reverse("admin:requests_app_meeting_change", args=[meeting.pk])

    response = client.get(url + "?_changelist_filters=status%3Dopen&agenda_page=2")

    page = response.content.decode()
    assert 'href="?_changelist_filters=status%3Dopen&amp;agenda_page=3">البنود التالية</a>' in page


def test_a_short_agenda_is_listed_whole_without_page_links(client, setup, researched, monkeypatch):
    monkeypatch.setattr("requests_app.committee_admin.AGENDA_PAGE_SIZE", 3)
    meeting = meeting_with_items(setup, researched, 3)
    client.force_login(setup.secretary)

    response = client.get(reverse("admin:requests_app_meeting_change", args=[meeting.pk]))

    page = response.content.decode()
    assert agenda_shown(response) == agenda_in_order(meeting)
    assert "البنود التالية" not in page
    assert "agenda_page=" not in page


def test_saving_a_meeting_from_a_page_of_its_agenda_keeps_every_item(client, setup, researched, monkeypatch):
    monkeypatch.setattr("requests_app.committee_admin.AGENDA_PAGE_SIZE", 3)
    meeting = meeting_with_items(setup, researched, 5)
    client.force_login(setup.secretary)
    url = reverse("admin:requests_app_meeting_change", args=[meeting.pk]) + "?agenda_page=2"
    form = client.get(url).context["adminform"].form
    data = {
        "date": meeting.date.isoformat(),
        "place": "قاعة الاجتماعات",
        "attendees": [user.pk for user in form.initial.get("attendees", [])],
    }

    response = client.post(url, data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "قاعة الاجتماعات"
    assert meeting.items.count() == 5


def test_a_meeting_without_requests_says_its_agenda_is_empty(client, setup):
    meeting = make_meeting(setup)
    client.force_login(setup.secretary)

    response = client.get(reverse("admin:requests_app_meeting_change", args=[meeting.pk]))

    assert "لا توجد طلبات على جدول الأعمال بعد." in response.content.decode()


def test_the_meeting_page_shows_each_members_vote_on_an_agenda_item(client, setup, researched):
    item = make_meeting(setup, requests=[researched]).items.get()
    vote_cast(actor=setup.chair, item=item, vote=Vote.AGAINST, dissent_note="المبلغ أعلى من الحاجة")
    client.force_login(setup.secretary)

    page = client.get(reverse("admin:requests_app_meeting_change", args=[item.meeting_id])).content.decode()

    assert "المبلغ أعلى من الحاجة" in page
    assert person_name_in(page, setup.chair)
