"""Secret links: 256-bit random tokens of which only a SHA-256 hash is ever stored.

A plain hash is enough (no slow KDF) because the tokens are random, not chosen by people.
"""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """Return (raw token for the e-mail, hash for the database)."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
