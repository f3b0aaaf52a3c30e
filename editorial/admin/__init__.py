"""Each app registers its own models' admins in its own `admin` package: here, submissions' too.

The editors' door: the Django admin (the editors' site, editorial.sites), shaped for the daily
review of submissions. Importing the modules registers their ModelAdmins: reference (calls,
themes, municipalities, counties), submissions (the review; its filters, forms, inlines and
extra pages in the modules of those names), people (people and the erasure log) and users (the
accounts: a password set for someone else is temporary).
"""

from editorial.admin import people, reference, submissions, users

__all__ = ["people", "reference", "submissions", "users"]
