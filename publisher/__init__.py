"""The publisher's identity and the privacy notice: `publisher.current()` is the one read."""


def current():
    """The publisher (the one `Publisher` row), read once per request. See accessor.py."""
    from publisher.accessor import current as _current

    return _current()
