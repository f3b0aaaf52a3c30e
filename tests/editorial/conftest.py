import pytest


@pytest.fixture
def fast_hashing(settings):
    """Many sign-ins per test: a fast hasher (the rules tested do not depend on it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
