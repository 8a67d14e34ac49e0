"""Walk the URL configuration: every named URL with how to fill its arguments and how to read an answer."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ALLOWED = "allowed"  # 200, or a redirect somewhere other than a login page
LOGIN = "login"  # a redirect to the portal's or the admin's login page
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"


def url_names() -> dict[str, object]:
    """Every named URL (namespaced) -> its pattern, walking includes recursively, the admin's too."""
    found = {}

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner)
            # The admin's catch-all (final_catch_all_view) has no name and is not a page.
            elif isinstance(pattern, URLPattern) and pattern.name:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver(), "")
    return found


ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history", "simple_history")


def admin_model(name: str):
    """("beneficiaries", "beneficiary", "change") for "admin:beneficiaries_beneficiary_change", else None."""
    body = name.removeprefix("admin:")
    for action in sorted(ADMIN_ACTIONS, key=len, reverse=True):
        if body.endswith("_" + action):
            model_part = body[: -len(action) - 1]
            for config in apps.get_app_configs():
                prefix = config.label + "_"
                if model_part.startswith(prefix):
                    try:
                        model = config.get_model(model_part[len(prefix) :])
                    except LookupError:
                        continue
                    return model, action
    return None


def classify(response) -> str:
    if hasattr(response, "streaming_content"):
        # Reading to the end closes the file; the test client's wrapper closes the response then
        # (a second close() here would close the database connection of the test's transaction).
        b"".join(response.streaming_content)
    code = response.status_code
    if code in (301, 302):
        location = response.url
        if location.startswith((reverse("login"), reverse("admin:login"))):
            return LOGIN
        return ALLOWED
    if code == 200:
        return ALLOWED
    return str(code)
