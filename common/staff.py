"""Who counts as signed-in staff: for the admin (editorial.roles) and for the previews of
unpublished cases on the public pages and in the book, which must not import editorial code.

With settings.EDITOR_MFA on (production), a password alone is not enough: the session must also
have passed the second factor (editorial.second_factor).
"""

from django.conf import settings


def second_factor_passed(user) -> bool:
    if not settings.EDITOR_MFA:
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified and is_verified())


def may_preview(user) -> bool:
    """Staff who may read unpublished cases, as public pages and as book pages."""
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("submissions.view_submission")
        and second_factor_passed(user)
    )
