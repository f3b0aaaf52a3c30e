"""The privacy notice gives every item of GDPR article 13, in Bokmål, Nynorsk and English, from
the publisher's configuration."""

import re
from html import unescape

import pytest

from publisher.models import LegalBasis, Publisher

pytestmark = pytest.mark.django_db

LANGUAGES = {"nb": "/personvern/", "nn": "/nn/personvern/", "en": "/en/personvern/"}


def facts(p: Publisher) -> dict[str, list[str]]:
    """Article 13's items (the page's section ids) and what each must say, from `p`."""
    return {
        "controller": [p.contact_email, p.postal_address.splitlines()[0]],  # 13(1)(a)
        "dpo": [p.dpo_contact],  # 13(1)(b)
        "purposes": ["6(1)(e)", "6(1)(a)"],  # 13(1)(c): purposes and legal basis
        "recipients": p.processor_lines(),  # 13(1)(e)
        "transfers": [],  # 13(1)(f)
        "retention": [  # 13(2)(a)
            str(p.retention_unpublished_days),
            str(p.retention_input_days),
            str(p.retention_email_tasks_days),
            str(p.retention_log_days),
        ],
        "rights": [p.contact_email],  # 13(2)(b)
        "withdrawal": [],  # 13(2)(c)
        "complaint": ["Datatilsynet", "www.datatilsynet.no"],  # 13(2)(d)
        "requirement": [],  # 13(2)(e)
        "automated": [],  # 13(2)(f)
    }


def sections(html: str) -> dict[str, tuple[str, str]]:
    """{id: (heading, text)} of the page's sections."""
    found = {}
    for section_id, body in re.findall(r'<section id="([\w-]+)">(.*?)</section>', html, re.S):
        heading = re.search(r"<h2>(.*?)</h2>", body, re.S).group(1)
        found[section_id] = (unescape(heading), unescape(re.sub(r"<[^>]+>", " ", body)))
    return found


@pytest.fixture
def configured():
    p = Publisher.objects.get()
    p.basis_submission = LegalBasis.PUBLIC_TASK
    p.basis_web = LegalBasis.CONSENT
    p.retention_unpublished_days, p.retention_input_days = 401, 123
    p.retention_email_tasks_days, p.retention_log_days = 17, 61
    p.save()
    return p


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_article_13_item_is_given_in_each_language(client, configured, language):
    english = sections(client.get(LANGUAGES["en"]).content.decode())
    page = sections(client.get(LANGUAGES[language]).content.decode())
    for item, must_say in facts(configured).items():
        assert item in page, item
        heading, text = page[item]
        for fact in must_say:
            assert fact in text, (item, fact)
        if language != "en":
            assert heading != english[item][0], f"{item} is not translated into {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rights_are_all_named(client, language):
    text = sections(client.get(LANGUAGES[language]).content.decode())["rights"][1].lower()
    words = {
        "nb": ["innsyn", "rettet", "slettet", "begrenset", "protestere", "maskinlesbar"],
        "nn": ["innsyn", "retta", "sletta", "avgrensa", "protestere", "maskinlesbar"],
        "en": ["access", "corrected", "erased", "restricted", "object", "machine-readable"],
    }[language]
    for word in words:
        assert word in text, word


def test_the_page_shows_the_date_of_the_newest_version(client):
    from publisher.models import PrivacyNotice

    notice = PrivacyNotice.objects.latest()
    page = client.get("/en/personvern/").content.decode()
    assert f"{notice.created_at:%Y}" in page
    assert "Version of" in page


def test_the_chosen_legal_basis_is_shown_per_purpose(client, configured):
    configured.basis_book = LegalBasis.PUBLIC_TASK
    configured.save()
    page = client.get("/en/personvern/").content.decode()
    book = re.search(r'id="purpose-book">.*?</dl>', page, re.S).group(0)
    assert "6(1)(e)" in book
    web = re.search(r'id="purpose-web">.*?</dl>', page, re.S).group(0)
    assert "6(1)(a)" in web
