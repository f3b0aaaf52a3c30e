"""E-mail backends for tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, naming the address as real servers do."""

    def send_messages(self, email_messages):
        recipients = {address: (550, b"no such user") for m in email_messages for address in m.to}
        raise smtplib.SMTPRecipientsRefused(recipients)
