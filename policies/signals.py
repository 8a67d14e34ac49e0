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

# Sent after commit when a policy version is put in force (R26, R27): staff it applies to must sign it.
# Keyword arguments: version (PolicyVersion), superseded (PolicyVersion | None), actor.
policy_version_published = Signal()

# Sent after commit when a manager reminds staff to sign a version in force.
# Keyword arguments: version (PolicyVersion), users (list of users reminded), actor.
signoff_reminder_sent = Signal()
