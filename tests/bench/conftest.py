import pytest
from django.db import transaction

from bench.generate import generate

SCALE = 0.001


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The bench's data set at a thousandth of its size, generated once for the module inside a
    transaction that is rolled back afterwards, so the roles and categories the migrations created
    stay for the other tests. Yields the row counts the generator reports."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(scale=SCALE, log=lambda _line: None)
        transaction.set_rollback(True)
