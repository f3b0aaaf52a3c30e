"""Every write in the admin to something readers see tells them: once its transaction commits,
the cached pages are stale (a new generation) and the book is queued for a rebuild.

The table below holds every admin page and action that writes a public-facing model; the last
test fails when a public-facing model's admin can do something the table does not try.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks_db.models import DBTaskResult

from participation.models import Input, Tool
from publishing.cache import current_generation
from recipes.models import Recipe
from submissions import services
from submissions.models import Call, County, Municipality, Person, Submission, Theme
from submissions.workflow import State, transition
from tests.editorial.test_workflow_admin import change_form_data
from tests.factories import BEFORE_DEADLINES, make_call, make_submission
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db

# The models whose content readers see, on the site or in the book.
PUBLIC_MODELS = [Call, Theme, Submission, Person, Input, Tool, Recipe, Municipality, County]


def url(model, suffix="") -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def make_theme() -> Theme:
    return Theme.objects.create(name="Bolig", slug="bolig", position=3)


def make_tool() -> Tool:
    return Tool.objects.create(
        title="Veileder", link="https://example.no/", description="Om innkjøp.", status="approved"
    )


def make_input() -> Input:
    return Input.objects.create(
        name="Per", email="per@example.no", text="Et innspill.", publish_consent=True
    )


def change(model, make, **changes):
    """Post the object's change page back with `changes`."""

    def write(client):
        obj = make()
        data = {**change_form_data(client, url(model, f"{obj.pk}/change/")), **changes}
        return client.post(url(model, f"{obj.pk}/change/"), data)

    return write


def add(model, data):
    """Post the add page with its defaults and `data`."""

    def write(client):
        return client.post(
            url(model, "add/"), {**change_form_data(client, url(model, "add/")), **data}
        )

    return write


def delete(model, make):
    def write(client):
        return client.post(url(model, f"{make().pk}/delete/"), {"post": "yes"})

    return write


def action(model, make, name, **extra):
    def write(client):
        selected = {"action": name, "_selected_action": [make().pk], **extra}
        return client.post(url(model), selected)

    return write


def list_edit(model, make, field, value):
    """Change one column of the review list (list_editable) and save the list."""

    def write(client):
        obj = make()
        data = {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(obj.pk),
            f"form-0-{field}": value,
            "_save": "Save",
        }
        return client.post(url(model), data)

    return write


def a_case() -> Submission:
    """A published case (changes to one readers cannot see tell nobody)."""
    call = make_call(slug="en-til")
    case = make_submission(call, submitter_email="en@example.no")
    answers = {question.pk: "Et svar." for question in call.questions.all()}
    services.save_writeup(case, answers=answers, fields={}, submit=True, now=BEFORE_DEADLINES)
    editor = get_user_model().objects.get(username="redaktor")
    for state in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        transition(case, state, by=editor)
    return case


def a_person() -> Person:
    return a_case().people.get(side=Person.Side.MUNICIPALITY)


NEW_THEME = {"name": "Ny", "slug": "ny", "position": "1"}
NEW_TOOL = {
    "title": "Ny veileder",
    "link": "https://example.no/ny",
    "description": "Om avtaler.",
    "audience": "municipality",
    "status": "approved",
    "position": "0",
}
NEW_RECIPE = {
    "collaboration_form": "grant",
    "slug": "tilskudd",
    "title": "Tilskudd",
    "when_it_fits": "Når kommunen gir tilskudd.",
    "published": "on",
}
NEW_CALL = {
    "title": "Ny runde",
    "slug": "ny-runde",
    "pitch_deadline_0": "2027-01-15",
    "pitch_deadline_1": "23:59:00",
    "writeup_deadline_0": "2027-02-15",
    "writeup_deadline_1": "23:59:00",
    "writeup_target_words": "600",
    "writeup_max_words": "1200",
    "questions-TOTAL_FORMS": "0",
    "questions-INITIAL_FORMS": "0",
}

# (what, who may do it, the write)
WRITES = {
    ("call", "add"): ("editor", add(Call, NEW_CALL)),
    ("call", "change"): ("editor", change(Call, lambda: make_call(slug="x"), title="Endret")),
    ("call", "delete"): ("superuser", delete(Call, lambda: make_call(slug="x"))),
    ("call", "bulk_delete"): (
        "superuser",
        action(Call, lambda: make_call(slug="x"), "delete_selected", post="yes"),
    ),
    ("theme", "add"): ("editor", add(Theme, NEW_THEME)),
    ("theme", "change"): ("editor", change(Theme, make_theme, name="Bolig og nabolag")),
    ("theme", "list_edit"): ("editor", list_edit(Theme, make_theme, "position", "9")),
    ("theme", "delete"): ("editor", delete(Theme, make_theme)),
    ("theme", "bulk_delete"): ("editor", action(Theme, make_theme, "delete_selected", post="yes")),
    ("submission", "change"): ("editor", change(Submission, a_case, link="https://ny.example")),
    ("submission", "delete"): ("superuser", delete(Submission, a_case)),
    (
        "submission",
        "bulk_delete",
    ): ("superuser", action(Submission, a_case, "delete_selected", post="yes")),
    ("person", "change"): ("editor", change(Person, a_person, phone="")),
    ("person", "delete"): ("superuser", delete(Person, a_person)),
    ("person", "bulk_delete"): (
        "superuser",
        action(Person, a_person, "delete_selected", post="yes"),
    ),
    ("person", "erase"): ("editor", action(Person, a_person, "erase")),
    ("input", "change"): ("editor", change(Input, make_input, answer="Takk!")),
    ("input", "delete"): ("superuser", delete(Input, make_input)),
    ("input", "bulk_delete"): (
        "superuser",
        action(Input, make_input, "delete_selected", post="yes"),
    ),
    ("input", "approve"): ("editor", action(Input, make_input, "approve")),
    ("input", "reject"): ("editor", action(Input, make_input, "reject")),
    ("input", "mark_spam"): ("editor", action(Input, make_input, "mark_spam")),
    ("tool", "add"): ("editor", add(Tool, NEW_TOOL)),
    ("tool", "change"): ("editor", change(Tool, make_tool, title="Bedre veileder")),
    ("tool", "list_edit"): ("editor", list_edit(Tool, make_tool, "position", "4")),
    ("tool", "delete"): ("editor", delete(Tool, make_tool)),
    ("tool", "bulk_delete"): ("editor", action(Tool, make_tool, "delete_selected", post="yes")),
    ("tool", "approve"): ("editor", action(Tool, make_tool, "approve")),
    ("tool", "reject"): ("editor", action(Tool, make_tool, "reject")),
    ("tool", "mark_spam"): ("editor", action(Tool, make_tool, "mark_spam")),
    ("recipe", "add"): ("editor", add(Recipe, NEW_RECIPE)),
    ("recipe", "change"): ("editor", change(Recipe, make_recipe, steps="1. Ring.")),
    ("recipe", "delete"): ("editor", delete(Recipe, make_recipe)),
    ("recipe", "bulk_delete"): (
        "editor",
        action(Recipe, make_recipe, "delete_selected", post="yes"),
    ),
}


@pytest.fixture
def superuser_client(db):
    user = get_user_model().objects.create_superuser("sjef", password="pw")
    client = Client()
    client.force_login(user)
    return client


def rebuilds_queued() -> int:
    return DBTaskResult.objects.filter(task_path="book.tasks.rebuild_book").count()


@pytest.mark.parametrize("write", WRITES, ids=lambda write: "-".join(write))
def test_the_write_tells_the_pages_and_the_book_once_it_commits(
    request,
    write,
    editor,
    clock,
    tasks_in_database,
    django_capture_on_commit_callbacks,
):
    who, do = WRITES[write]
    client = request.getfixturevalue("editor_client" if who == "editor" else "superuser_client")
    generation, rebuilds = current_generation(), rebuilds_queued()
    with django_capture_on_commit_callbacks(execute=True):
        response = do(client)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert current_generation() == generation + 1
    assert rebuilds_queued() == rebuilds + 1


# Actions that change nothing readers see: the exports (a person's access export too), revoking
# secret links, making pitches (never public at first) and the change of state (which tells
# readers itself when it publishes or unpublishes a case: tests/publishing/test_cache.py).
NOT_PUBLIC_ACTIONS = {
    "export_csv",
    "export_csv_semicolon",
    "export_json",
    "export_access",
    "revoke_links",
    "make_pitch",
    "change_state",
}


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model._meta.model_name)
def test_the_table_tries_every_write_a_public_models_admin_allows(superuser_client, model):
    model_admin = admin.site._registry[model]
    request = superuser_client.get(url(model)).wsgi_request
    allowed = {
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
        "list_edit": bool(model_admin.list_editable),
        **dict.fromkeys(set(model_admin.get_actions(request)) - NOT_PUBLIC_ACTIONS, True),
    }
    if "delete_selected" in allowed:
        allowed["bulk_delete"] = allowed.pop("delete_selected")
    tried = {how for what, how in WRITES if what == model._meta.model_name}
    assert {how for how, may in allowed.items() if may} <= tried
