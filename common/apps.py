from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared kernel: what every app uses and that imports no other app of the project."""

    name = "common"
    verbose_name = _("Common")
