"""The reference data every staff page reads, kept in each process's memory between requests.

The association's profile, the policy parameters, the announced holidays, the closures, the
policy versions in force that staff must sign and the list filters' categories and services
change a few times a year, yet every page read them with a query each. Each process now keeps
one snapshot of them, under the token of the ``ReferenceRevision`` row it read first, and a
request pays one primary-key query for the token.

Why a change shows at once, in every process, and a rolled-back one never does:

- Triggers on the reference tables (migration 0011) write a new random token in the same
  statement as any insert, update, delete or truncate, whoever makes it: a service, the admin, a
  bulk load, a data migration, a shell.
- The token is read before the data. A change committed between the two leaves the snapshot
  under the old token, which the next request no longer matches.
- A token is random, never a counter. One written by a transaction that rolls back is never
  written again, so whatever was loaded under it inside that transaction is never taken as current.
- Within a request the token is read once, and read again after any statement that is not a
  SELECT, so a request that changes reference data reads its own change.
- Without the row nothing is kept: every read goes to the tables. A flush empties the table;
  ``ensure_revision_row`` (after every migrate and flush) puts the row back with a new token.

The profile and the parameters are kept as rows and each caller gets an instance of its own, as
callers change and save them; the lists (holidays, closures, versions, categories, services) are
tuples that callers only read.
"""

import copy
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.db import connection, connections

from policies.models import REFERENCE_REVISION_PK
from policies.reference_triggers import SUPPORTED_VENDORS

_UNREAD = object()

_REVISION_SQL = "SELECT token FROM policies_referencerevision WHERE id = %s"


class _RequestScope:
    """The token as this request last read it; forgotten after any statement that may write."""

    __slots__ = ("token",)

    def __init__(self):
        self.token = _UNREAD

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() != "SELECT":
            self.token = _UNREAD
        return execute(sql, params, many, context)


_scope: ContextVar[_RequestScope | None] = ContextVar("silah_reference_scope", default=None)

# (token, {name: value}): one snapshot per process, replaced whole when the token moves on.
_snapshot: tuple[str, dict[str, Any]] | None = None


def reference_scope_middleware(get_response):
    """Reads the token at most once per request (until the request writes)."""

    def middleware(request):
        scope = _RequestScope()
        reset = _scope.set(scope)
        try:
            with connection.execute_wrapper(scope):
                return get_response(request)
        finally:
            _scope.reset(reset)

    return middleware


def _read_token() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(_REVISION_SQL, [REFERENCE_REVISION_PK])
        row = cursor.fetchone()
    return row[0] if row else None


def current_token() -> str | None:
    """The reference data's token now, or None when there is no revision row."""
    scope = _scope.get()
    if scope is None:
        return _read_token()
    if scope.token is _UNREAD:
        scope.token = _read_token()
    return scope.token


def kept(name: str, load: Callable[[], Any]) -> Any:
    """``load()``'s value as kept under the current token; loaded (and kept) if not yet.

    ``load`` must return data no caller will change (tuples, frozen dataclasses, plain values).
    """
    global _snapshot
    token = current_token()
    if token is None:
        return load()
    snapshot = _snapshot
    if snapshot is None or snapshot[0] != token:
        snapshot = (token, {})
        _snapshot = snapshot
    values = snapshot[1]
    if name not in values:
        values[name] = load()
    return values[name]


def instance_from_row(model, row: tuple[tuple[str, ...], tuple] | None):
    """A new instance of ``model`` from a kept ``(field names, values)`` row, or None.

    The values are copied deeply so that a caller who changes a JSON list changes only their own.
    """
    if row is None:
        return None
    names, values = row
    return model.from_db(connection.alias, names, copy.deepcopy(values))


def row_of(queryset) -> tuple[tuple[str, ...], tuple] | None:
    """The first row of ``queryset`` as ``(field names, values)``, with every concrete field."""
    names = tuple(field.attname for field in queryset.model._meta.concrete_fields)
    values = queryset.values_list(*names).first()
    return (names, tuple(values)) if values is not None else None


def forget() -> None:
    """Drops this process's snapshot (tests use it to start from the tables)."""
    global _snapshot
    _snapshot = None


def ensure_revision_row(*, using: str = "default", **kwargs) -> None:
    """Creates the revision row, with a token never used before, if it is missing (post_migrate)."""
    from policies.models import ReferenceRevision

    database = connections[using]
    # Not after migrating back to before the table existed.
    if (
        database.vendor in SUPPORTED_VENDORS
        and ReferenceRevision._meta.db_table in database.introspection.table_names()
    ):
        ReferenceRevision.objects.using(using).get_or_create(
            pk=REFERENCE_REVISION_PK, defaults={"token": uuid.uuid4().hex}
        )
