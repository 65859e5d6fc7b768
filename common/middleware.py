import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths anyone may open: the login page itself, static files, language switch, and the API,
# which answers 401/403 itself rather than redirecting.
PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/i18n/", "/api/", "/admin/login/", "/healthz")


class LoginRequiredByDefaultMiddleware:
    """Deny by default: every page needs a login unless its path is listed as public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or request.path.startswith(PUBLIC_PREFIXES):
            return None
        if getattr(view_func, "login_exempt", False):
            return None
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class ChosenLanguageOnlyMiddleware:
    """Chinese unless the user picked English in the language menu: a browser's Accept-Language header
    (often English on office machines with an English OS) does not switch the interface by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


SESSION_RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE from the last request) without a session write on every request: a
    signed-in session is saved again, and so its expiry moved on, only once it was last saved SESSION_RENEW_SECONDS
    ago or more. A session thus ends between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after
    the last request. Sits right after SessionMiddleware, so that its mark is saved by it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.modified:
            return response
        renewed = session.get(SESSION_RENEWED_KEY, 0)  # loads it, if the request did not
        if session.session_key is None or not session.keys():  # an expired or unknown key: nothing to renew
            return response
        now = int(time.time())
        if now - renewed >= settings.SESSION_RENEW_SECONDS:
            session[SESSION_RENEWED_KEY] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response
