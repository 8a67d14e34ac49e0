"""Model choice fields that list their options with one ordinary query.

Django's ``ModelChoiceIterator`` reads the options with ``QuerySet.iterator()``, which on
PostgreSQL opens a server-side cursor: DECLARE, FETCH and CLOSE, three round trips for the
handful of categories, services or staff a select lists, on every form drawn (about 0.5 ms of the
beneficiary list and the request queues on the bench). The options here are read once per form
and kept, so a select drawn twice, or counted and then drawn, costs one query.

A field whose options are reference data kept between requests (``policies.reference``) takes
``options``, a function returning them; the select is then drawn without a query. Submitted
values are still checked against ``queryset``, which must list the same rows.
"""

from collections.abc import Callable, Sequence

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoiceIterator(ModelChoiceIterator):
    def _objects(self):
        options = getattr(self.field, "options", None)
        return options() if options is not None else self.queryset

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._objects():
            yield self.choice(obj)

    def __len__(self):
        return len(self._objects()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._objects())


class _ListedOptions:
    iterator = ListedChoiceIterator

    def __init__(self, *args, options: Callable[[], Sequence] | None = None, **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)


class ModelChoiceField(_ListedOptions, forms.ModelChoiceField):
    pass


class ModelMultipleChoiceField(_ListedOptions, forms.ModelMultipleChoiceField):
    pass
