"""The staff list pages' pages: a page size the user may choose, and a count that stops early.

Counting a whole year of an association's records (300,000 requests, 100,000 beneficiaries) costs
PostgreSQL more than drawing the page, and nobody reads "298,417 requests" to decide what to open.
The count stops a little after ``COUNT_LIMIT`` rows (or after the page asked for, if that is
deeper): below it the page shows the exact number as before; above it "more than 10,000" and
"page 3" without a last page. Every filtered queue a desk works through is well under the limit.
"""

from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

COUNT_LIMIT = 10_000
PAGE_SIZE = 25
PAGE_SIZES = (10, 100)  # the smallest and largest page a user may ask for with ?per_page=
# A page number beyond this is read as this one (the last page, for any association): the count's
# LIMIT must stay a number the database can hold.
DEEPEST_PAGE = 1_000_000


class CappedPaginator(Paginator):
    """A paginator whose count reads at most ``count_limit + 1`` rows of the queryset."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count_limit: int):
        super().__init__(object_list, per_page)
        self.count_limit = count_limit

    @cached_property
    def count(self) -> int:
        # Without the ordering PostgreSQL stops at the limit instead of sorting every row first.
        return self.object_list.order_by()[: self.count_limit + 1].count()

    @property
    def is_capped(self) -> bool:
        """Whether there are more rows than were counted (the count shown is a lower bound)."""
        return self.count > self.count_limit


def page_size(request, default: int = PAGE_SIZE) -> int:
    try:
        size = int(request.GET.get("per_page", default))
    except ValueError:
        return default
    return min(max(size, PAGE_SIZES[0]), PAGE_SIZES[1])


def _page_number(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), DEEPEST_PAGE)
    except ValueError:
        return 1


def list_page(request, queryset: QuerySet, *, per_page: int | None = None, count_limit: int | None = None) -> Page:
    """The page of ``queryset`` that ``?page=`` and ``?per_page=`` ask for; a wrong number gives
    the first page, a number past the end the last one."""
    per_page = per_page or page_size(request)
    count_limit = COUNT_LIMIT if count_limit is None else count_limit
    # A page deeper than the limit is still reachable: the count then runs to just past it.
    limit = max(count_limit, _page_number(request) * per_page)
    return CappedPaginator(queryset, per_page, count_limit=limit).get_page(_page_number(request))


def query_without_page(request) -> str:
    """The address's query without its page number: the pages' links add their own."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
