"""Every link in a form's error summary leads to something the person can see and use."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_call

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def call():
    now = timezone.now()
    return make_call(
        pitch_deadline=now + dt.timedelta(days=10), writeup_deadline=now + dt.timedelta(days=16)
    )


def test_each_error_summary_link_focuses_a_visible_field(page, call):
    page.goto("/en/send-inn/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("#error-summary")
    links = page.locator("#error-summary a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    # The municipalities are among the errors, and the combobox hides their checkboxes.
    assert "#id_municipalities_search" in hrefs
    for index, href in enumerate(hrefs):
        target = page.locator(href)
        assert target.is_visible(), f"{href} is hidden"
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == href.lstrip("#"), href
