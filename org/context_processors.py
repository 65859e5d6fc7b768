import datetime

from django.utils import timezone

from common.workdays import calendar_warning
from org.roles import ROLE_HR, get_roles


def roles(request):
    # A request refused before the authentication middleware ran (a bad Host header: the 400 page) has no user.
    user_roles = get_roles(getattr(request, "user", None))
    context = {"user_roles": user_roles, "role_names": user_roles.names}
    if user_roles.is_admin or user_roles.has(ROLE_HR):
        # Deadlines are counted up to a few months ahead; warn before they reach a year with no calendar.
        today = timezone.localdate()
        context["calendar_warning"] = calendar_warning(today, today + datetime.timedelta(days=90))
    return context
