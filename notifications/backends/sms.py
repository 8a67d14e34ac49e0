"""SMS backends: console and file for a developer's machine, memory for tests, and one real
HTTP gateway adapter (a JSON POST API) configured from the environment."""

import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.backends import PermanentDeliveryError, TemporaryDeliveryError


class BaseSmsBackend:
    #: True when the gateway de-duplicates on the idempotency key, so a message whose
    #: outcome is unknown (a worker died while sending) may safely be sent again.
    supports_idempotency = False

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        """Send one SMS and return the gateway's reference for it (may be empty)."""
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Prints each SMS, like Django's console email backend: the embedded default."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        self.stream.write(f"SMS to {to} [{idempotency_key}]\n{text}\n{'-' * 40}\n")
        self.stream.flush()
        return ""


class FileSmsBackend(BaseSmsBackend):
    """Appends each SMS as one JSON line to ``SMS_FILE_PATH`` (var/sms-outbox.jsonl by default)."""

    _lock = threading.Lock()

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"to": to, "text": text, "idempotency_key": idempotency_key, "at": timezone.now().isoformat()},
            ensure_ascii=False,
        )
        with self._lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return ""


# What LocmemSmsBackend "sent": tests read and clear it, like django.core.mail.outbox.
outbox: list[dict[str, str]] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps SMS in ``notifications.backends.sms.outbox``; de-duplicates like a good gateway."""

    supports_idempotency = True

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        for sent in outbox:
            if sent["idempotency_key"] == idempotency_key:
                return sent["reference"]
        reference = f"locmem-{len(outbox) + 1}"
        outbox.append({"to": to, "text": text, "idempotency_key": idempotency_key, "reference": reference})
        return reference


class JsonHttpSmsBackend(BaseSmsBackend):
    """A generic JSON-over-HTTPS SMS gateway.

    ``POST SMS_GATEWAY_URL`` with ``{"to", "text", "sender", "reference"}``, the API key as
    ``Authorization: Bearer …`` and the message's key as ``Idempotency-Key``. A 2xx answer is
    sent (its ``id`` or ``message_id`` is kept as the reference); 408, 425, 429, 5xx, timeouts
    and refused connections are temporary; any other 4xx is a permanent rejection.
    """

    TEMPORARY_STATUSES = frozenset({408, 425, 429})

    def __init__(self):
        self.url = settings.SMS_GATEWAY_URL
        self.api_key = settings.SMS_GATEWAY_API_KEY
        self.sender = settings.SMS_SENDER_NAME
        self.timeout = settings.SMS_GATEWAY_TIMEOUT
        self.supports_idempotency = settings.SMS_GATEWAY_IDEMPOTENT
        if urllib.parse.urlsplit(self.url).scheme not in ("http", "https"):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http(s) URL when SMS_BACKEND is 'http'.")

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        payload = {"to": to, "text": text, "sender": self.sender, "reference": idempotency_key}
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Idempotency-Key": idempotency_key,
            "User-Agent": "Silah-notifications/1",
        }
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read(65536)
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace")
            message = _("The SMS gateway answered HTTP %(code)s: %(detail)s") % {"code": error.code, "detail": detail}
            if error.code >= 500 or error.code in self.TEMPORARY_STATUSES:
                raise TemporaryDeliveryError(message) from error
            raise PermanentDeliveryError(message) from error
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise TemporaryDeliveryError(
                _("The SMS gateway could not be reached: %(reason)s") % {"reason": reason}
            ) from error
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        return str(answer.get("id") or answer.get("message_id") or "")[:200]
