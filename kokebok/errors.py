"""The 404 page: nothing on it is built from the address that was asked for."""

from django.shortcuts import render

from common.languages import language_links


def page_not_found(request, exception=None):
    # The switcher leads to the front page: the address asked for may be anything at all.
    context = {"language_links": language_links(request, same=False), "page_path": None}
    return render(request, "404.html", context, status=404)
