"""The complaints queue's rows look exactly as its template drew them.

``{% complaint_queue_row %}`` builds a row in Python; these tests hold it to the template markup the
queue used before (kept below), compared with runs of white space taken as one space.
"""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from factories import BeneficiaryFactory, UserFactory
from factories.complaints import AnonymousComplaintFactory, ComplaintFactory, category, in_status
from markup import page_text

from complaints.models import Complaint, ComplaintStatus, Priority
from complaints.selectors import QUEUE_ROW_FIELDS, with_clocks
from policies.roles import Role

pytestmark = pytest.mark.django_db

TEMPLATE_ROW = Template(
    """{% load i18n silah_dates silah_lists complaints_tags %}
<tr>{% row_url 'complaints:detail' complaint.pk as detail_url %}
  <td class="ltr-number"><a href="{{ detail_url }}">{{ complaint.number }}</a></td>
  <td><a href="{{ detail_url }}">{{ complaint.subject }}</a>
    <div class="small text-body-secondary">{{ complaint|choice_label:"kind" }}{% if complaint.priority == "high" or complaint.priority == "urgent" %} · <span class="text-danger">{{ complaint|choice_label:"priority" }}</span>{% endif %}</div></td>
  <td>{{ complaint.category }}{% if complaint.category.is_sensitive %} <span class="badge text-bg-dark">{% translate "sensitive" %}</span>{% endif %}</td>
  <td>{% if complaint.is_anonymous %}<span class="text-body-secondary">{% translate "Anonymous" %}</span>{% elif complaint.beneficiary_id %}{{ complaint.beneficiary.full_name }}{% else %}{{ complaint.complainant_name }}{% endif %}</td>
  <td>{{ complaint|choice_label:"channel" }}</td>
  <td>{{ complaint|choice_label:"status" }}</td>
  <td>{% complaint_clock_badge clock %}</td>
  <td>{% if complaint.assigned_to %}{{ complaint.assigned_to.get_full_name|default:complaint.assigned_to.username }}{% else %}—{% endif %}</td>
</tr>"""  # noqa: E501
)
TAG_ROW = Template("{% load complaints_tags %}{% complaint_queue_row complaint clock %}")


def assert_rows_look_as_the_template_drew_them(complaints, language: str):
    # As the queue reads them: only the row's columns, the related records joined.
    loaded = (
        Complaint.objects.filter(pk__in=[c.pk for c in complaints])
        .select_related("category", "assigned_to", "beneficiary")
        .only(*QUEUE_ROW_FIELDS)
        .order_by("pk")
    )
    with translation.override(language):
        rows = with_clocks(loaded)
        assert len(rows) == len(complaints)
        for complaint, clock in rows:
            context = Context({"complaint": complaint, "clock": clock})
            assert page_text(TAG_ROW.render(context)) == page_text(TEMPLATE_ROW.render(context)), complaint.subject


@pytest.mark.parametrize("language", ["ar", "en"])
def test_named_anonymous_and_registered_complainants_show_as_before(language):
    complaints = [
        ComplaintFactory(),
        AnonymousComplaintFactory(),
        ComplaintFactory(beneficiary=BeneficiaryFactory(), complainant_name=""),
    ]
    assert_rows_look_as_the_template_drew_them(complaints, language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_raised_priorities_and_sensitive_categories_are_marked_as_before(language):
    complaints = [
        ComplaintFactory(priority=Priority.HIGH),
        ComplaintFactory(priority=Priority.URGENT, category=category("fraud")),
        ComplaintFactory(priority=Priority.LOW),
    ]
    assert_rows_look_as_the_template_drew_them(complaints, language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_light_of_the_clock_and_the_officer_show_as_before(language):
    today = timezone.localdate()
    officer = UserFactory(role=Role.COMPLAINTS_OFFICER, first_name="سارة", last_name="الغامدي")
    nameless = UserFactory(role=Role.COMPLAINTS_OFFICER, first_name="", last_name="")
    complaints = [
        ComplaintFactory(acknowledge_due=today - timedelta(days=10)),  # red
        ComplaintFactory(acknowledge_due=today),  # amber
        in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer),  # green, with an officer
        in_status(ComplaintStatus.AWAITING_COMPLAINANT, assigned_to=nameless),  # paused, an officer without a name
        in_status(ComplaintStatus.AWAITING_COMPLAINANT, paused_working_days_left=-3),  # paused and overdue
        in_status(ComplaintStatus.CLOSED),  # done
    ]
    assert_rows_look_as_the_template_drew_them(complaints, language)


def test_markup_typed_into_a_complaint_is_shown_as_text_not_markup():
    complaint = ComplaintFactory(subject='<script>alert("x")</script> & "quotes"', complainant_name="<b>هيا</b>")
    assert_rows_look_as_the_template_drew_them([complaint], "ar")
    html = TAG_ROW.render(Context({"complaint": complaint, "clock": with_clocks([complaint])[0][1]}))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;هيا&lt;/b&gt;" in html


def test_an_officer_without_a_name_is_shown_on_the_queue_by_username_not_as_nobody(client):
    nameless = UserFactory(role=Role.COMPLAINTS_OFFICER, first_name="", last_name="", username="officer.noname")
    in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=nameless)
    client.force_login(UserFactory(role=Role.COMPLAINTS_OFFICER))

    cells = page_text(client.get(reverse("complaints:queue")).content.decode()).split("<tbody>")[1]

    assert "<td>officer.noname</td>" in cells
