"""Django's model backend, loading a signed-in user's roles with the user.

Every staff page checks the roles, so Django's two queries per request (the user, then their
groups) become one: the user joined to their groups, a row per group.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from policies.roles import remember_roles


class RoleLoadingBackend(ModelBackend):
    def get_user(self, user_id):
        rows = list(get_user_model()._default_manager.filter(pk=user_id).annotate(silah_group=F("groups__name")))
        if not rows:
            return None
        user = rows[0]
        remember_roles(user, (row.silah_group for row in rows if row.silah_group))
        return user if self.user_can_authenticate(user) else None
