from notices.selectors import unread_count
from org.roles import ROLE_HR, get_roles


def unread_notices(request):
    """The badge on the navigation bar's bell: one indexed count, and none at all for an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The early-warning catalog's link, for HR of the whole bureau (the roles are cached on the user: no query).
    whole_bureau_hr = any(path is None for _org, path in get_roles(user).scopes.get(ROLE_HR, []))
    return {"unread_notice_count": unread_count(user), "warning_catalog_link": whole_bureau_hr}
