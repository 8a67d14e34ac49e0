"""Delivery backends. A backend sends; it never writes to the database.

A backend raises :class:`TemporaryDeliveryError` when trying again later may work (the
gateway is down, timed out or throttled us) and :class:`PermanentDeliveryError` when it
will not (the gateway rejected the number or the request). Anything else it raises is
treated as temporary.
"""

from django.conf import settings
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    permanent = False


class TemporaryDeliveryError(DeliveryError):
    pass


class PermanentDeliveryError(DeliveryError):
    permanent = True


SMS_BACKEND_ALIASES = {
    "console": "notifications.backends.sms.ConsoleSmsBackend",
    "file": "notifications.backends.sms.FileSmsBackend",
    "locmem": "notifications.backends.sms.LocmemSmsBackend",
    "http": "notifications.backends.sms.JsonHttpSmsBackend",
}


def get_sms_backend():
    """A new instance of the configured SMS backend (``SMS_BACKEND``: an alias or a dotted path)."""
    path = SMS_BACKEND_ALIASES.get(settings.SMS_BACKEND, settings.SMS_BACKEND)
    return import_string(path)()
