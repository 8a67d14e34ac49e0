"""Small helpers the apps' views share: turning a service's refusal into what the user sees."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, so the page re-renders with it.

    Errors about fields the form does not show go to the top of the form instead of
    crashing, so a rule in a service is always visible to the person typing.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)
