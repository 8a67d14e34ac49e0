"""Small helpers the apps' views share: a service's refusal as the user sees it, private files."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


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


def private_file_response(
    *, file: FieldFile, content_type: str, name: str, as_attachment: bool = False, public: bool = False
) -> FileResponse:
    """Serve an uploaded file after the caller's view has checked the role and the object.

    ``name`` without an extension gets the one of its checked content type. Private files are
    never cached by a browser or proxy; none is ever sniffed into another type.
    """
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    if "." not in name and content_type in _EXTENSIONS:
        name = f"{name}.{_EXTENSIONS[content_type]}"
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=name)
    if not public:
        response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
