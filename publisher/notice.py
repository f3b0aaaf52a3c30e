"""What the privacy notice says, per purpose: the legal basis the publisher chose, what is
collected, and how long it is kept. The wording is here and in templates/privacy.html; the
facts (names, bases, periods, processors) are the publisher's configuration."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from publisher.models import LegalBasis, PrivacyNotice, Publisher


@dataclass
class Purpose:
    key: str
    title: str
    basis: str
    collected: str
    kept: str


def purposes(publisher: Publisher) -> list[Purpose]:
    basis = dict(LegalBasis.choices)
    until_withdrawn = _(
        "Until the person withdraws their consent or the example is no longer published."
    )
    return [
        Purpose(
            "submission",
            _("Handling the submission"),
            basis[publisher.basis_submission],
            _(
                "The submitter's name and e-mail address; the names, roles, e-mail addresses "
                "and phone numbers of the contact people; the text, photos and files sent in."
            ),
            _(
                "An example that is never published (turned down, withdrawn or left as a "
                "pitch) is erased %(days)s days after it was last changed. A published example "
                "is kept while it is published."
            )
            % {"days": publisher.retention_unpublished_days},
        ),
        Purpose(
            "contact",
            _("Contacting the sender"),
            basis[publisher.basis_contact],
            _("Name, e-mail address and phone number."),
            _("As long as the example is kept, and never after the person said no."),
        ),
        Purpose(
            "web",
            _("Publishing contacts on the web"),
            basis[publisher.basis_web],
            _("Name, role, e-mail address and phone number of each person who said yes."),
            until_withdrawn,
        ),
        Purpose(
            "book",
            _("Printing contacts in the book"),
            basis[publisher.basis_book],
            _("Name, role, e-mail address and phone number of each person who said yes."),
            _(
                "Printed and published editions cannot be recalled; a person who withdraws is "
                "left out of every later edition."
            ),
        ),
    ]


def notice_context(publisher: Publisher) -> dict:
    return {
        "publisher": publisher,
        "purposes": purposes(publisher),
        "notice": PrivacyNotice.objects.order_by("-created_at", "-pk").first(),
        "uses_consent": LegalBasis.CONSENT
        in {
            publisher.basis_submission,
            publisher.basis_contact,
            publisher.basis_web,
            publisher.basis_book,
        },
    }
