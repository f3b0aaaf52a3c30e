"""Transitional: the admin still announces its changes through this signal until its saves go
through the services. It forwards to `common.announcements.announce_public_change`, the one way
to announce a change readers can see."""

from django.dispatch import Signal

from common.announcements import announce_public_change

public_content_changed = Signal()


def _forward(sender, submission=None, **_kwargs):
    announce_public_change(submission)


public_content_changed.connect(_forward, weak=False, dispatch_uid="submissions.signals.forward")
