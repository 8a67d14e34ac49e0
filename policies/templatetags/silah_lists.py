"""Helpers of the staff list pages, which show the same few labels on every row."""

from functools import lru_cache

from django import template
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

register = template.Library()


@register.filter
def choice_label(obj, field_name: str):
    """``obj.get_<field_name>_display()``, the same text for a fraction of the cost.

    Django's version makes every (value, label) pair hashable on every call, which translates each
    lazy label of the field's choices to hash it; this looks the value up among the values only and
    translates just the label shown.
    """
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


@lru_cache(maxsize=256)
def _labels(field) -> dict:
    # The labels stay lazy, so one dict per field serves every language.
    return dict(field.flatchoices)
