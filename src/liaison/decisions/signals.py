"""Signals other areas listen to, so decisions need not know them."""

from django.dispatch import Signal

# Sent after a new decision text is stored: kwargs decision, revision, user.
decision_ingested = Signal()

# Sent once when a batch of decision texts is published (however many files it held): kwargs batch, decisions
# (the ids of the decisions it gave a new text), user. Follow-up work (the overlap recomputation) runs once.
batch_published = Signal()
