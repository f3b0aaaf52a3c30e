"""The public forms. Each form owns its crispy FormHelper; several forms share one <form> tag."""

from crispy_forms.layout import Fieldset
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

import publisher
from common.abuse import HoneypotMixin
from common.form_messages import FieldMessagesMixin
from common.forms import CleanTextMixin, WebURLField, form_helper
from common.text import norwegian_sort_key
from submissions.models import (
    ConsentPurpose,
    Municipality,
    Person,
    SocialEnterprise,
    Submission,
)


class VersionMixin(forms.Form):
    """Carries the version of the submission the form was loaded from, to detect conflicts."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version

    def show_current_version(self, version: int):
        """After a conflict, let the next save knowingly replace what the other person saved."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)


class MunicipalityCheckboxes(forms.SelectMultiple):
    """Municipalities as checkboxes in one collapsible group per county.

    Built on SelectMultiple rather than CheckboxSelectMultiple because crispy-forms renders the
    latter with its own flat template, which would drop the county groups.
    """

    template_name = "submissions/widgets/municipalities.html"
    option_inherits_attrs = True
    add_id_index = True
    checked_attribute = {"checked": True}
    use_fieldset = True

    def id_for_label(self, id_, index="0_0"):
        # Options are numbered per group, so the first checkbox is <id>_0_0.
        return super().id_for_label(id_, index)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {"name": group, "options": options, "open": any(o["selected"] for o in options)}
            for group, options, _index in context["widget"]["optgroups"]
        ]
        return context


def grouped_municipality_choices():
    """(county, [(pk, municipality)]) pairs, both in Norwegian alphabetical order."""
    groups: dict[str, list] = {}
    for municipality in Municipality.objects.select_related("county"):
        groups.setdefault(municipality.county.name, []).append(municipality)
    return [
        (
            county,
            [(m.pk, m.name) for m in sorted(members, key=lambda m: norwegian_sort_key(m.name))],
        )
        for county, members in sorted(groups.items(), key=lambda g: norwegian_sort_key(g[0]))
    ]


class ConsentForm(FieldMessagesMixin, forms.Form):
    """One person's consent, one checkbox per purpose, none ticked in advance."""

    web = forms.BooleanField(
        required=False,
        label=_("Publish my name, role, e-mail and phone with the example on the web."),
    )
    book = forms.BooleanField(
        required=False,
        label=_("Print my name, role, e-mail and phone with the example in the book."),
    )
    contact = forms.BooleanField(required=False)

    def __init__(self, *args, legend=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The publisher is configured (publisher.current()), so the label is made per form.
        self.fields["contact"].label = _(
            "The editors at %(publisher)s may contact me about the example."
        ) % {"publisher": publisher.current().display_name}
        self.helper = form_helper(Fieldset(legend or _("Your consent"), *ConsentPurpose.values))

    def answers(self) -> dict[str, bool]:
        return {purpose: self.cleaned_data[purpose] for purpose in ConsentPurpose.values}

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, bool]:
        return person.current_consents()


class PublicationAgreementForm(FieldMessagesMixin, forms.Form):
    accept = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree before you send the text.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"].label = _(
            "I agree that %(publisher)s may edit the example and publish it on the web and in "
            "the book, and I have read how personal data is handled."
        ) % {"publisher": publisher.current().display_name}
        self.helper = form_helper()


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,20}$",
    _("Write the phone number with digits, for example +47 22 24 90 90."),
)


class ContactForm(FieldMessagesMixin, CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role or title"), max_length=200)
    # 254, as the model's column: Django's form field alone would take 320.
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_(
            "If this is you, give the same name and address as above. Anyone else gets an "
            "e-mail asking them to confirm for themselves."
        ),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[phone_validator]
    )

    def __init__(self, *args, legend="", messages=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Two contact forms on one page: each message says which contact person it is about.
        self.error_context = legend
        self.field_messages = messages or {}
        self.helper = form_helper(Fieldset(legend, "name", "role", "email", "phone"))


class EnterpriseForm(FieldMessagesMixin, CleanTextMixin, forms.ModelForm):
    website = WebURLField(label=_("Website"), required=False, max_length=500, assume_scheme="https")
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Nine digits, if the enterprise has one."),
    )

    class Meta:
        model = SocialEnterprise
        fields = ["name", "org_number", "website"]

    def clean_org_number(self):
        return compact_org_number(self.cleaned_data["org_number"])


def compact_org_number(value: str) -> str:
    """An organisation number as nine digits, or "" for none; ValidationError if it is not one."""
    if not value:
        return ""
    compact = orgnr.compact(value)
    if not orgnr.is_valid(compact):
        raise forms.ValidationError(
            _("This is not a valid organisation number (nine digits, as in 974 760 673)."),
            code="invalid_orgnr",
        )
    return compact


# At most this many municipalities in one example: the largest county (Innlandet) has 46.
MUNICIPALITIES_MAX = 50
MUNICIPALITIES_TOO_MANY = _(
    "Choose at most %(limit)s municipalities (you chose %(count)s). For a collaboration across "
    "more, choose the main ones and name the rest in the text."
)


class BaseEnterpriseFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "missing_management_form": _("The page was sent incomplete. Reload it and try again."),
        "too_many_forms": _("Name at most %(num)d social enterprises."),
        "too_few_forms": _("Write the name of the social enterprise."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Several enterprise forms on one page: each message says which one it is about.
        form.error_context = _("Social enterprise %(number)s") % {"number": i + 1}
        return form

    def rows(self) -> list[dict]:
        """The enterprises to keep, as dicts for the service (with `id` when they exist)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.cleaned_data.get("name"):
                continue
            fields = {name: form.cleaned_data[name] for name in ("name", "org_number", "website")}
            rows.append({"id": form.instance.pk, **fields})
        return rows


EnterpriseFormSet = forms.inlineformset_factory(
    Submission,
    SocialEnterprise,
    form=EnterpriseForm,
    formset=BaseEnterpriseFormSet,
    fields=["name", "org_number", "website"],
    extra=1,
    min_num=1,
    max_num=5,
    # A post claiming more forms is refused with "at most 5" before more than 5 are built
    # (Django's own default would build and validate up to 1,005).
    absolute_max=5,
    validate_min=True,
    validate_max=True,
    can_delete=False,
)


class NewLinkForm(FieldMessagesMixin, CleanTextMixin, HoneypotMixin, forms.Form):
    field_messages = {
        "email": {
            "required": _("Write the e-mail address you sent the pitch from."),
            "invalid": _(
                "Write the e-mail address you sent the pitch from, in the form name@example.no."
            ),
        }
    }

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The address you sent the pitch from, or where we asked for your consent."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("email", honeypot=True)


class InvitationForm(ConsentForm):
    participates = forms.TypedChoiceField(
        label=_("Do you want to take part in the example?"),
        choices=[
            ("yes", _("Yes, I confirm that I take part")),
            ("no", _("No, leave me out")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "participates", Fieldset(_("What may we do with your details?"), *ConsentPurpose.values)
        )


class EditApprovalForm(FieldMessagesMixin, CleanTextMixin, forms.Form):
    # Which request for approval the page showed: the answer concerns exactly that text.
    request = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("approve", _("I approve the edited text")),
            ("comment", _("I do not approve: see my comment")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the editors"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("request", "decision", "comment")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "comment" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Tell the editors what you would like changed."))
        return cleaned
