"""A photo kept between two POSTs of the photo page, so a validation error elsewhere on the page
does not make the sender choose the file again.

The upload is re-encoded (`uploads.clean_photo`) and stored at once under `pending/`, and its
random name is remembered in the browser's session for this case. The page carries that name in
a hidden field; a name counts only when this session stored it for this case, so a guessed or
copied reference opens nothing.
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

SESSION_KEY = "kokebok_pending_photos"  # {submission public id: stored name}
PENDING_DIR = "pending"
# A kept photo nobody came back for is removed after this long (when the next one is kept).
KEEP_FOR = timedelta(days=1)


def keep(request, submission, photo: ContentFile) -> str:
    """Store a cleaned photo for this session and case; return its reference."""
    discard(request, submission)
    remove_stale()
    name = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}.jpg", photo)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[str(submission.public_id)] = name
    request.session[SESSION_KEY] = pending
    return reference(name)


def reference(name: str) -> str:
    return PurePosixPath(name).name


def stored_name(request, submission, ref: str) -> str | None:
    """The stored file `ref` names, if this session kept it for this case."""
    name = request.session.get(SESSION_KEY, {}).get(str(submission.public_id))
    if not ref or not name or reference(name) != ref or not default_storage.exists(name):
        return None
    return name


def take(request, submission, ref: str) -> ContentFile | None:
    """The kept photo as a new file to save on the case, and forget it."""
    name = stored_name(request, submission, ref)
    if name is None:
        return None
    with default_storage.open(name, "rb") as kept:
        photo = ContentFile(kept.read(), name=f"{uuid.uuid4().hex}.jpg")
    discard(request, submission)
    return photo


def discard(request, submission):
    pending = dict(request.session.get(SESSION_KEY, {}))
    name = pending.pop(str(submission.public_id), None)
    if name:
        default_storage.delete(name)
        request.session[SESSION_KEY] = pending


def remove_stale(now=None):
    """Remove kept photos older than KEEP_FOR: their pages were left with an error."""
    if not default_storage.exists(PENDING_DIR):
        return
    cutoff = (now or timezone.now()) - KEEP_FOR
    for filename in default_storage.listdir(PENDING_DIR)[1]:
        name = f"{PENDING_DIR}/{filename}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
