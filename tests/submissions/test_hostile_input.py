"""Hostile strings in every public form field.

Every string of the Big List of Naughty Strings (tests/data/blns.json) and our own below goes
through the pitch, the write-up, the lost-link form and the contact person's consent page. For
each: never a 500; either saved exactly as typed minus control characters, or refused with an
error by the field; and wherever it is shown again, escaped. E-mails are plain text only.

To keep the run short, one POST carries a different string in each field, and a POST with
refused fields is sent again with those fields set to harmless values, so that the rest of the
strings are saved and shown.
"""

import urllib.parse

import pytest
from django.core import mail
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from common.emails import as_data, quoted
from common.forms import clean_text, count_words
from submissions import links, services, task_services
from submissions.models import PITCH_SUMMARY_MAX_CHARS, Answer, Person, Submission
from tests.factories import edit_pitch_post_data, make_submission, pitch_post_data
from tests.hostile import (
    LIVE_SCRIPT,
    assert_no_live_markup,
    chunks,
    hostile_strings,
    parametrize_chunks,
    stored,
)
from tests.submissions.test_tasks import about_post

MARKDOWN_TABLE = "| Rad | Vare | Pris |\n|---|---|---|\n" + "".join(
    f"| {row} | kaffe | 10 kr |\n" for row in range(10_000)
)
OUR_STRINGS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    LIVE_SCRIPT,
    '"><script>alert(1)</script>',
    "' onfocus='alert(1)' autofocus='",
    '<img src="http://127.0.0.1:9/x.png">',
    '<img src="file:///etc/passwd">',
    '<div style="background:url(http://127.0.0.1:9/)">',
    "[klikk her](javascript:alert(1))",
    "![bilde](http://127.0.0.1:9/x.png)",
    "> " * 200 + "dypt sitat",
    "".join("  " * depth + "- punkt\n" for depth in range(200)),
    MARKDOWN_TABLE,
    "Kafé\u202e og \u202dbakeri",
]
STRINGS = hostile_strings(OUR_STRINGS)


PITCH_URL = "/en/send-inn/"
NEW_LINK_URL = "/en/send-inn/ny-lenke/"

# Fields that take any text, with the stored value each one ends up as.
PITCH_TEXT_FIELDS = {
    "title": lambda s: s.title,
    "summary": lambda s: s.summary,
    "submitter_name": lambda s: s.submitter_name,
    "enterprise_name": lambda s: s.enterprises.get().name,
}
# Fields with a format or a fixed set of values: hostile strings are refused there.
PITCH_OTHER_FIELDS = [
    "submitter_email",
    "org_number",
    "submitter_side",
    "municipalities",
    "accept",
    "form_key",
]
WRITEUP_OTHER_FIELDS = ["version", "photo_ref", "attachment_kind", "action"]
WRITEUP_FIELDS = 8  # six answers (the questions' page), the photo's alt text and credit


def assert_shown_escaped(page: str, value: str):
    assert escape(value) in page, f"not shown, or not escaped: {value[:80]!r}"


def form_group_errors(response) -> set[str]:
    """The POST keys of every field that has an error in the re-rendered page."""
    group = response.context["group"]
    keys = set()
    for form in group.forms.values():
        subforms = getattr(form, "forms", [form])
        if hasattr(form, "non_form_errors"):
            assert not form.non_form_errors(), form.non_form_errors()
        for subform in subforms:
            assert not subform.non_field_errors(), subform.non_field_errors()
            keys |= {subform.add_prefix(name) for name in subform.errors}
    return keys


def post_until_saved(client, url: str, data: dict, defaults: dict, hostile: list[str]):
    """POST `data`; while some fields are refused, check the page and resend them harmless.

    Returns the keys that were refused on the way.
    """
    refused: set[str] = set()
    for _attempt in range(4):
        response = client.post(url, data)
        if response.status_code == 302:
            return refused
        assert response.status_code == 200
        assert_no_live_markup(response.content.decode(), hostile)
        newly_refused = form_group_errors(response)
        assert newly_refused, "refused without saying which field is wrong"
        assert not newly_refused & refused
        refused |= newly_refused
        data.update({key: defaults[key] for key in newly_refused})
    raise AssertionError(f"still not saved after resending {sorted(refused)}")


@pytest.fixture
def no_rate_limits(settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, 1_000_000)
    settings.RATE_LIMITS_PER_CASE = dict.fromkeys(settings.RATE_LIMITS_PER_CASE, 1_000_000)


@pytest.fixture
def harmless_pitch(db):
    return pitch_post_data()


# --- The pitch ---


@parametrize_chunks(STRINGS, len(PITCH_TEXT_FIELDS))
def test_hostile_text_in_the_pitch_is_saved_as_typed_and_shown_escaped(
    client, call, clock, no_rate_limits, harmless_pitch, django_capture_on_commit_callbacks, strings
):
    typed = dict(zip(PITCH_TEXT_FIELDS, strings, strict=False))
    with django_capture_on_commit_callbacks(execute=True):
        refused = post_until_saved(
            client, PITCH_URL, {**harmless_pitch, **typed}, harmless_pitch, strings
        )
    submission = Submission.objects.get()
    kept = {key: stored(value) for key, value in typed.items() if key not in refused}
    for key, value in kept.items():
        assert PITCH_TEXT_FIELDS[key](submission) == value, key

    case_url = f"/en/send-inn/bidrag/{submission.public_id}/"
    task_list = client.get(case_url).content.decode()
    assert_no_live_markup(task_list, strings)
    if "title" in kept:
        assert_shown_escaped(task_list, kept["title"])

    check = client.get(case_url + "se-over/").content.decode()
    assert_no_live_markup(check, strings)
    for key in kept.keys() - {"summary", "submitter_name"}:
        assert_shown_escaped(check, kept[key])
    if "summary" in kept:
        assert linebreaksbr(kept["summary"], autoescape=True) in check

    # The task pages that edit them: about the collaboration, and the contact persons.
    on_pages = {"pitch/": {"title", "summary", "collaboration_form_other", "enterprises-0-name"}}
    on_pages["kontaktpersoner/"] = {key for key in PITCH_TEXT_FIELDS if "_contact-" in key}
    for page, keys in on_pages.items():
        edit = client.get(case_url + page)
        assert edit.status_code == 200
        edit_page = edit.content.decode()
        assert_no_live_markup(edit_page, strings)
        for key in kept.keys() & keys:
            assert_shown_escaped(edit_page, kept[key])

    assert_plain_text_mails(submission, kept)


def assert_plain_text_mails(submission, kept: dict):
    """Plain text has no markup to run: what was typed is written as data (one line, no links,
    `common.emails.as_data`), never as entities."""
    # The short pitch names no other contact person: the sender's confirmation is the one mail.
    assert [message.to for message in mail.outbox] == [["kari@example.no"]]
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert not message.attachments
        assert "\n" not in message.subject
        assert quoted(submission.title) in message.subject
        assert as_data(submission.title) in message.body
    confirmation = next(m for m in mail.outbox if "/send-inn/lenke/" in m.body)
    assert confirmation.to == ["kari@example.no"]
    assert quoted(submission.submitter_name) in confirmation.body


@parametrize_chunks(STRINGS, len(PITCH_OTHER_FIELDS))
def test_hostile_strings_in_the_pitch_format_and_choice_fields_are_refused_cleanly(
    client, call, clock, no_rate_limits, harmless_pitch, strings
):
    typed = dict(zip(PITCH_OTHER_FIELDS, strings, strict=False))
    response = client.post(PITCH_URL, {**harmless_pitch, **typed})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        submission = Submission.objects.get()
        for page in ("", "pitch/"):
            url = f"/en/send-inn/bidrag/{submission.public_id}/{page}"
            assert_no_live_markup(client.get(url).content.decode(), strings)
    else:
        assert Submission.objects.count() == 0
        assert_no_live_markup(response.content.decode(), strings)
        assert form_group_errors(response)


@pytest.mark.parametrize("string", OUR_STRINGS[:10])
def test_hostile_strings_in_the_formset_counts_are_refused_with_a_message(
    client, call, clock, no_rate_limits, string
):
    submission = make_submission(call)
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    data = edit_pitch_post_data(submitter_email="sub@example.no")
    response = client.post(
        f"/en/send-inn/bidrag/{submission.public_id}/pitch/",
        {**data, "enterprises-TOTAL_FORMS": string, "enterprises-INITIAL_FORMS": string},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert_no_live_markup(page, [string])
    # Django reports a broken management form as a formset without forms: said as what to do.
    assert '<a href="#enterprises">Write the name of the social enterprise.</a>' in page


@pytest.mark.parametrize("string", OUR_STRINGS[:10])
def test_a_hostile_enterprise_id_on_the_edit_page_is_not_a_500(client, call, clock, string):
    submission = make_submission(call)
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    people = {p.side: p for p in submission.people.all()}
    data = edit_pitch_post_data(
        submitter_email="sub@example.no",
        **{
            "enterprises-INITIAL_FORMS": "1",
            "enterprises-0-id": string,
            "enterprise_contact-email": people["enterprise"].email,
            "municipality_contact-email": people["municipality"].email,
        },
    )
    response = client.post(f"/en/send-inn/bidrag/{submission.public_id}/pitch/", data)
    assert response.status_code in (200, 302)
    assert_no_live_markup(response.content.decode(), [string])


@pytest.mark.parametrize("string", OUR_STRINGS[:10])
def test_a_hostile_honeypot_value_pretends_success_and_saves_nothing(
    client, call, clock, harmless_pitch, string
):
    response = client.post(PITCH_URL, {**harmless_pitch, "homepage": string})
    assert response.status_code == 302
    assert response["Location"] == "/en/send-inn/takk/"
    assert Submission.objects.count() == 0


SAME_ADDRESS_ERROR = "The two contact persons cannot have the same e-mail address"


def test_the_same_address_for_both_contacts_is_refused_on_the_edit_page_too(client, call, clock):
    submission = make_submission(call)
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    url = f"/en/send-inn/bidrag/{submission.public_id}/kontaktpersoner/"
    data = edit_pitch_post_data(
        submitter_email="sub@example.no",
        **{
            "municipality_contact-email": "sub@example.no",
            "enterprise_contact-email": "sub@example.no",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert SAME_ADDRESS_ERROR in response.content.decode()
    assert submission.people.get(side=Person.Side.MUNICIPALITY).email == "municipality@example.no"


def test_the_submitter_named_as_both_contacts_is_one_person_and_no_500(client, call, clock):
    """Past the form (older data, another caller of the service): still one submitter."""
    submission = make_submission(call)
    me = {"name": "Kari Nordmann", "role": "Leder", "email": "sub@example.no", "phone": ""}
    task_services.save_contacts(
        submission,
        submitter_consents={},
        contacts={Person.Side.MUNICIPALITY: me, Person.Side.ENTERPRISE: me},
    )
    assert submission.people.filter(is_submitter=True).count() == 1
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    overview = f"/en/send-inn/bidrag/{submission.public_id}/"
    assert client.get(overview).status_code == 200
    assert client.post(overview + "samtykke/", {"consent-web": "on"}).status_code == 302


def test_two_people_marked_as_the_submitter_in_older_data_are_no_500(client, call, clock):
    submission = make_submission(call)
    submission.people.update(is_submitter=True)
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    overview = f"/en/send-inn/bidrag/{submission.public_id}/"
    assert client.get(overview).status_code == 200
    assert client.post(overview + "samtykke/", {"consent-book": "on"}).status_code == 302
    first = submission.people.order_by("pk").first()
    assert services.submitter_person(submission) == first
    assert first.current_consents()["book"] is True


def test_script_in_the_title_is_escaped_on_every_page_and_plain_in_the_emails(
    client, call, clock, harmless_pitch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PITCH_URL, {**harmless_pitch, "title": f"Kafé & {LIVE_SCRIPT}"})
    submission = Submission.objects.get()
    escaped = "Kafé &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    for url in (
        f"/en/send-inn/bidrag/{submission.public_id}/",
        f"/en/send-inn/bidrag/{submission.public_id}/pitch/",
        f"/en/send-inn/bidrag/{submission.public_id}/tekst/",
    ):
        page = client.get(url).content.decode()
        assert LIVE_SCRIPT not in page, url
        assert escaped in page, url
    assert (
        f"<h1>{escaped}</h1>"
        in client.get(f"/en/send-inn/bidrag/{submission.public_id}/").content.decode()
    )
    confirmation = next(m for m in mail.outbox if m.to == ["kari@example.no"])
    assert confirmation.subject == f"We have received your pitch: «Kafé & {LIVE_SCRIPT}»"
    assert f"“Kafé & {LIVE_SCRIPT}”" in confirmation.body


def test_a_summary_at_the_limit_with_line_breaks_is_accepted(client, call, clock, harmless_pitch):
    # Browsers send a textarea's line breaks as CRLF, and count each as one character.
    summary = ("a" * 99 + "\r\n") * 15
    assert len(summary.replace("\r\n", "\n")) == PITCH_SUMMARY_MAX_CHARS
    response = client.post(PITCH_URL, {**harmless_pitch, "summary": summary})
    assert response.status_code == 302
    assert Submission.objects.get().summary == summary.replace("\r\n", "\n").strip()


def test_a_10000_row_table_as_the_summary_is_refused_with_the_length(
    client, call, clock, harmless_pitch
):
    response = client.post(PITCH_URL, {**harmless_pitch, "summary": MARKDOWN_TABLE})
    assert response.status_code == 200
    length = len(MARKDOWN_TABLE.strip())
    assert (
        f"Shorten the description to at most 1500 characters (it has {length})."
        in response.content.decode()
    )
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("name", ["\x01\x02", "\x00", " \x7f ", "\u0085"])
def test_a_required_field_of_control_characters_alone_is_empty(
    client, call, clock, harmless_pitch, name
):
    response = client.post(PITCH_URL, {**harmless_pitch, "submitter_name": name})
    assert response.status_code == 200
    assert "submitter_name" in form_group_errors(response)
    assert "Write your name." in response.content.decode()
    assert Person.objects.count() == 0


# --- The write-up ---


@pytest.fixture
def writeup_submission(call, clock):
    return make_submission(call)


@pytest.fixture
def opened(client, writeup_submission):
    client.post(f"/send-inn/lenke/{services.issue_token(writeup_submission)}/")
    return client


@parametrize_chunks(STRINGS, WRITEUP_FIELDS)
def test_hostile_text_in_the_writeup_is_saved_as_typed_and_shown_escaped(
    opened, writeup_submission, strings
):
    submission = writeup_submission
    answer_keys = [f"answer_{q.pk}" for q in submission.call.questions.all()]
    keys = [*answer_keys, "photo_alt", "photo_credit"]
    typed = dict(zip(keys, strings, strict=False))
    case_url = f"/en/send-inn/bidrag/{submission.public_id}/"
    pages = {case_url + "tekst/": answer_keys, case_url + "bilde/": ["photo_alt", "photo_credit"]}
    refused = set()
    for url, page_keys in pages.items():
        defaults = {key: "Et svar." if key in answer_keys else "" for key in page_keys}
        page_typed = {key: typed[key] for key in page_keys if key in typed}
        refused |= post_until_saved(opened, url, {**defaults, **page_typed}, defaults, strings)
    kept = {key: stored(value) for key, value in typed.items() if key not in refused}
    answers = {
        f"answer_{a.question_id}": a.text for a in Answer.objects.filter(submission=submission)
    }
    submission.refresh_from_db()
    for key, value in kept.items():
        if key.startswith("answer_"):
            assert answers.get(key, "") == value, key  # an empty field stores no answer
        else:
            assert getattr(submission, key) == value, key

    for url, page_keys in pages.items():
        page = opened.get(url).content.decode()
        assert_no_live_markup(page, strings)
        for key in kept.keys() & set(page_keys):
            assert_shown_escaped(page, kept[key])
    check = opened.get(case_url + "se-over/").content.decode()
    assert_no_live_markup(check, strings)


@parametrize_chunks(STRINGS, len(WRITEUP_OTHER_FIELDS))
def test_hostile_strings_in_the_writeup_hidden_and_choice_fields_are_refused_cleanly(
    opened, writeup_submission, strings
):
    typed = dict(zip(WRITEUP_OTHER_FIELDS, strings, strict=False))
    for page in ("tekst/", "bilde/"):
        url = f"/en/send-inn/bidrag/{writeup_submission.public_id}/{page}"
        response = opened.post(url, {"photo_alt": "", **typed})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert_no_live_markup(response.content.decode(), strings)
            # A number as the version is read as someone else's save: a conflict, also refused.
            assert response.context["form"].errors
    writeup_submission.refresh_from_db()
    # The task pages never send the text, whatever "action" says.
    assert writeup_submission.writeup_submitted_at is None
    assert not writeup_submission.photo


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_a_link_that_is_not_a_web_address_is_refused(opened, writeup_submission, link):
    url = f"/en/send-inn/bidrag/{writeup_submission.public_id}/pitch/"
    response = opened.post(url, about_post(writeup_submission, link=link))
    assert response.status_code == 200
    assert "link" in form_group_errors(response)
    assert "Write the web address in full" in response.content.decode()
    assert_no_live_markup(response.content.decode(), [link])
    writeup_submission.refresh_from_db()
    assert writeup_submission.link == ""


def test_a_10000_row_table_in_an_answer_is_refused_with_the_length(opened, writeup_submission):
    question = writeup_submission.call.questions.first()
    url = f"/en/send-inn/bidrag/{writeup_submission.public_id}/tekst/"
    response = opened.post(url, {f"answer_{question.pk}": MARKDOWN_TABLE})
    assert response.status_code == 200
    length = len(MARKDOWN_TABLE.strip())
    assert (
        f"Shorten the answer to at most 20000 characters (it has {length})."
        in response.content.decode()
    )
    assert not Answer.objects.filter(submission=writeup_submission).exists()


# --- The lost-link form ---


@parametrize_chunks(STRINGS, 40)
def test_hostile_strings_in_the_lost_link_form_never_break_it(
    client, call, clock, no_rate_limits, django_capture_on_commit_callbacks, strings
):
    make_submission(call)
    for string in strings:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(NEW_LINK_URL, {"email": string, "homepage": ""})
        assert response.status_code in (200, 429)
        page = response.content.decode()
        assert_no_live_markup(page, [string])
        if "If we have a submission or a request for consent for that address" not in page:
            assert response.context["form"].errors["email"]
            # As much as the form keeps of a refused address (common.forms.kept_length).
            assert_shown_escaped(page, stored(string[: 254 + 254]))
    assert all(message.to == ["sub@example.no"] for message in mail.outbox)


# --- The contact person's consent page ---


@pytest.fixture
def consent_url(call, clock):
    person = make_submission(call).people.get(side=Person.Side.MUNICIPALITY)
    return f"/en/samtykke/{links.issue_consent_token(person)}/"


@parametrize_chunks(STRINGS, 40)
def test_hostile_strings_on_the_consent_page_never_break_it(
    client, consent_url, no_rate_limits, strings
):
    for fields in chunks(strings, 4):
        data = dict(zip(["participates", "web", "book", "contact"], fields, strict=False))
        response = client.post(consent_url, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert_no_live_markup(page, fields)
        if data["participates"] not in ("yes", "no"):
            assert "participates" in response.context["form"].errors


def test_hostile_strings_in_the_submitters_own_consent_form_are_read_as_yes(client, call, clock):
    submission = make_submission(call, consents={})
    client.post(f"/send-inn/lenke/{services.issue_token(submission)}/")
    response = client.post(
        f"/en/send-inn/bidrag/{submission.public_id}/samtykke/",
        {"consent-web": LIVE_SCRIPT, "consent-book": "\x00", "consent-contact": "\u202e"},
    )
    assert response.status_code == 302
    submitter = services.submitter_person(submission)
    assert submitter.current_consents() == {"web": True, "book": True, "contact": True}


# --- Bytes that are not UTF-8 ---

NOT_UTF8 = "%FF%FE"
REPLACED = "\ufffd\ufffd"


def urlencoded(data: dict, **raw) -> str:
    """A form body with `raw` values inserted as they are, already percent-encoded."""
    body = urllib.parse.urlencode(data, doseq=True)
    return "&".join([body, *(f"{key}={value}" for key, value in raw.items())])


def test_invalid_utf8_in_the_pitch_is_saved_as_replacement_characters(
    client, call, clock, harmless_pitch
):
    data = {key: value for key, value in harmless_pitch.items() if key != "title"}
    response = client.post(
        PITCH_URL,
        urlencoded(data, title=NOT_UTF8),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert Submission.objects.get().title == REPLACED


def test_invalid_utf8_in_the_writeup_lost_link_and_consent_forms_is_not_a_500(
    client, consent_url, writeup_submission
):
    client.post(f"/send-inn/lenke/{services.issue_token(writeup_submission)}/")
    form = "application/x-www-form-urlencoded"
    writeup_url = f"/en/send-inn/bidrag/{writeup_submission.public_id}/tekst/"
    answer_key = f"answer_{writeup_submission.call.questions.first().pk}"
    response = client.post(
        writeup_url, urlencoded({"action": "draft"}, **{answer_key: NOT_UTF8}), content_type=form
    )
    assert response.status_code == 302
    assert Answer.objects.get(submission=writeup_submission, question__position=1).text == REPLACED
    response = client.post(
        NEW_LINK_URL, urlencoded({"homepage": ""}, email=NOT_UTF8), content_type=form
    )
    assert response.status_code == 200
    assert "Write the e-mail address you sent the pitch from" in response.content.decode()
    response = client.post(consent_url, urlencoded({}, participates=NOT_UTF8), content_type=form)
    assert response.status_code == 200
    assert response.context["form"].errors["participates"]
    response = client.post(consent_url, f"{NOT_UTF8}=1&{NOT_UTF8}", content_type=form)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/en/samtykke/%FF%FE/", "/en/send-inn/lenke/%FF%FE/", "/en/send-inn/bidrag/%FF/"]
)
def test_invalid_utf8_in_a_link_is_a_404(client, db, url):
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


# --- Properties of the text helpers ---

C0_EXCEPT_TAB_AND_NEWLINE = {chr(code) for code in range(32)} - {"\t", "\n"}


@given(st.text())
def test_clean_text_is_idempotent(text):
    assert clean_text(clean_text(text)) == clean_text(text)


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_clean_text_leaves_no_control_characters_but_tab_and_newline(text):
    cleaned = clean_text(text)
    assert not set(cleaned) & C0_EXCEPT_TAB_AND_NEWLINE
    assert "\r" not in cleaned
    assert not any(0x7F <= ord(char) <= 0x9F for char in cleaned)


@given(st.text())
def test_clean_text_keeps_every_line_break(text):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    assert clean_text(text).count("\n") == lines


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"])))
def test_clean_text_keeps_text_without_control_characters_as_it_is(text):
    assert clean_text(text) == text


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Zs", "Cc", "Zl", "Zp"]), min_size=1)
    )
)
def test_count_words_counts_words_separated_by_spaces(words):
    assert count_words(" ".join(words)) == len(words)


@given(st.text(), st.text())
def test_count_words_adds_up_over_a_line_break(first, second):
    assert count_words(f"{first}\n{second}") == count_words(first) + count_words(second)


@given(st.text())
def test_count_words_is_zero_only_for_blank_text(text):
    assert (count_words(text) == 0) == (text.strip() == "")


@given(st.text())
def test_cleaning_never_adds_words(text):
    assert count_words(clean_text(text)) <= count_words(text)
