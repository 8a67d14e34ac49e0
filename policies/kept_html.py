"""Small pieces of markup drawn once per process for each value and language, such as a clock's badge.

A list page shows the same few badges on many rows (a queue's 25 rows share a handful of clocks),
and drawing one costs translations, plural forms and a Hijri date. A function whose markup depends
only on its (hashable) arguments and the active language can be kept with ``@kept_per_language``.
Kept markup is forgotten when a setting changes (tests that switch languages or formats).
"""

import functools
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language

KEPT_PER_FUNCTION = 1024

_kept: list = []


def kept_per_language(function: Callable) -> Callable:
    """``function(*args)``, drawn once per arguments and active language in each process."""

    @functools.lru_cache(maxsize=KEPT_PER_FUNCTION)
    def drawn(language: str | None, *args):
        # The language is only the key: the function reads the active one, which it is.
        return function(*args)

    _kept.append(drawn)

    @functools.wraps(function)
    def kept(*args):
        return drawn(get_language(), *args)

    return kept


@receiver(setting_changed)
def _forget_kept_markup(**kwargs) -> None:
    for drawn in _kept:
        drawn.cache_clear()
