"""Signals this app sends for later apps (DESIGN.md: an arrow never points back)."""

from django.dispatch import Signal

# Sent once the transaction closing a complaint has committed.
# Arguments: sender=Complaint, complaint (the closed Complaint), actor (who closed it).
complaint_closed = Signal()
