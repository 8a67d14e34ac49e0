"""The list pages' filter fields, in the markup ``{{ field|as_crispy_field }}`` gives, built in Python.

Crispy renders a field through a dozen templates and Django renders every ``<option>`` of a select
through one more; on a staff list page that cost more than the page's queries. ``{% filter_field %}``
writes the same elements, attributes, classes and texts (tests/policies/test_filter_fields.py compares
both); the only difference is the length of the runs of white space between tags. A field it does not
know (files, radios, a form with a crispy helper, a widget with its own template) goes to crispy.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

# The widgets' own templates in Django, whose output _widget_html() reproduces.
_INPUT_TEMPLATES = {f"django/forms/widgets/{name}.html" for name in ("text", "search", "checkbox")}
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _shown(value) -> str:
    """``{{ value }}`` in a template: localized, as text, escaped unless already safe."""
    return conditional_escape(localize(value))


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` in a template: the value as text, escaped unless already safe."""
    return conditional_escape(value) if isinstance(value, SafeData) else conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: `` name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_html(widget, context: dict) -> str:
    """Django's input, checkbox or select template for ``context`` (Widget.get_context()["widget"])."""
    if widget.template_name in _INPUT_TEMPLATES:
        value = "" if context["value"] is None else f' value="{_text(context["value"])}"'
        html = (
            f'<input type="{_text(context["type"])}" name="{_text(context["name"])}"{value}{_attrs(context["attrs"])}>'
        )
        return mark_safe(html)  # noqa: S308 - every value above went through escaping
    parts = [f'<select name="{_text(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, group_choices, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            # select_option.html ends with a newline, which the include keeps.
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through escaping


def _fast_path(field) -> bool:
    """Whether ``field`` is a text, search, checkbox or plain select field of a helper-less form."""
    widget = field.field.widget
    if getattr(field.form, "helper", None) is not None or widget.is_hidden or field.use_fieldset:
        return False
    if isinstance(widget, forms.Select):
        return (
            not field.field.localize
            and widget.template_name == _SELECT_TEMPLATE
            and widget.option_template_name == _OPTION_TEMPLATE
        )
    return _is_plain_input(field)


def _is_plain_input(field) -> bool:
    """Whether ``field`` is a text, search or checkbox input whose markup _widget_html() writes."""
    widget = field.field.widget
    return (
        not field.field.localize
        and isinstance(widget, forms.widgets.Input)
        and widget.template_name in _INPUT_TEMPLATES
    )


def _crispy_class(widget, extra: str) -> str:
    """The class crispy's ``{% crispy_field %}`` gives the widget: its own, the widget's name, ``extra``."""
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    for name in extra.split():
        if name not in css_class.split():
            css_class += f" {name}"
    return css_class


def _field_widget(field, extra_class: str) -> str:
    return _drawn_widget(field, {"class": _crispy_class(field.field.widget, extra_class)})


def _drawn_widget(field, attrs: dict) -> str:
    """``field.as_widget(attrs=attrs)`` for a widget _widget_html() knows: the same attributes, no template."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return _widget_html(widget, widget.get_context(field.html_name, field.value(), attrs)["widget"])


def _errors_and_help(field) -> str:
    """crispy's bootstrap5/layout/help_text_and_errors.html for a block (not inline) field."""
    html = SafeString()
    if field.errors:
        html += format_html(
            '\n<div id="{}_error" class="invalid-feedback">\n{}\n</div>\n',
            field.errors.field_id,
            format_html_join(
                "\n",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
    if field.help_text:
        html += format_html(
            '\n<div {}class="form-text">{}</div>\n',
            format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),  # noqa: S308 - crispy shows help texts with |safe: they are the code's own
        )
    return html


@register.simple_tag
def filter_field(field):
    """``{{ field|as_crispy_field }}`` for the fields of a list page's filter form, at a fraction of the cost."""
    if not _fast_path(field):
        return as_crispy_field(field)
    required = " requiredField" if field.field.required else ""
    label = format_html(
        "{}{}", field.label, mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""
    )
    css_classes = field.css_classes()
    wrapper_class = f" {css_classes}" if css_classes else ""
    if isinstance(field.field.widget, forms.CheckboxInput):
        widget = _field_widget(field, "form-check-input is-invalid" if field.errors else "form-check-input")
        return format_html(
            '\n<div class="mb-3">\n<div id="div_{}" class="form-check{}">\n{}\n'
            '<label for="{}" class="form-check-label{}">\n{}\n</label>\n{}\n</div>\n</div>\n',
            field.auto_id,
            wrapper_class,
            widget,
            field.id_for_label,
            required,
            label,
            _errors_and_help(field),
        )
    if isinstance(field.field.widget, forms.Select):
        widget = _field_widget(field, "form-select is-invalid" if field.errors else "form-select")
    else:
        widget = _field_widget(field, "form-control is-invalid" if field.errors else "form-control")
    label_html = ""
    if field.label:
        label_html = format_html(
            '\n<label{} class="form-label{}">\n{}\n</label>\n',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            required,
            label,
        )
    return format_html(
        '\n<div id="div_{}" class="mb-3{}">{}\n{}\n{}\n</div>\n',
        field.auto_id,
        wrapper_class,
        label_html,
        widget,
        _errors_and_help(field),
    )


@register.simple_tag
def plain_widget(field):
    """``{{ field }}`` for a text, search or checkbox input, drawn in Python.

    Django draws an input through three templates (the widget's, input.html, attrs.html). On the
    public tracking page, whose look-up is one indexed query, that was 0.3 ms of the page's 4.8 (in
    one process). Any other widget is drawn by Django.
    """
    return _drawn_widget(field, {}) if _is_plain_input(field) else field.as_widget()
