"""The pitch pages' forms. A new pitch is the short pitch (`ShortPitchForm`, stage 1: at most
ten controls); editing a pitch still uses the full forms posted together in one <form> (the
pitch, the enterprises, both contact persons) until stage 2's task pages replace them."""

import uuid

from crispy_forms.layout import Fieldset
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.abuse import HoneypotMixin
from common.form_messages import FieldMessagesMixin
from common.forms import BoundedMultipleChoiceField, CleanTextMixin, FormGroup, form_helper
from submissions.forms import (
    MUNICIPALITIES_MAX,
    MUNICIPALITIES_TOO_MANY,
    MunicipalityCheckboxes,
    compact_org_number,
    grouped_municipality_choices,
)
from submissions.models import PITCH_SUMMARY_MAX_CHARS, Municipality, Person, Submission
from submissions.services import CONTACT_SIDES

# The sender's side as the pitch asks it, and the Person side they get: "other" is a sender
# who is neither side's contact person (their own row, Person.Side.SUBMITTER).
SENDER_SIDES = {
    "municipality": Person.Side.MUNICIPALITY,
    "enterprise": Person.Side.ENTERPRISE,
    "other": Person.Side.SUBMITTER,
}


class ShortPitchForm(FieldMessagesMixin, CleanTextMixin, HoneypotMixin, forms.ModelForm):
    """Stage 1: what the collaboration is, where, with whom, and who sends it. Nine controls.

    Everything else (the form of collaboration, a second enterprise, the contact persons and
    what they agree to publish, the website) is asked at stage 2, behind the e-mailed link.
    """

    summary = forms.CharField(
        label=_("What is the collaboration?"),
        max_length=PITCH_SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A few sentences, about 30 to 150 words: what you do together and what it has "
            "led to. At most 1,500 characters. You write the full text later."
        ),
    )
    municipalities = BoundedMultipleChoiceField(
        label=_("Municipality or municipalities"),
        queryset=Municipality.objects.all(),
        max_choices=MUNICIPALITIES_MAX,
        widget=MunicipalityCheckboxes,
        help_text=_("You can choose several."),
    )
    enterprise_name = forms.CharField(
        label=_("Name of the social enterprise"),
        max_length=200,
        help_text=_("You can add a second enterprise later."),
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Nine digits, if the enterprise has one."),
    )
    submitter_side = forms.ChoiceField(
        label=_("Which side are you on?"),
        choices=[
            ("municipality", _("The municipality")),
            ("enterprise", _("The social enterprise")),
            ("other", _("Neither (for example a network or a county)")),
        ],
        widget=forms.RadioSelect,
    )
    accept = forms.BooleanField(label=_("I have read how personal data is handled"))
    # Issued with the page; the same page posted twice makes one pitch (services.create_pitch).
    form_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    field_messages = {
        "title": {
            "required": _("Write a title for the example."),
            "max_length": _("Shorten the title to at most %(limit)s characters."),
        },
        "summary": {
            "required": _("Write a few sentences about what the collaboration is."),
            "max_length": _(
                "Shorten the description to at most %(limit)s characters (it has %(count)s)."
            ),
        },
        "municipalities": {
            "required": _("Choose at least one municipality."),
            "invalid_choice": _("Choose the municipality from the list."),
            "invalid_pk_value": _("Choose the municipality from the list."),
            "too_many": MUNICIPALITIES_TOO_MANY,
        },
        "enterprise_name": {
            "required": _("Write the name of the social enterprise."),
            "max_length": _("Shorten the name of the enterprise to at most %(limit)s characters."),
        },
        "submitter_name": {
            "required": _("Write your name."),
            "max_length": _("Shorten your name to at most %(limit)s characters."),
        },
        "submitter_email": {
            "required": _("Write your e-mail address."),
            "invalid": _("Write your e-mail address in the form name@example.no."),
            "max_length": _("Shorten the e-mail address to at most %(limit)s characters."),
        },
        "submitter_side": {
            "required": _("Choose which side you are on."),
            "invalid_choice": _("Choose which side you are on."),
        },
        "accept": {
            "required": _("Tick the box to say that you have read how we handle personal data.")
        },
    }

    class Meta:
        model = Submission
        fields = ["title", "summary", "municipalities", "submitter_name", "submitter_email"]
        labels = {
            "title": _("Title of the example"),
            "submitter_name": _("Your name"),
            "submitter_email": _("Your e-mail address"),
        }
        help_texts = {
            "title": _("A short title that says what the collaboration is."),
            "submitter_email": _("We send the link to your submission here."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = grouped_municipality_choices()
        self.fields["submitter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["submitter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["enterprise_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["form_key"].initial = str(uuid.uuid4())
        self.fields["accept"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy"), gettext("How we handle personal data")
        )
        self.helper = form_helper(
            Fieldset(
                _("The example"),
                "title",
                "summary",
                "municipalities",
                "enterprise_name",
                "org_number",
            ),
            Fieldset(_("About you"), "submitter_name", "submitter_email", "submitter_side"),
            "accept",
            "form_key",
            honeypot=True,
        )

    def clean_org_number(self):
        return compact_org_number(self.cleaned_data["org_number"])

    def clean_form_key(self) -> uuid.UUID | None:
        return form_key_of(self.cleaned_data["form_key"])

    def submission_fields(self) -> dict:
        names = ("title", "summary", "submitter_name", "submitter_email")
        return {name: self.cleaned_data[name] for name in names}

    def enterprises(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data["enterprise_name"], "org_number": data["org_number"], "website": ""}]

    def contacts(self) -> dict[str, dict]:
        """The sender is their side's contact person; a sender on neither side is no contact."""
        side = SENDER_SIDES[self.cleaned_data["submitter_side"]]
        if side not in CONTACT_SIDES:
            return {}
        data = self.cleaned_data
        return {side: {"name": data["submitter_name"], "email": data["submitter_email"]}}


def form_key_of(value: str) -> uuid.UUID | None:
    """The page's one-time key. A key that is not one of ours (a hand-made POST) is none: that
    pitch only loses the protection against being sent twice."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def short_pitch_group(data=None) -> FormGroup:
    return FormGroup(pitch=ShortPitchForm(data))


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


def contact_messages(side: str) -> dict:
    """What to do about each field of one side's contact person, naming that person."""
    if side == Person.Side.MUNICIPALITY:
        return {
            "name": {"required": _("Write the name of the contact person in the municipality.")},
            "role": {
                "required": _("Write the role or title of the contact person in the municipality.")
            },
            "email": {
                "required": _(
                    "Write the e-mail address of the contact person in the municipality."
                ),
                "invalid": _(
                    "Write the e-mail address of the contact person in the municipality in the "
                    "form name@example.no."
                ),
            },
        }
    return {
        "name": {"required": _("Write the name of the contact person in the social enterprise.")},
        "role": {
            "required": _("Write the role or title of the contact person in the social enterprise.")
        },
        "email": {
            "required": _(
                "Write the e-mail address of the contact person in the social enterprise."
            ),
            "invalid": _(
                "Write the e-mail address of the contact person in the social enterprise in the "
                "form name@example.no."
            ),
        },
    }


def contact_initial(person) -> dict:
    """What a contact form shows of a saved person."""
    if person is None:
        return {}
    return {"name": person.name, "role": person.role, "email": person.email, "phone": person.phone}
