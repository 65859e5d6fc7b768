"""The username a cadre's login gets, from the CADRE_USERNAME_FORMAT setting (the 工号 by default)."""

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

USERNAME_MAX = 150  # django.contrib.auth.models.User.username


class UnusableUsername(ValueError):
    pass


def username_for(cadre) -> str:
    """`{employee_no}` by default; `{organization}` is the organization's code (for one installation serving
    several organizations, whose 工号 may repeat)."""
    template = getattr(settings, "CADRE_USERNAME_FORMAT", "{employee_no}")
    username = template.format(employee_no=cadre.employee_no, organization=cadre.organization.code).strip()
    if not username or len(username) > USERNAME_MAX:
        raise UnusableUsername(username)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise UnusableUsername(username) from exc
    return username
