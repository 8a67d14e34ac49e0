"""Signals this app sends for later apps (DESIGN.md: an arrow never points back)."""

from django.dispatch import Signal

# Sent once the transaction recording a delivery has committed.
# Arguments: sender=SupportRequest, request (the delivered SupportRequest), actor (who recorded it).
support_request_delivered = Signal()
