"""The product's URLs plus /floor/: a bare view returning a static page, the framework's floor."""

import os

from django.http import HttpResponse
from django.urls import path

from kokebok.urls import urlpatterns as product_urlpatterns

# As many bytes as the page it is compared with, so the network and parsing cost is the same.
FLOOR_PAGE = b"<!DOCTYPE html><title>floor</title>".ljust(
    int(os.environ.get("BENCH_FLOOR_BYTES", "20000")), b" "
)


def floor(request):
    return HttpResponse(FLOOR_PAGE)


urlpatterns = [path("floor/", floor), *product_urlpatterns]
