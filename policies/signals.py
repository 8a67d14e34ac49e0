"""Signals other apps receive; policies imports none of them (DESIGN.md: arrows never point back)."""

from django.dispatch import Signal

# Sent after commit whenever the days-off calendar or a deadline length changes: a closure or
# announced holiday dates added, changed or removed, or the weekend / deadline parameters edited.
# The apps that keep due dates (requests, later complaints) recompute their open items and record
# ``reason`` beside the new date.
#
# Keyword arguments:
#   reason (str): what changed, who changed it, for the timeline, in the language of the change.
#   start, end (date | None): the days whose status changed; None is open-ended (a new weekend
#       affects every day).
#   actor: the user who made the change.
#   changed_parameters (frozenset[str]): the PolicyParameters fields that changed, empty for
#       closures and announced holidays, so a receiver can ignore the deadlines it does not keep.
calendar_changed = Signal()
