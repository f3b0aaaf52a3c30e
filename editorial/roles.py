"""Who the editors are: two groups with the same editorial permissions, and superusers; and
who of them may use the admin now (the second factor, see common.staff).

The permission list is the one place that says what editors may do; `sync_editor_groups()`
applies it (from the migration and from `create_editor`), so the groups keep up with new models.
"""

from django.contrib.auth.models import Group, Permission

from common.staff import second_factor_passed

# Named after their work, not after who publishes (the publisher app says who that is).
EDITOR_GROUPS = ("Redaksjonen", "Partnerredaksjonen")

# (app label, model, actions) editors have.
EDITOR_PERMISSIONS = [
    ("submissions", "call", ("add", "change", "view")),
    ("submissions", "guidingquestion", ("add", "change", "delete", "view")),
    ("submissions", "theme", ("add", "change", "delete", "view")),
    ("submissions", "submission", ("change", "view")),
    ("submissions", "answer", ("change", "view")),
    ("submissions", "socialenterprise", ("add", "change", "delete", "view")),
    ("submissions", "person", ("change", "view")),
    ("submissions", "editapproval", ("view",)),
    ("submissions", "statechange", ("view",)),
    ("submissions", "municipality", ("view",)),
    ("submissions", "county", ("view",)),
    ("editorial", "editorialnote", ("add", "view")),
    ("submissions", "erasure", ("view",)),
    ("editorial", "retentionrun", ("view",)),
    ("editorial", "accessexport", ("view",)),
    ("taggit", "tag", ("add", "change", "delete", "view")),
    ("participation", "input", ("change", "view")),
    ("participation", "tool", ("add", "change", "delete", "view")),
    ("recipes", "recipe", ("add", "change", "delete", "view")),
    ("book", "edition", ("add", "change", "view")),
]


def editor_permissions():
    wanted = {
        (app, f"{action}_{model}")
        for app, model, actions in EDITOR_PERMISSIONS
        for action in actions
    }
    permissions = Permission.objects.select_related("content_type").filter(
        content_type__app_label__in={app for app, _model, _actions in EDITOR_PERMISSIONS}
    )
    return [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]


def sync_editor_groups() -> list[Group]:
    permissions = editor_permissions()
    groups = []
    for name in EDITOR_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups.append(group)
    return groups


def is_editor(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists()


def may_use_admin(user) -> bool:
    """An editor who has also passed the second factor, when it is required."""
    return is_editor(user) and second_factor_passed(user)


def needs_second_factor(user) -> bool:
    """An editor signed in with their password who must still give a code."""
    return is_editor(user) and not second_factor_passed(user)
