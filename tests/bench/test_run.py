"""The benchmark command's pages all answer on generated data, each list page beside its admin yardstick."""

import pytest

from bench.run import _users, measure, pages, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(generated, settings):
    settings.ROOT_URLCONF = "bench.urls"
    users = _users()
    return [measure(page, users, repeat=1, warmup=0) for page in pages(users)]


def test_every_benchmarked_page_answers_and_every_list_page_has_its_admin_time(results):
    assert {result.page.label for result in results} >= {
        "Empty staff page (the layout alone)",
        "Beneficiary search by Arabic name fragment",
        "Request queue: reception / due_soon",
        "Complaints list",
        "Monthly performance PDF",
    }
    assert [(r.page.label, r.note) for r in results if r.note] == []
    assert all(r.status == 200 and r.times for r in results)
    assert all(r.admin_times for r in results if r.page.kind == "list")


def test_the_table_gives_each_page_its_ratios_and_verdict(results):
    output = table(results)
    assert output.count("\n") == len(results) + 1
    assert "page/SQL" in output and "admin/page" in output
    assert all(("met" in line or "missed" in line) for line in output.splitlines()[2:])
