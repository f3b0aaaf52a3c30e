"""Signals other apps listen to. Submissions sends them and never imports the listeners."""

from django.dispatch import Signal

# Sent, with the case as `submission`, inside the writing transaction whenever something
# readers can see may have changed: a case published or unpublished, a published case's
# address, text, themes or parties, or a consent that decides whose contact details are shown.
# Publishing listens: it refreshes the case's search document and makes its cached pages stale.
public_content_changed = Signal()
