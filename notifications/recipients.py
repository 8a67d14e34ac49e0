"""How the outbox learns a recipient's name, addresses, agreed channel and language.

The notifications app imports no domain model, so it asks the recipient object itself:

1. an object with ``notification_contact()`` returns a :class:`Contact` (the preferred way);
2. a staff user is reached in the portal (and by email when a caller asks for it);
3. any other object is read by duck typing: ``full_name`` or ``get_full_name()``, ``mobile``,
   ``email``, ``address``/``district``/``city``, ``contact_channel`` and ``preferred_language``.

A caller may also pass a ``Contact`` explicitly (a public complaint from someone not registered).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models

from notifications.models import Channel


@dataclass(frozen=True)
class Contact:
    name: str = ""
    mobile: str = ""
    email: str = ""
    postal_address: str = ""
    channel: str = ""
    language: str = ""

    def address_for(self, channel: str) -> str:
        """The address a channel uses: the mobile for SMS and calls, the email, the postal address."""
        return {
            Channel.SMS: self.mobile,
            Channel.PHONE: self.mobile,
            Channel.EMAIL: self.email,
            Channel.LETTER: self.postal_address,
        }.get(channel, "")


def _text(value) -> str:
    if callable(value):
        value = value()
    return "" if value is None else str(value).strip()


def is_staff_user(recipient: models.Model) -> bool:
    return isinstance(recipient, get_user_model())


def contact_for(recipient: models.Model) -> Contact:
    describe = getattr(recipient, "notification_contact", None)
    if callable(describe):
        return describe()
    if is_staff_user(recipient):
        return Contact(
            name=_text(recipient.get_full_name) or recipient.get_username(),
            email=_text(getattr(recipient, "email", "")),
            channel=Channel.IN_APP,
        )
    name = ""
    for attribute in ("full_name", "get_full_name", "name"):
        if hasattr(recipient, attribute):
            name = _text(getattr(recipient, attribute))
            if name:
                break
    postal = "، ".join(
        part for part in (_text(getattr(recipient, field, "")) for field in ("address", "district", "city")) if part
    )
    return Contact(
        name=name or str(recipient),
        mobile=_text(getattr(recipient, "mobile", "")),
        email=_text(getattr(recipient, "email", "")),
        postal_address=postal,
        channel=_text(getattr(recipient, "contact_channel", "")),
        language=_text(getattr(recipient, "preferred_language", "")),
    )
