"""The access matrix: every URL the admin answers, taken from its URL patterns (the site's own
and each ModelAdmin's, extra views included), as anonymous, a plain user, a staff user outside
the editor groups, and an editor."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern
from taggit.models import Tag

from book.models import Edition
from editorial.models import EditorialNote
from editorial.roles import EDITOR_PERMISSIONS
from participation.models import Input, Tool
from submissions.models import Call, County, Erasure, Municipality, Person, Submission, Theme
from submissions.workflow import State
from tests.factories import make_edition, make_theme

pytestmark = pytest.mark.django_db

# Open to everyone by design: where one signs in and out.
# The sign-in pages, and the admin's language choice (a cookie, also offered on the sign-in page).
PUBLIC = {"login", "logout", "language"}
MISSING = 999_999  # the id of an object that does not exist
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture
def objects(submission, editor):
    """One object of each model that has pages of its own (the others are tried with an id
    that does not exist, which must be guarded just the same)."""
    submission.tags.add("kafé")
    EditorialNote.objects.create(submission=submission, text="Intern")
    return {
        Submission: submission,
        Call: submission.call,
        Person: submission.people.first(),
        Municipality: submission.municipalities.first(),
        County: County.objects.first(),
        Tag: Tag.objects.get(name="kafé"),
        Theme: make_theme(),
        Erasure: Erasure.objects.create(submission=submission, person_id=1, history_rows=0),
        Edition: make_edition(),
        Input: Input.objects.create(name="Per", email="per@example.no", text="Innspill"),
        Tool: Tool.objects.create(title="Verktøy", description="Om", link="https://example.no/"),
        get_user_model(): editor,
        Group: editor.groups.first(),
    }


def admin_urls(objects) -> dict[str, str]:
    """{name: address} of every pattern of the admin, its parameters filled in."""
    urls = {}
    for prefix, pattern, model in _walk(admin.site.get_urls(), "/admin/", None):
        name = pattern.name or f"{prefix}{pattern.pattern}"
        urls[name] = prefix + _filled(pattern, model, objects)
    return urls


def _walk(patterns, prefix, model):
    by_prefix = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = str(entry.pattern)
            yield from _walk(entry.url_patterns, prefix + route, by_prefix.get(route, model))
        else:
            yield prefix, entry, model


def _filled(pattern: URLPattern, model, objects) -> str:
    obj = objects.get(model)
    record = obj.history.first() if obj is not None and hasattr(obj, "history") else None
    values = {
        "object_id": obj.pk if obj else MISSING,
        "pk": obj.pk if obj else MISSING,
        "id": obj.pk if obj else MISSING,
        "history_id": record.history_id if record else MISSING,
        "submission_pk": objects[Submission].pk,
        "content_type_id": ContentType.objects.get_for_model(Submission).pk,
        "url": "no-such-page/",
    }
    if isinstance(pattern.pattern, RoutePattern):
        route = str(pattern.pattern)
        if model is None and route.startswith("r/"):  # "view on site" of the case
            values["object_id"] = objects[Submission].pk
        # A parameter this matrix does not know yet gets a value every converter accepts.
        return PARAMETER.sub(lambda m: str(values.get(m[1], 1)), route)
    regex = str(pattern.pattern)
    if regex == r"^([^/]+)/history/([^/]+)/$":  # one historical version (simple_history)
        return f"{values['object_id']}/history/{values['history_id']}/"
    if "app_label" in regex:
        return "submissions/"
    return "no-such-page/"  # the catch-all


def test_the_matrix_covers_every_extra_editorial_page(objects):
    urls = admin_urls(objects)
    case = objects[Submission].pk
    for name in (
        "submissions_submission_transition",
        "submissions_submission_request_approval",
        "submissions_submission_restore",
        "submissions_submission_attachment",
        "submissions_submission_simple_history",
        "submissions_person_change",
        "book_preview",
        "book_preview_case",
        "second_factor",
    ):
        assert name in urls, name
    assert (
        urls["submissions_submission_transition"]
        == f"/admin/submissions/submission/{case}/transition/"
    )


@pytest.mark.parametrize("who", ["anonymous", "plain user", "staff outside editor groups"])
def test_nobody_but_editors_gets_into_the_editorial_pages(client, objects, who):
    if who != "anonymous":
        user = get_user_model().objects.create_user(
            "x@example.no", password="pw", is_staff=who.startswith("staff")
        )
        client.force_login(user)
    tried = 0
    for name, url in admin_urls(objects).items():
        if name in PUBLIC:
            continue
        for method in (client.get, client.post):
            response = method(url, {"target": State.IN_REVIEW, "post": "yes"})
            assert response.status_code == 302, (method.__name__, url)
            assert response["Location"].startswith("/admin/login/"), (method.__name__, url)
            tried += 1
    assert tried > 200
    assert Submission.objects.get().state == State.PITCH_RECEIVED
    assert all(type(obj).objects.filter(pk=obj.pk).exists() for obj in objects.values())


def test_editor_reaches_every_editorial_page(editor_client, objects):
    """Never sent to the login page, never a server error; every page of the editors' own
    models opens, the others say "forbidden"."""
    editorial = {(app, model) for app, model, actions in EDITOR_PERMISSIONS if "view" in actions}
    statuses = {}
    for name, url in admin_urls(objects).items():
        if name in PUBLIC:
            continue
        response = editor_client.get(url)
        assert not response.get("Location", "").startswith("/admin/login/"), url
        statuses[name] = response.status_code
    for app, model in editorial:
        for page in ("changelist", "change", "history"):
            name = f"{app}_{model}_{page}"
            if name in statuses and (page == "changelist" or _has_object(app, model, objects)):
                assert statuses[name] == 200, name
    assert statuses["submissions_submission_attachment"] == 404  # no attachment uploaded
    assert statuses["auth_user_changelist"] == 403
    assert statuses["book_preview_case"] == 200


def _has_object(app: str, model: str, objects) -> bool:
    return any((m._meta.app_label, m._meta.model_name) == (app, model) for m in objects)


def test_editorial_notes_never_reach_the_submitter_pages(client, editor_client, submission):
    from submissions import links

    EditorialNote.objects.create(submission=submission, text="Intern: sjekk tallene")
    client.logout()
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    for path in ("", "tekst/", "pitch/"):
        html = client.get(f"/send-inn/bidrag/{submission.public_id}/{path}").content.decode()
        assert "sjekk tallene" not in html
