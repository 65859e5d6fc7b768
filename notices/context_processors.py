from django.utils.functional import SimpleLazyObject

from notices.selectors import unread_count
from org.roles import ROLE_HR, get_roles


def unread_notices(request):
    """The badge on the navigation bar's bell: one indexed count, and none at all for an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The early-warning catalog's link, for HR of the whole bureau (the roles are cached on the user: no query).
    whole_bureau_hr = any(path is None for _org, path in get_roles(user).scopes.get(ROLE_HR, []))
    # Counted when a template first shows it: not on a fragment without the bar, nor on the inbox, which counts its
    # notices and the unread ones in one query and passes the number itself.
    unread = SimpleLazyObject(lambda: unread_count(user))
    return {"unread_notice_count": unread, "warning_catalog_link": whole_bureau_hr}
