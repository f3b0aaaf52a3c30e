"""The receipts for input and suggested tools go to an address nobody has verified, so they
must never carry what was typed: otherwise the forms would send anyone's text, from the
ministry's address, to anyone (a spam relay)."""

import pytest
from django.core import mail

from tests.participation.test_input import input_data

pytestmark = pytest.mark.django_db

SPAM = {
    "name": "Vinn en iPhone på https://spam.example/vinn",
    "organisation": "Billige piller AS www.spam.example",
    "text": "Kjøp billig nå: https://spam.example/kjop\nRing +47 99 99 99 99",
}
TOOL_SPAM = {
    "title": "Gratis lån på https://spam.example/lan",
    "link": "https://spam.example/verktoy",
    "description": "Klikk her: https://spam.example/klikk",
    "audience": "both",
    "suggested_by_name": "Tjen penger raskt www.spam.example",
    "suggested_by_email": "offer@example.no",
    "homepage": "",
}


def receipt_to(address: str):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def assert_repeats_nothing_typed(message, typed: dict):
    for value in typed.values():
        for line in str(value).splitlines():
            assert line not in message.body, line
            assert line not in message.subject, line
    assert "spam.example" not in message.body
    assert "://" not in message.body


def test_the_input_receipt_repeats_nothing_the_writer_typed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/innspill/", input_data(**SPAM, email="victim@example.no"))
    assert response.status_code == 302
    receipt = receipt_to("victim@example.no")
    assert_repeats_nothing_typed(receipt, SPAM)
    assert receipt.subject == "Thank you for your input to Veier til nye samarbeid"
    assert receipt.body.startswith(
        "Hello,\n\nThank you for your input on Veier til nye samarbeid. "
        "The editors read all input.\n\nYou allowed us to publish"
    )
    assert "anyone can enter any address there" in receipt.body


def test_the_receipt_for_input_on_a_case_names_the_case_and_says_it_stays_private(
    client, published, django_capture_on_commit_callbacks
):
    data = input_data(**SPAM, email="victim@example.no", publish_consent=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/eksempler/{published.slug}/innspill/", data)
    receipt = receipt_to("victim@example.no")
    assert_repeats_nothing_typed(receipt, SPAM)
    assert f"Thank you for your input on the example “{published.title}”" in receipt.body
    assert "You did not allow us to publish your input, so only the editors read it." in (
        receipt.body
    )


def test_the_tool_receipt_repeats_nothing_the_suggester_typed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/verktoy/foresla/", TOOL_SPAM)
    assert response.status_code == 302
    receipt = receipt_to("offer@example.no")
    typed = {key: TOOL_SPAM[key] for key in ("title", "link", "description", "suggested_by_name")}
    assert_repeats_nothing_typed(receipt, typed)
    assert receipt.subject == "Thank you for suggesting a tool"
    assert receipt.body.startswith(
        "Hello,\n\nThank you for suggesting a tool for the toolbox of Veier til nye samarbeid."
    )
