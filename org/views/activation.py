"""The public page where a cadre activates their login: the username and the one-time code from the activation
sheet, then a password of their own. Failed codes count as failed logins (django-axes): after AXES_FAILURE_LIMIT
of them for one username from one address the form is locked like the login page."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from common.errors import ApplicationError, add_error_to_form
from org import services
from org.forms.accounts import ActivationForm
from org.services.accounts import FAILED

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("code", "password1", "password2")
def account_activate(request):
    if request.user.is_authenticated:
        # Activating another login would sign this one out in the middle of its work.
        return render(request, "registration/activate.html", {"signed_in": True})
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": form.cleaned_data["username"]}
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, None, credentials)
        try:
            user = services.account_activate(**form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
            if error.code == FAILED:
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("账号已激活,欢迎使用。以后请用用户名和您设置的密码登录。"))
            return redirect("home")
    return render(request, "registration/activate.html", {"form": form})


account_activate.login_exempt = True  # type: ignore[attr-defined]  # a mark read by common.middleware
