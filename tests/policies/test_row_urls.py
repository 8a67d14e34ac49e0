"""The list pages link each row with ``{% row_url %}``: the same address as ``{% url %}``."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from policies.templatetags.silah_lists import row_url

ROW_VIEWS = ["beneficiaries:detail", "complaints:detail", "requests_app:detail"]


@pytest.mark.parametrize("view_name", ROW_VIEWS)
@pytest.mark.parametrize("pk", [1, 7, 42, 918273, 2_000_000_001])
def test_a_row_link_is_the_address_django_reverses(view_name, pk):
    assert row_url(view_name, pk) == reverse(view_name, args=[pk])


def test_a_row_link_follows_the_script_prefix_of_a_portal_served_under_a_path():
    set_script_prefix("/silah/")
    try:
        assert row_url("complaints:detail", 5) == reverse("complaints:detail", args=[5])
        assert row_url("complaints:detail", 5).startswith("/silah/")
    finally:
        set_script_prefix("/")


def test_a_row_link_in_a_template_reads_as_the_url_tag():
    template = Template(
        "{% load silah_lists %}{% row_url 'beneficiaries:detail' pk %}|{% url 'beneficiaries:detail' pk %}"
    )

    ours, djangos = template.render(Context({"pk": 31})).split("|")

    assert ours == djangos


def test_a_view_that_takes_no_argument_is_refused():
    with pytest.raises(NoReverseMatch):
        row_url("beneficiaries:list", 3)
