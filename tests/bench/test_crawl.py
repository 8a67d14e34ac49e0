"""The crawler walks every page a role can reach on generated data, and each of them answers."""

import pytest

from bench.crawl import crawl
from bench.run import _users

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def walks(generated, django_db_blocker):
    """Each role's walk from the home page, once per module, on a small generated year."""
    with django_db_blocker.unblock():
        users = _users()
        return {role: crawl(role, users[role], repeat=1) for role in ("manager", "committee_member")}


@pytest.mark.parametrize("role", ["manager", "committee_member"])
def test_every_page_a_role_reaches_from_the_home_page_answers_without_a_server_error(walks, role):
    rows = walks[role]

    failures = [(url, error) for *_figures, url, error in rows if error]
    server_errors = [
        (url, status) for _ms, _sql, _queries, status, _role, url, error in rows if not error and status >= 500
    ]
    assert failures == []
    assert server_errors == []
    assert len(rows) > 20


def test_the_managers_walk_reaches_the_survey_list_and_the_letters_and_calls(walks):
    reached = {url for *_figures, url, _error in walks["manager"]}

    assert {"/surveys/results/", "/notifications/tasks/"} <= reached
