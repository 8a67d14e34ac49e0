"""The roles of DESIGN.md, held as Django groups, and the checks every view uses."""

from collections.abc import Iterable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("Beneficiary relations officer")
    SOCIAL_RESEARCHER = "social_researcher", _("Social researcher")
    COMMITTEE_MEMBER = "committee_member", _("Research committee member")
    COMMITTEE_SECRETARY = "committee_secretary", _("Research committee secretary")
    COMPLAINTS_OFFICER = "complaints_officer", _("Follow-up committee")
    CONTACT_OFFICER = "contact_officer", _("Contact officer")
    MANAGER = "manager", _("Senior management")
    ADMIN = "admin", _("System administrator")


def remember_roles(user, group_names: Iterable[str]) -> frozenset[str]:
    """Keeps on ``user``, for the request, the roles among ``group_names`` (all of them for a superuser)."""
    roles = (
        frozenset(Role.values) if user.is_superuser else frozenset(name for name in group_names if name in Role.values)
    )
    user._silah_roles = roles
    return roles


def user_roles(user) -> frozenset[str]:
    """The role codes a user holds; cached on the user object for the request.

    A signed-in user's roles come with the user (``policies.backends``); others are read here.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_silah_roles", None)
    if cached is None:
        cached = remember_roles(user, () if user.is_superuser else user.groups.values_list("name", flat=True))
    return cached


def user_has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


class RoleRequiredMixin:
    """Anonymous visitors go to the login page; a signed-in user without the role gets 403."""

    allowed_roles: Iterable[str] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str):
    """Function-view form of RoleRequiredMixin."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def grant_model_permissions(apps, schema_editor, app_label: str, grants: dict[str, dict[str, Iterable[str]]]):
    """Data-migration helper: give each role group the listed actions on this app's models.

    ``grants`` maps a role code to ``{model_name: ("view", "add", "change", "delete")}``.
    Permissions are normally created after migrate; they are created here first so the
    migration can attach them on a fresh database.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models_actions in grants.items():
        group, _created = Group.objects.get_or_create(name=role)
        for model_name, actions in models_actions.items():
            codenames = [f"{action}_{model_name}" for action in actions]
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
