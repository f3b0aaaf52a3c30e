from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        # Like Django's own permissions, the editor groups are brought up to date after every
        # migrate, so a new model's permissions reach the editors without a migration of its own.
        post_migrate.connect(sync_groups_after_migrate, sender=self)


def sync_groups_after_migrate(**kwargs):
    from editorial.roles import sync_editor_groups

    sync_editor_groups()


class EditorialAdminConfig(AdminConfig):
    """django.contrib.admin with our site as the default `admin.site`."""

    default_site = "editorial.sites.EditorialAdminSite"
