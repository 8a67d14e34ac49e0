"""Signals later apps receive, so the registry never imports them (DESIGN.md)."""

from django.dispatch import Signal

# Sent inside the anonymisation's transaction with ``beneficiary`` and ``actor``: each later app
# scrubs its own free text, attachments and history rows about that person.
beneficiary_anonymised = Signal()

# Sent with ``beneficiary`` and ``cutoff`` (a datetime, or None for an erasure request): each
# receiver returns a list of reasons (translated strings) why the person's data must be kept now
# — an open request or complaint, or with a cutoff anything of theirs newer than it.
beneficiary_retention_holds = Signal()

# Sent inside the transaction when a person withdraws a consent, with ``beneficiary`` and
# ``purpose`` (ConsentPurpose): surveys unlink answers when survey_linked is withdrawn.
consent_withdrawn = Signal()
