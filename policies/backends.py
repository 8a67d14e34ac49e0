"""Django's model backend, loading a signed-in user's roles with the user.

Every staff page checks the roles, so Django's two queries per request (the user, then their
groups) become one: the user joined to their groups, a row per group. The statement is written
once (``Manager.raw`` still gives model instances with every field converted as the ORM does):
building and compiling the joined query on every request took the bench machine longer than
running it.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from policies.roles import remember_roles


@cache
def _user_with_groups_sql(alias: str) -> str:
    user_model = get_user_model()
    membership = user_model.groups.through._meta
    group = user_model.groups.field.related_model._meta
    quote = connections[alias].ops.quote_name
    user_table, membership_table, group_table = (
        quote(user_model._meta.db_table),
        quote(membership.db_table),
        quote(group.db_table),
    )
    user_column = quote(user_model.groups.field.m2m_column_name())
    group_column = quote(user_model.groups.field.m2m_reverse_name())
    pk = quote(user_model._meta.pk.column)
    columns = ", ".join(f"{user_table}.{quote(field.column)}" for field in user_model._meta.concrete_fields)
    # Only names the database backend quoted go into the text; the user's id is a parameter.
    return (
        f"SELECT {columns}, {group_table}.{quote('name')} AS silah_group FROM {user_table} "  # noqa: S608
        f"LEFT OUTER JOIN {membership_table} ON {membership_table}.{user_column} = {user_table}.{pk} "
        f"LEFT OUTER JOIN {group_table} ON {group_table}.{quote(group.pk.column)} = {membership_table}.{group_column} "
        f"WHERE {user_table}.{pk} = %s"
    )


class RoleLoadingBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        alias = router.db_for_read(user_model)
        rows = list(user_model._default_manager.db_manager(alias).raw(_user_with_groups_sql(alias), [user_id]))
        if not rows:
            return None
        user = rows[0]
        remember_roles(user, (row.silah_group for row in rows if row.silah_group))
        return user if self.user_can_authenticate(user) else None
