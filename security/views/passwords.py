from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from security.middleware import password_expired
from security.receivers import PASSWORD_CHANGED_SESSION_KEY
from security.services.passwords import password_change
from security.views.redirects import next_url


def password_change_page(request):
    """Any signed-in user changes their password here; staff whose password is older than PASSWORD_MAX_AGE_DAYS are
    sent here before anything else."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = password_change(user=request.user, password=form.cleaned_data["new_password1"], actor=request.user)
        update_session_auth_hash(request, request.user)
        request.session[PASSWORD_CHANGED_SESSION_KEY] = changed.isoformat()
        messages.success(request, _("密码已修改。接口令牌已全部作废,需要时请重新申请。"))
        return redirect(next_url(request))
    return render(
        request,
        "registration/password_change_form.html",
        {"form": form, "next": next_url(request), "expired": password_expired(request)},
    )
