"""The pitch page's forms, posted together in one <form>: the pitch, the enterprises, both
contact persons and, for a new pitch, the submitter's consent and agreement."""

from django.utils.translation import gettext_lazy as _

from common.forms import FormGroup
from submissions.forms import (
    ConsentForm,
    ContactForm,
    EnterpriseFormSet,
    PitchForm,
    PublicationAgreementForm,
)
from submissions.models import Person
from submissions.services import CONTACT_SIDES


class PitchFormGroup(FormGroup):
    """The pitch page's forms, with the one rule that spans two of them."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self._contacts_have_addresses_of_their_own() and valid

    def _contacts_have_addresses_of_their_own(self) -> bool:
        # Each contact person answers through a link sent to their own address; one address
        # for both would let one answer for the other (and make both "the submitter").
        first, second = (self.forms[f"{side}_contact"] for side in CONTACT_SIDES)
        first_email = first.cleaned_data.get("email", "")
        second_email = second.cleaned_data.get("email", "")
        if first_email and first_email.lower() == second_email.lower():
            second.add_error(
                "email",
                _(
                    "The two contact persons cannot have the same e-mail address: each of them "
                    "confirms through a link sent to their own."
                ),
            )
            return False
        return True


def pitch_form_group(data=None, *, submission=None, with_consent: bool) -> FormGroup:
    """The pitch page's forms. A new pitch also asks for the submitter's consent and agreement."""
    people = {p.side: p for p in submission.people.all()} if submission else {}
    contact_forms = {
        f"{side}_contact": ContactForm(
            data,
            prefix=f"{side}_contact",
            legend=label,
            initial=_contact_initial(people.get(side)),
        )
        for side, label in (
            (Person.Side.MUNICIPALITY, _("Contact person in the municipality")),
            (Person.Side.ENTERPRISE, _("Contact person in the social enterprise")),
        )
    }
    group = {
        "pitch": PitchForm(data, instance=submission),
        "enterprises": EnterpriseFormSet(data, instance=submission, prefix="enterprises"),
        **contact_forms,
    }
    if with_consent:
        group["consent"] = ConsentForm(data, prefix="consent")
        group["agreement"] = PublicationAgreementForm(data, prefix="agreement")
    return PitchFormGroup(**group)


def _contact_initial(person) -> dict:
    if person is None:
        return {}
    return {"name": person.name, "role": person.role, "email": person.email, "phone": person.phone}


def contacts_from(group: FormGroup) -> dict[str, dict]:
    return {side: group.forms[f"{side}_contact"].cleaned_data for side in CONTACT_SIDES}
