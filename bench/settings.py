"""Kokebok's own settings with the benchmark's URLs on top: the floor view is never in the product.

BENCH_UNCACHED=1 turns the page cache off, to see what rendering costs.
"""

import os

from kokebok.settings import *  # noqa: F403 (the product's settings, unchanged but for these)

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_UNCACHED"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
