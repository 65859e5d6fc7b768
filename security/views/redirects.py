from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request) -> str:
    """Where to go once a sign-in step is done: the `next` the page was given, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL
