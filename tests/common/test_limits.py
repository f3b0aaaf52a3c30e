"""The limits on every action that sends e-mail or stores a file, per client and per case, in
one table (settings + common.limits): each scope stops at its limit with its own message in the
user's language, and every place that counts names a scope of the table."""

import ast
import io
import pathlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import translation
from PIL import Image

from common import limits
from common.abuse import limit_hit
from common.forms import Screening, screen_post
from submissions import links
from submissions.models import Person, Submission
from tests.factories import pitch_post_data

pytestmark = pytest.mark.django_db

SCOPES = {
    "form_post",
    "autosave",
    "pitch",
    "new_link",
    "consent",
    "edit",
    "invitation",
    "upload",
    "sign_out_everywhere",
    "input",
    "tool",
    "case_pdf",
    "mail",
    "send_text",
}
# Counted per client only: the toolbox's suggestions and the single-case PDFs built.
PER_CLIENT_ONLY = {"tool", "case_pdf", "form_post"}
ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("common", "submissions", "editorial", "participation", "publishing", "book", "kokebok")


def test_the_table_has_every_scope_with_both_limits_and_a_translated_message(settings):
    assert set(settings.RATE_LIMITS) == set(settings.RATE_LIMITS_PER_CASE) == SCOPES
    assert set(limits.MESSAGES) == SCOPES
    for limit in limits.all_limits():
        assert limit.per_client > 0
        assert limit.per_case is None or limit.per_case > 0
        with translation.override("en"):
            english = str(limit.message)
        for language in ("nb", "nn"):
            with translation.override(language):
                assert str(limit.message) != english, (limit.scope, language)


def request_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def set_limits(settings, scope, *, per_client, per_case):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: per_client}
    settings.RATE_LIMITS_PER_CASE = {**settings.RATE_LIMITS_PER_CASE, scope: per_case}


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_each_scope_stops_a_client_at_its_limit(settings, scope):
    set_limits(settings, scope, per_client=2, per_case=None)
    one_client = request_from("198.51.100.7")
    assert [limit_hit(one_client, scope, case="x@example.no") for _ in range(3)] == [
        None,
        None,
        "client",
    ]
    assert limit_hit(request_from("198.51.100.8"), scope) is None  # another client
    assert limit_hit(one_client, sorted(SCOPES - {scope})[0]) is None  # another scope


@pytest.mark.parametrize("scope", sorted(SCOPES - PER_CLIENT_ONLY))
def test_each_scope_with_a_case_stops_that_case_at_its_limit_from_any_client(settings, scope):
    set_limits(settings, scope, per_client=100, per_case=2)
    hits = [
        limit_hit(request_from(f"198.51.100.{n}"), scope, case="Kari@Example.no") for n in (1, 2, 3)
    ]
    assert hits == [None, None, "case"]
    assert limit_hit(request_from("198.51.100.4"), scope, case="kari@example.no") == "case"
    assert limit_hit(request_from("198.51.100.5"), scope, case="per@example.no") is None
    assert limit_hit(request_from("198.51.100.6"), scope) is None  # no case: per client only


def test_the_toolbox_case_pdfs_and_form_posts_are_limited_per_client_only(settings):
    assert all(settings.RATE_LIMITS_PER_CASE[scope] is None for scope in PER_CLIENT_ONLY)


# --- Every place that counts names a scope of the table ---

COUNTING = {"screen_post", "rate_limit_exceeded", "limit_hit"}


def scopes_named_in_code() -> list[tuple[str, str]]:
    """(file, scope) for every scope given to a counting function, or to a function of the same
    module that passes its own `scope` parameter on to one."""
    named = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            wrappers = _wrappers(tree)
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", getattr(call.func, "attr", None))
                position = 1 if name in ("rate_limit_exceeded", "limit_hit") else None
                position = wrappers.get(name, position)
                if name not in COUNTING and name not in wrappers:
                    continue
                scope = _argument(call, "scope", position)
                if isinstance(scope, ast.Constant):
                    named.append((str(path.relative_to(ROOT)), scope.value))
                elif not (isinstance(scope, ast.Name) and scope.id == "scope"):
                    named.append((str(path.relative_to(ROOT)), ast.dump(scope) if scope else None))
    return named


def _wrappers(tree) -> dict[str, int]:
    """The module's functions with a `scope` parameter: name -> its position."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [argument.arg for argument in node.args.args]
            if "scope" in names and node.name not in COUNTING:
                found[node.name] = names.index("scope")
    return found


def _argument(call, keyword, position):
    for argument in call.keywords:
        if argument.arg == keyword:
            return argument.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def test_every_count_in_the_code_names_a_scope_of_the_table(settings):
    named = scopes_named_in_code()
    assert len(named) >= 8  # pitch, new link, consent, input, tool, edit, upload, sign out
    unknown = [(path, scope) for path, scope in named if scope not in settings.RATE_LIMITS]
    assert unknown == []


# --- The pages say so when a limit is hit ---


def open_case(submission) -> Client:
    browser = Client()
    browser.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return browser


def test_new_links_for_one_address_stop_at_the_limit_from_any_network(submission, settings):
    set_limits(settings, "new_link", per_client=100, per_case=1)
    data = {"email": "sub@example.no", "homepage": ""}
    assert Client().post("/send-inn/ny-lenke/", data, REMOTE_ADDR="198.51.100.1").status_code == 200
    response = Client().post("/send-inn/ny-lenke/", data, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 429
    assert "Det er bedt om for mange nye lenker den siste timen" in response.content.decode()
    assert 'value="sub@example.no"' in response.content.decode()


def test_edits_of_one_case_stop_at_the_limit_with_the_text_kept(submission, settings):
    set_limits(settings, "edit", per_client=100, per_case=1)
    first = submission.call.questions.first()
    data = {f"answer_{first.pk}": "Andre lagring", "link": "", "photo_alt": "", "action": "draft"}
    url = f"/nn/send-inn/bidrag/{submission.public_id}/tekst/"
    assert open_case(submission).post(url, data).status_code == 302
    response = open_case(submission).post(url, data)  # another device, same case
    assert response.status_code == 429
    html = response.content.decode()
    assert "For mange lagringar den siste timen" in html
    assert "Andre lagring" in html


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("kafe.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_uploads_to_one_case_stop_at_the_limit(submission, settings):
    set_limits(settings, "upload", per_client=100, per_case=1)
    data = {
        "photo_alt": "Kafeen",
        "photo_credit": "Ola Fotograf",
        "photo_permission": "on",
        "attachment_kind": "",
    }
    url = f"/en/send-inn/bidrag/{submission.public_id}/bilde/"
    browser = open_case(submission)

    def post(**extra):
        return browser.post(url, {**data, "version": Submission.objects.get().version, **extra})

    assert post(photo=jpeg()).status_code == 302
    assert post().status_code == 302  # no file: not an upload
    response = post(photo=jpeg())
    assert response.status_code == 429
    assert "Too many files have been uploaded in the last hour" in response.content.decode()


def test_consent_answers_for_one_person_stop_at_the_limit(submission, settings):
    set_limits(settings, "consent", per_client=100, per_case=1)
    person = submission.people.get(side=Person.Side.MUNICIPALITY)
    url = f"/samtykke/{links.issue_consent_token(person)}/"
    data = {"participates": "yes", "web": "on"}
    assert Client().post(url, data, REMOTE_ADDR="198.51.100.1").status_code == 200
    response = Client().post(url, data, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 429
    assert "Det er sendt for mange svar den siste timen" in response.content.decode()


def test_signing_out_everywhere_stops_at_the_limit(
    submission, settings, django_capture_on_commit_callbacks
):
    set_limits(settings, "sign_out_everywhere", per_client=100, per_case=1)
    url = f"/send-inn/bidrag/{submission.public_id}/logg-ut-overalt/"
    assert open_case(submission).post(url).status_code == 200
    browser = open_case(submission)
    tokens = submission.tokens.filter(revoked_at__isnull=True).count()
    response = browser.post(url, follow=True)
    assert response.redirect_chain[-1][0] == f"/send-inn/bidrag/{submission.public_id}/"
    assert "Du har logget ut på alle enheter for mange ganger" in response.content.decode()
    assert submission.tokens.filter(revoked_at__isnull=True).count() == tokens  # none ended


class OneField(forms.Form):
    text = forms.CharField()


@pytest.mark.parametrize("scope", sorted(SCOPES - {"form_post"}))  # screen_post counts it first
def test_screen_post_says_the_scopes_own_message_when_a_limit_is_hit(settings, scope):
    per_case = settings.RATE_LIMITS_PER_CASE[scope] and 1  # PER_CLIENT_ONLY have none
    set_limits(settings, scope, per_client=1, per_case=per_case)
    with translation.override("nn"):
        first = OneField({"text": "Hei"})
        assert screen_post(request_from("198.51.100.1"), first, scope=scope, case="c") is (
            Screening.ACCEPTED
        )
        second = OneField({"text": "Hei"})
        screening = screen_post(request_from("198.51.100.2"), second, scope=scope, case="c")
        if scope in PER_CLIENT_ONLY:
            assert screening is Screening.ACCEPTED
        else:
            assert screening is Screening.LIMITED
            assert [str(error) for error in second.non_field_errors()] == [
                str(limits.MESSAGES[scope])
            ]
            assert "seinare" in str(limits.MESSAGES[scope])  # in Nynorsk
            assert second.data["text"] == "Hei"


def test_pitches_from_one_sender_address_stop_at_the_limit_from_any_network(call, clock, settings):
    set_limits(settings, "pitch", per_client=100, per_case=1)
    assert (
        Client().post("/send-inn/", pitch_post_data(), REMOTE_ADDR="198.51.100.1").status_code
        == 302
    )
    response = Client().post("/send-inn/", pitch_post_data(), REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 429
    assert "for mange pitcher" in response.content.decode()
    other = pitch_post_data(submitter_email="per@example.no")
    assert Client().post("/send-inn/", other, REMOTE_ADDR="198.51.100.3").status_code == 302
