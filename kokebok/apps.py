from django.apps import AppConfig


class KokebokConfig(AppConfig):
    name = "kokebok"

    def ready(self):
        from kokebok import checks  # noqa: F401 - registers the system checks
