"""Signals other areas listen to, so decisions need not know them."""

from django.dispatch import Signal

# Sent after a new decision text is stored: kwargs decision, revision, user.
decision_ingested = Signal()
