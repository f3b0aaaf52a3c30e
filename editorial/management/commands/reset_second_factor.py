from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial import second_factor


class Command(BaseCommand):
    help = (
        "Remove an editor's authenticator app and backup codes (a lost phone): at their next "
        "sign-in they set up a new app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the editor's user name (their e-mail address)")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No user named {username}.")
        removed = second_factor.reset(user)
        self.stdout.write(
            f"Removed {removed} second-factor device(s) of {user.username}: they set up a new "
            "authenticator app at their next sign-in."
        )
