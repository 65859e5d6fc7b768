"""The username a cadre's login gets, from the CADRE_USERNAME_FORMAT setting (the 工号 by default)."""

import re

from django.conf import settings

USERNAME_MAX = 150  # django.contrib.auth.models.User.username
# What django.contrib.auth.validators.UnicodeUsernameValidator accepts, compiled once: a roster of thousands of
# cadres asks for thousands of usernames.
USERNAME = re.compile(r"^[\w.@+-]+\Z")


class UnusableUsername(ValueError):
    pass


def username_for(cadre) -> str:
    """`{employee_no}` by default; `{organization}` is the organization's code (for one installation serving
    several organizations, whose 工号 may repeat)."""
    template = getattr(settings, "CADRE_USERNAME_FORMAT", "{employee_no}")
    username = template.format(employee_no=cadre.employee_no, organization=cadre.organization.code).strip()
    if not username or len(username) > USERNAME_MAX or not USERNAME.match(username):
        raise UnusableUsername(username)
    return username
