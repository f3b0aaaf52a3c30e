"""Each app registers its own models' admins in its own `admin` package: here, submissions' too.

The editors' door: the Django admin (the editors' site, editorial.sites), shaped for the daily
review of submissions. Importing the modules registers their ModelAdmins: reference (calls,
themes, municipalities, counties), submissions (the review; its filters, forms, inlines and
extra pages in the modules of those names) and people (people and the erasure log).
"""

from editorial.admin import people, reference, submissions

__all__ = ["people", "reference", "submissions"]
