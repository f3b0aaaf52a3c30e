"""Each app registers its own models' admins in its own `admin` package: here, the editions'.

Importing the modules registers their ModelAdmins: editions (EditionAdmin; its extra pages,
the previews among them, are in views).
"""

from book.admin import editions

__all__ = ["editions"]
