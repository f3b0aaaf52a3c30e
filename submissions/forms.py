"""The public forms. Each form owns its crispy FormHelper; several forms share one <form> tag."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from stdnum.no import orgnr

from kokebok.abuse import HONEYPOT_FIELD, HoneypotMixin
from submissions.models import (
    ANSWER_MAX_CHARS,
    PITCH_SUMMARY_MAX_CHARS,
    ConsentPurpose,
    Municipality,
    Person,
    SocialEnterprise,
    Submission,
)
from submissions.services import CONTACT_SIDES
from submissions.uploads import clean_attachment, clean_photo

# C0 and C1 control characters other than tab and newline carry no meaning in a form field.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def count_words(text: str) -> int:
    return len(text.split())


def clean_data(data):
    """A copy of submitted form data with clean_text applied to every text value."""
    if hasattr(data, "lists"):  # a QueryDict, where one key can carry several values
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [clean_text(value) for value in values])
        return cleaned
    return {key: clean_text(v) if isinstance(v, str) else v for key, v in data.items()}


class WebURLField(forms.URLField):
    """A web address: http or https only (Django's own URLField also takes ftp and ftps)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CleanTextMixin:
    """Strip control characters from the submitted text before the fields validate it.

    So the limits count what is stored (browsers send a textarea's line breaks as CRLF, two
    characters for one), a required field holding only control characters counts as empty,
    and a form shown again with errors holds no control characters either.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else clean_data(data), *args, **kwargs)


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


def form_helper(*layout, honeypot: bool = False) -> FormHelper:
    """A helper for a form rendered inside a page's own <form> tag, with the honeypot if asked."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if honeypot:
        layout = (*layout, Field(HONEYPOT_FIELD, wrapper_class="kb-honeypot", aria_hidden="true"))
    if layout:
        helper.layout = Layout(*layout)
    return helper


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


# Norwegian alphabetical order ends with æ, ø, å; code point order puts å first. A translation
# table is enough for names (a collation library such as PyICU would be a heavy dependency).
NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def norwegian_sort_key(text: str) -> str:
    return text.lower().translate(NORWEGIAN_ORDER)


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


class PitchForm(CleanTextMixin, VersionMixin, HoneypotMixin, forms.ModelForm):
    summary = forms.CharField(
        label=_("What is the collaboration about?"),
        max_length=PITCH_SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A few sentences: what you do together, who takes part, and what it has led to. "
            "At most 1,500 characters."
        ),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipality or municipalities"),
        queryset=Municipality.objects.all(),
        widget=MunicipalityCheckboxes,
        help_text=_("You can choose several."),
        error_messages={"required": _("Choose at least one municipality.")},
    )

    class Meta:
        model = Submission
        fields = [
            "title",
            "summary",
            "collaboration_form",
            "collaboration_form_other",
            "municipalities",
            "submitter_name",
            "submitter_email",
        ]
        labels = {
            "title": _("Title of the example"),
            "submitter_name": _("Your name"),
            "submitter_email": _("Your e-mail address"),
        }
        help_texts = {
            "title": _("A short title that says what the collaboration is."),
            "collaboration_form_other": _("Fill in if you chose 'Other'."),
            "submitter_email": _("We send the link to your submission here."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = grouped_municipality_choices()
        self.fields["submitter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["submitter_name"].widget.attrs["autocomplete"] = "name"
        self.helper = form_helper(
            Fieldset(
                _("The example"),
                "title",
                "summary",
                "collaboration_form",
                "collaboration_form_other",
                "municipalities",
            ),
            Fieldset(_("About you"), "submitter_name", "submitter_email"),
            "version",
            honeypot=True,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(
            "collaboration_form"
        ) == Submission.CollaborationForm.OTHER and not cleaned.get("collaboration_form_other"):
            self.add_error("collaboration_form_other", _("Describe the form of collaboration."))
        return cleaned

    def submission_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name != "municipalities"
        }


class ConsentForm(forms.Form):
    """One person's consent, one checkbox per purpose, none ticked in advance."""

    web = forms.BooleanField(
        required=False,
        label=_("Publish my name, role, e-mail and phone with the example on the web."),
    )
    book = forms.BooleanField(
        required=False,
        label=_("Print my name, role, e-mail and phone with the example in the book."),
    )
    contact = forms.BooleanField(
        required=False,
        label=_("The editors at KMD and In Good Company may contact me about the example."),
    )

    def __init__(self, *args, legend=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Fieldset(legend or _("Your consent"), *ConsentPurpose.values))

    def answers(self) -> dict[str, bool]:
        return {purpose: self.cleaned_data[purpose] for purpose in ConsentPurpose.values}

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, bool]:
        return person.current_consents()


class PublicationAgreementForm(forms.Form):
    accept = forms.BooleanField(
        label=_(
            "I agree that KMD may edit the example and publish it on the web and in the book, "
            "and I have read how personal data is handled."
        ),
        error_messages={"required": _("You must agree before you can send the pitch.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,20}$",
    _("Write the phone number with digits, for example +47 22 24 90 90."),
)


class ContactForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role or title"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "If this is you, give the same name and address as above. Anyone else gets an "
            "e-mail asking them to confirm for themselves."
        ),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[phone_validator]
    )

    def __init__(self, *args, legend="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Fieldset(legend, "name", "role", "email", "phone"))


class EnterpriseForm(CleanTextMixin, forms.ModelForm):
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
        value = self.cleaned_data["org_number"]
        if not value:
            return ""
        compact = orgnr.compact(value)
        if not orgnr.is_valid(compact):
            raise forms.ValidationError(
                _("This is not a valid organisation number (nine digits, as in 974 760 673)."),
                code="invalid_orgnr",
            )
        return compact


class BaseEnterpriseFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

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
    validate_min=True,
    validate_max=True,
    can_delete=False,
)


class WriteupForm(CleanTextMixin, VersionMixin, forms.ModelForm):
    """The write-up: one field per guiding question, then link, photo and attachment.

    When `submitting` every answer is required; a draft may be incomplete. The word limit holds
    for both, so a draft that could never be submitted is not saved either.
    """

    link = WebURLField(
        label=_("Link to a web page"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A web page about the collaboration, if there is one."),
    )
    photo = forms.FileField(label=_("Photo"), required=False)
    attachment = forms.FileField(label=_("Attachment (PDF)"), required=False)
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    class Meta:
        model = Submission
        fields = ["link", "photo_alt"]
        help_texts = {
            "photo_alt": _(
                "Describe what the photo shows for people who cannot see it. Required with a photo."
            ),
        }

    def __init__(self, *args, questions, answers: dict[int, str], submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.submitting = submitting
        call = self.instance.call
        self.max_words = call.writeup_max_words
        for question in self.questions:
            self.fields[self.answer_field(question)] = forms.CharField(
                label=question.display_text,
                help_text=question.display_help_text,
                required=False,
                max_length=ANSWER_MAX_CHARS,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 6, "data-word-count": "writeup"}),
            )
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.fields["attachment"].widget.attrs["accept"] = "application/pdf"
        self.helper = form_helper(
            Fieldset(_("Your answers"), *[self.answer_field(q) for q in self.questions]),
            Fieldset(
                _("Link, photo and attachment"),
                "link",
                "photo",
                "photo_alt",
                "remove_photo",
                "attachment",
                "remove_attachment",
            ),
            "version",
        )

    @staticmethod
    def answer_field(question) -> str:
        return f"answer_{question.pk}"

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return clean_attachment(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        self._check_length(cleaned)
        self._check_photo_alt(cleaned)
        if self.submitting:
            for question in self.questions:
                name = self.answer_field(question)
                if name in cleaned and not cleaned[name].strip():
                    self.add_error(name, _("Answer this question before you submit."))
        return cleaned

    def _check_length(self, cleaned):
        words = sum(count_words(cleaned.get(self.answer_field(q), "")) for q in self.questions)
        if words > self.max_words:
            raise forms.ValidationError(
                ngettext(
                    "The write-up has %(words)s words; the limit is %(max)s word.",
                    "The write-up has %(words)s words; the limit is %(max)s words.",
                    self.max_words,
                )
                % {"words": words, "max": self.max_words},
                code="too_long",
            )

    def _check_photo_alt(self, cleaned):
        has_photo = cleaned.get("photo") or (
            self.instance.photo and not cleaned.get("remove_photo")
        )
        if has_photo and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[self.answer_field(q)] for q in self.questions}

    def submission_fields(self) -> dict:
        fields = {"link": self.cleaned_data["link"], "photo_alt": self.cleaned_data["photo_alt"]}
        for name in ("photo", "attachment"):
            if self.cleaned_data.get(name):
                fields[name] = self.cleaned_data[name]
            elif self.cleaned_data.get(f"remove_{name}"):
                fields[name] = ""
        return fields


class NewLinkForm(CleanTextMixin, HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
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


class EditApprovalForm(CleanTextMixin, forms.Form):
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


class FormGroup:
    """Several forms posted in one <form>: validated together, their errors summarised on top."""

    def __init__(self, **forms_by_name):
        self.forms = forms_by_name

    def __getattr__(self, name):
        try:
            return self.__dict__["forms"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def is_valid(self) -> bool:
        # A list, not a generator: every form must validate so that all errors show at once.
        return all([form.is_valid() for form in self.forms.values()])  # noqa: C419

    def add_error(self, message):
        """An error about the whole submission (a deadline, a limit), shown in the summary."""
        next(iter(self.forms.values())).add_error(None, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for every error, in page order, for the error summary."""
        summary = []
        for form in self.forms.values():
            if isinstance(form, forms.BaseFormSet):
                summary += [(form.prefix, error) for error in form.non_form_errors()]
                for subform in form.forms:
                    summary += _form_errors(subform)
            else:
                summary += _form_errors(form)
        return summary


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


def _form_errors(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    entries = [("main-content", error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            continue
        bound = form[name]
        anchor = bound.id_for_label or bound.auto_id
        entries += [(anchor, f"{bound.label}: {error}") for error in errors]
    return entries


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
