"""The forms of the task pages: about the collaboration, the guiding questions, photo and
attachments. (The contact persons' page reuses `ContactForm` and `ConsentForm`.)

Every form takes `draft`: an autosave while typing, where no field is required and the rules
across fields wait for "Save and continue", so that what is valid is kept and nothing fails on a
field not filled in yet. Each field has its own error message saying what to do.
"""

from crispy_forms.layout import Fieldset
from django import forms
from django.core.validators import EMPTY_VALUES
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.form_messages import FieldMessagesMixin
from common.forms import (
    BoundedMultipleChoiceField,
    CleanTextMixin,
    WebURLField,
    count_words,
    form_helper,
)
from submissions import services
from submissions.forms import (
    MUNICIPALITIES_MAX,
    MUNICIPALITIES_TOO_MANY,
    ConsentForm,
    ContactForm,
    MunicipalityCheckboxes,
    VersionMixin,
    grouped_municipality_choices,
)
from submissions.models import (
    ANSWER_MAX_CHARS,
    PITCH_SUMMARY_MAX_CHARS,
    AttachmentKind,
    Municipality,
    Person,
    Submission,
    validate_started_year,
)
from submissions.pitch_forms import PitchFormGroup, contact_initial, contact_messages
from submissions.uploads import clean_attachment, clean_photo


class DraftMixin:
    """`draft=True`: nothing required, and `clean_together` (rules across fields) skipped.

    A required field left empty in a draft is not valid yet either: `valid_data` leaves it out,
    so an autosave keeps what was saved there before (a title is never saved empty)."""

    def __init__(self, *args, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.required_names = {name for name, field in self.fields.items() if field.required}
        if draft:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        cleaned = super().clean()
        if not self.draft:
            self.clean_together(cleaned)
        return cleaned

    def clean_together(self, cleaned):
        pass

    def empty_required(self) -> list[str]:
        """The required fields a draft left empty (after is_valid)."""
        return [
            name
            for name in self.required_names
            if name in self.cleaned_data and self.cleaned_data[name] in EMPTY_VALUES
        ]

    def valid_data(self) -> dict:
        """The fields that passed validation (after is_valid), for a draft's partial save."""
        skipped = set(self.empty_required()) | {"version"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skipped}

    def not_saved(self) -> list[str]:
        return sorted(set(self.errors) | set(self.empty_required()))


class VersionForm(FieldMessagesMixin, CleanTextMixin, VersionMixin, forms.Form):
    """The case's version, for a page whose forms are not the case's own (contact persons)."""

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.helper = form_helper("version")


class AboutForm(FieldMessagesMixin, DraftMixin, CleanTextMixin, VersionMixin, forms.ModelForm):
    title = forms.CharField(
        label=_("Title of the example"),
        max_length=200,
        help_text=_("A short title that says what the collaboration is."),
        error_messages={
            "required": _("Write a title for the example."),
            "max_length": _("Shorten the title to at most 200 characters."),
        },
    )
    summary = forms.CharField(
        label=_("What is the collaboration about?"),
        max_length=PITCH_SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A few sentences: what you do together, who takes part, and what it has led to. "
            "At most 1,500 characters."
        ),
        error_messages={
            "required": _("Write a few sentences about what the collaboration is."),
            "max_length": _("Shorten the text to at most 1,500 characters."),
        },
    )
    collaboration_form = forms.ChoiceField(
        label=_("Form of collaboration"),
        choices=[("", "---------"), *Submission.CollaborationForm.choices],
        error_messages={
            "required": _("Choose the form of collaboration."),
            "invalid_choice": _("Choose the form of collaboration."),
        },
    )
    municipalities = BoundedMultipleChoiceField(
        label=_("Municipality or municipalities"),
        queryset=Municipality.objects.all(),
        max_choices=MUNICIPALITIES_MAX,
        widget=MunicipalityCheckboxes,
        help_text=_("You can choose several."),
        error_messages={
            "required": _("Choose at least one municipality."),
            "invalid_choice": _("Choose the municipalities from the list."),
            "invalid_pk_value": _("Choose the municipalities from the list."),
            "too_many": MUNICIPALITIES_TOO_MANY,
        },
    )
    started_year = forms.IntegerField(
        label=_("Year the collaboration started"),
        required=False,
        help_text=_("For example 2019"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        # Bounds in `clean_started_year`: the model's rule, whose upper bound moves each year.
        error_messages={"invalid": _("Write the year with four digits, for example 2019.")},
    )
    link = WebURLField(
        label=_("Link to a web page"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A web page about the collaboration, if there is one."),
        error_messages={
            "invalid": _("Write the web address in full, for example https://www.example.no."),
        },
    )

    class Meta:
        model = Submission
        fields = [
            "title",
            "summary",
            "collaboration_form",
            "collaboration_form_other",
            "municipalities",
            "started_year",
            "link",
        ]
        help_texts = {"collaboration_form_other": _("Fill in if you chose 'Other'.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = grouped_municipality_choices()
        self.helper = form_helper(
            "title",
            "summary",
            "collaboration_form",
            "collaboration_form_other",
            "municipalities",
            "started_year",
            "link",
            "version",
        )

    def clean_started_year(self):
        year = self.cleaned_data.get("started_year")
        validate_started_year(year)
        return year

    def clean_together(self, cleaned):
        if cleaned.get(
            "collaboration_form"
        ) == Submission.CollaborationForm.OTHER and not cleaned.get("collaboration_form_other"):
            self.add_error("collaboration_form_other", _("Describe the form of collaboration."))

    def submission_fields(self, data: dict) -> dict:
        return {name: value for name, value in data.items() if name != "municipalities"}


class QuestionsForm(FieldMessagesMixin, DraftMixin, CleanTextMixin, VersionMixin, forms.Form):
    """The six guiding questions on one page: the answers are parts of one text of about a
    page, and the word count against the limit spans them all."""

    def __init__(self, *args, submission, questions, answers: dict[int, str], **kwargs):
        self.instance = submission
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.max_words = submission.call.writeup_max_words
        for question in self.questions:
            self.fields[self.answer_field(question)] = forms.CharField(
                label=question.display_text,
                help_text=question.display_help_text,
                required=False,
                max_length=ANSWER_MAX_CHARS,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 6, "data-word-count": "writeup"}),
                error_messages={
                    "max_length": _(
                        "Shorten the answer to at most %(limit_value)d characters "
                        "(it has %(show_value)d)."
                    )
                },
            )
        for question in self.questions:
            # Needed before the text is sent, not on every save: not marked "optional".
            self.fields[self.answer_field(question)].conditionally_required = True
        self.helper = form_helper(*[self.answer_field(q) for q in self.questions], "version")

    @staticmethod
    def answer_field(question) -> str:
        return f"answer_{question.pk}"

    def clean_together(self, cleaned):
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

    def answers(self, data: dict) -> dict[int, str]:
        return {
            q.pk: data[self.answer_field(q)] for q in self.questions if self.answer_field(q) in data
        }


class MediaForm(FieldMessagesMixin, DraftMixin, CleanTextMixin, VersionMixin, forms.ModelForm):
    """The photo with its description, credit and permission; the PDF attachment with its kind
    and whether readers may download it."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        error_messages={
            "empty": _("The file is empty. Choose the photo again."),
            "invalid": _("Choose the photo again: the file did not arrive."),
            "max_length": _("Shorten the file's name and choose it again."),
        },
        help_text=_(
            "JPEG, PNG or WebP. We remove the photo's hidden data, such as where it was taken."
        ),
    )
    photo_ref = forms.CharField(widget=forms.HiddenInput, required=False)
    photo_permission = forms.BooleanField(
        label=_(
            "I may publish this photo, and the people in it agree that it is published with "
            "the example."
        ),
        required=False,
    )
    attachment = forms.FileField(
        label=_("Attachment (PDF)"),
        required=False,
        error_messages={
            "empty": _("The file is empty. Choose the PDF again."),
            "invalid": _("Choose the PDF again: the file did not arrive."),
            "max_length": _("Shorten the file's name and choose it again."),
        },
    )
    attachment_kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        help_text=_("Needed with an attachment."),
        choices=AttachmentKind.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose what kind of document the attachment is.")},
    )
    attachment_public = forms.BooleanField(
        label=_("Readers may download the attachment with the published example."),
        required=False,
    )

    class Meta:
        model = Submission
        fields = ["photo_alt", "photo_credit"]
        labels = {
            "photo_alt": _("Describe the photo"),
            "photo_credit": _("Who took the photo?"),
        }
        help_texts = {
            "photo_alt": _(
                "What the photo shows, for people who cannot see it. Needed with a photo."
            ),
            "photo_credit": _(
                "The photographer's name, shown with the photo. Needed with a photo."
            ),
        }
        error_messages = {
            "photo_alt": {"max_length": _("Shorten the description to at most 300 characters.")},
            "photo_credit": {"max_length": _("Shorten the name to at most 200 characters.")},
        }

    def __init__(self, *args, kept_photo=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A photo kept from the last POST, or stored on the case, counts as given.
        self.kept_photo = kept_photo
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.fields["attachment"].widget.attrs["accept"] = "application/pdf"
        # Required with a photo or an attachment (`clean_together`): not marked "optional".
        for name in ("photo_alt", "photo_credit", "photo_permission", "attachment_kind"):
            self.fields[name].conditionally_required = True
        if self.instance.pk:
            self.fields["photo_permission"].initial = self.instance.photo_permission
            self.fields["attachment_kind"].initial = self.instance.attachment_kind
            self.fields["attachment_public"].initial = self.instance.attachment_public
        self.helper = form_helper(
            Fieldset(
                _("Photo"), "photo", "photo_ref", "photo_alt", "photo_credit", "photo_permission"
            ),
            Fieldset(_("Attachment"), "attachment", "attachment_kind", "attachment_public"),
            "version",
        )

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return clean_attachment(upload) if upload else None

    def clean_together(self, cleaned):
        has_photo = cleaned.get("photo") or self.kept_photo
        if has_photo:
            if not cleaned.get("photo_alt", "").strip():
                self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
            if not cleaned.get("photo_credit", "").strip():
                self.add_error(
                    "photo_credit", _("Write the name of the person who took the photo.")
                )
            if not cleaned.get("photo_permission"):
                self.add_error(
                    "photo_permission",
                    _("Confirm that you may publish the photo and that the people in it agree."),
                )
        has_attachment = cleaned.get("attachment") or self.instance.attachment
        if has_attachment and not cleaned.get("attachment_kind"):
            self.add_error("attachment_kind", _("Choose what kind of document the attachment is."))


def contacts_form_group(data, submission) -> PitchFormGroup:
    """The contact persons' page: both contact forms (each naming its person in its
    messages), the submitter's own consent and the case's version."""
    people = {p.side: p for p in submission.people.all()}
    submitter = services.submitter_person(submission)
    group = {"version": VersionForm(data, instance=submission)}
    for side, legend in (
        (Person.Side.MUNICIPALITY, gettext("Contact person in the municipality")),
        (Person.Side.ENTERPRISE, gettext("Contact person in the social enterprise")),
    ):
        form = ContactForm(
            data,
            prefix=f"{side}_contact",
            legend=legend,
            messages=contact_messages(side),
            initial=contact_initial(people.get(side)),
        )
        form.fields["email"].help_text = _(
            "If this is you, give your own name and address, as in your pitch. Anyone else gets "
            "an e-mail asking them to confirm for themselves."
        )
        group[f"{side}_contact"] = form
    group["consent"] = ConsentForm(
        data,
        prefix="consent",
        initial=ConsentForm.initial_for(submitter) if submitter else {},
        legend=gettext("What may be published about you"),
    )
    return PitchFormGroup(**group)
