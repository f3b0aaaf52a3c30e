import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from editorial import account_setup
from editorial.roles import EDITOR_GROUPS, sync_editor_groups


class Command(BaseCommand):
    help = "Create an editor account (or add an existing user to an editor group)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--group", required=True, choices=EDITOR_GROUPS)

    def handle(self, *args, email, group, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        sync_editor_groups()
        user, created = get_user_model().objects.get_or_create(
            username=email.lower(), defaults={"email": email.lower(), "is_staff": True}
        )
        password = None
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        if password:
            account_setup.password_set_by_another(user)
        self.stdout.write(f"Editor {user.username} is in the group {group}.")
        if password:
            days = settings.SIGN_IN_TEMPORARY_PASSWORD_DAYS
            self.stdout.write(
                f"Temporary password (they choose their own at first sign-in; it stops working "
                f"after {days} days): {password}"
            )
        if settings.EDITOR_MFA:
            self.stdout.write(
                "At their first sign-in they set up an authenticator app (second factor), "
                f"after opening a link e-mailed to {user.email}."
            )
