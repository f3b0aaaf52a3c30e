"""Never lost, never locked out: a save that arrives after the session ended keeps its text in
that browser, says how to get back in, and the text waits in the form once the browser is let
in again; a case's address opened without access explains the way in and reveals nothing."""

import re
import uuid

import pytest
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import Client, RequestFactory
from django.urls import ResolverMatch

from submissions import access, links
from submissions.models import Answer
from submissions.urls import urlpatterns

pytestmark = pytest.mark.django_db

SIGNED_OUT = (
    "Du er logget ut. Teksten din er tatt vare på i denne nettleseren. Åpne lenken i e-posten, "
    "eller be om en ny lenke."
)
FILLED_IN = "Teksten du skrev da du ble logget ut, er fylt inn. Lagre for å beholde den."


def case_url(submission, page=""):
    return f"/send-inn/bidrag/{submission.public_id}/{page}"


def open_link(browser, submission):
    return browser.post(f"/send-inn/lenke/{links.issue_token(submission)}/")


def writeup_post(submission, text):
    first = submission.call.questions.first()
    return {f"answer_{first.pk}": text, "link": "", "photo_alt": "", "action": "draft"}, first


def test_a_writeup_saved_after_the_links_were_revoked_waits_for_the_next_link(submission):
    browser = Client()
    open_link(browser, submission)
    assert browser.get(case_url(submission, "tekst/")).status_code == 200
    links.revoke_tokens(submission)  # e.g. signed out on all devices from another phone
    data, question = writeup_post(submission, "Teksten jeg skrev på toget.")

    response = browser.post(case_url(submission, "tekst/"), data)

    assert response.status_code == 403
    html = response.content.decode()
    assert SIGNED_OUT in html
    assert 'action="/send-inn/ny-lenke/"' in html  # the new-link form
    assert not Answer.objects.filter(text__contains="toget").exists()

    # Back in, in the same browser: the link leads to the page, the text waits in its form.
    back_in = open_link(browser, submission)
    assert back_in["Location"] == case_url(submission, "tekst/")
    page = browser.get(back_in["Location"])
    assert page.status_code == 200
    assert "Teksten jeg skrev på toget." in page.content.decode()
    assert FILLED_IN in page.content.decode()

    # Saved: stored, and no longer waiting.
    assert browser.post(case_url(submission, "tekst/"), data).status_code == 302
    assert Answer.objects.get(submission=submission, question=question).text == (
        "Teksten jeg skrev på toget."
    )
    again = browser.get(case_url(submission, "tekst/")).content.decode()
    assert FILLED_IN not in again
    assert open_link(browser, submission)["Location"] == case_url(submission)


def test_a_save_after_the_session_cookie_was_lost_is_kept_for_that_browser_only(submission):
    data, _question = writeup_post(submission, "Skrevet før informasjonskapselen forsvant.")
    browser = Client()  # the session cookie is gone: a browser with no session at all
    assert browser.post(case_url(submission, "tekst/"), data).status_code == 403

    someone_else = Client()  # knows the case's address, and now has a link of their own
    open_link(someone_else, submission)
    assert "forsvant" not in someone_else.get(case_url(submission, "tekst/")).content.decode()

    open_link(browser, submission)
    assert "forsvant" in browser.get(case_url(submission, "tekst/")).content.decode()


def test_a_pitch_edit_after_the_session_ended_is_kept_too(submission):
    browser = Client()
    response = browser.post(case_url(submission, "pitch/"), {"title": "Ny tittel fra bussen"})
    assert response.status_code == 403
    assert SIGNED_OUT in response.content.decode()
    assert open_link(browser, submission)["Location"] == case_url(submission, "pitch/")
    assert "Ny tittel fra bussen" in browser.get(case_url(submission, "pitch/")).content.decode()


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("page", ["", "tekst/", "pitch/", "endringer/"])
def test_a_bookmark_on_another_device_explains_the_way_in_and_reveals_nothing(submission, page):
    bookmark = Client().get("/en" + case_url(submission, page))
    unknown_id = uuid.uuid4()
    unknown = Client().get(f"/en/send-inn/bidrag/{unknown_id}/{page}")
    assert bookmark.status_code == unknown.status_code == 404
    html = bookmark.content.decode()
    assert "Open the link in your e-mail" in html
    assert 'action="/en/send-inn/ny-lenke/"' in html
    assert submission.title not in html
    # The same page but for the address itself (in the language switcher's links).
    same = without_csrf_token(unknown).replace(str(unknown_id), str(submission.public_id))
    assert without_csrf_token(bookmark) == same


# --- The helper, on any view ---


def request_for(method, public_id, *, page="task", data=None, session=None):
    factory = RequestFactory()
    path = f"/send-inn/bidrag/{public_id}/{page}/"
    request = factory.post(path, data or {}) if method == "POST" else factory.get(path)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    if session is not None:
        request.session.update(session)
    request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name=page)
    return request


def test_case_session_keeps_the_text_fields_of_a_post_bounded_and_hands_them_back(submission):
    seen = []

    @access.case_session(keep_unsaved=True)
    def task(request, case):
        seen.append((case, request.kept_text))
        return redirect("/done/") if request.method == "POST" else HttpResponse("form")

    public_id = str(submission.public_id)
    huge = "x" * (access.KEPT_MAX_VALUE_CHARS + 10)
    post = request_for(
        "POST",
        public_id,
        data={"story": "Min tekst", "long": huge, "csrfmiddlewaretoken": "t", "action": "submit"},
    )
    assert task(post, public_id=public_id).status_code == 403
    assert seen == []  # the view never ran
    kept = dict(post.session.items())

    # Let in again (a valid link), the same browser: the view gets the text, for its page only.
    token = submission.tokens.first()
    session = {**kept, access.SESSION_KEY: {public_id: token.pk}}
    task(request_for("GET", public_id, session=session), public_id=public_id)
    case, data = seen[-1]
    assert case == submission
    assert data.get("story") == "Min tekst"
    assert len(data.get("long")) == access.KEPT_MAX_VALUE_CHARS
    assert "csrfmiddlewaretoken" not in data
    assert "action" not in data
    task(request_for("GET", public_id, page="other", session=session), public_id=public_id)
    assert seen[-1][1] is None

    # A successful save (a redirect) forgets it.
    saving = request_for("POST", public_id, data={"story": "Min tekst"}, session=session)
    task(saving, public_id=public_id)
    assert access.kept_text(saving, public_id) is None


def test_case_session_keeps_nothing_for_an_empty_post_or_without_keep_unsaved(submission):
    @access.case_session()
    def plain(request, case):
        return HttpResponse("ok")

    public_id = str(submission.public_id)
    post = request_for("POST", public_id, data={"story": "Tekst"})
    assert plain(post, public_id=public_id).status_code == 404
    assert access.KEPT_KEY not in post.session
    empty = request_for("POST", public_id, data={"story": "  "})
    assert (
        access.case_session(keep_unsaved=True)(plain)(empty, public_id=public_id).status_code == 404
    )
    assert access.KEPT_KEY not in empty.session


def test_a_session_keeps_text_for_a_few_cases_at_most(submission):
    request = request_for("POST", "x", data={"story": "Tekst"})
    for _ in range(access.KEPT_MAX_CASES + 3):
        assert access.keep_text(request, uuid.uuid4())
    assert len(request.session[access.KEPT_KEY]) == access.KEPT_MAX_CASES


def test_every_page_of_a_case_goes_through_case_session():
    case_pages = [p for p in urlpatterns if "<uuid:public_id>" in str(p.pattern)]
    assert len(case_pages) >= 6
    without = [p.name for p in case_pages if not hasattr(p.callback, "case_session")]
    assert without == []
    editing = {p.name for p in case_pages if p.callback.case_session["keep_unsaved"]}
    assert {"writeup", "edit_pitch"} <= editing
