from notices.selectors import unread_count


def unread_notices(request):
    """The badge on the navigation bar's bell: one indexed count, and none at all for an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notice_count": unread_count(user)}
