from django.contrib.auth import views as auth_views

from security.services.tokens import api_tokens_revoke_all, sign_out_record


class LogoutView(auth_views.LogoutView):
    """Signing out ends the session (Django flushes it: the row leaves the session store) and revokes the user's API
    tokens (GB/T 22239-2019 8.1.4.10 剩余信息保护: nothing of the sign-in outlives it); both are audited."""

    def post(self, request, *args, **kwargs):
        user = request.user if request.user.is_authenticated else None
        session_key = request.session.session_key
        tokens = api_tokens_revoke_all(user=user, actor=user, reason="退出登录") if user else 0
        response = super().post(request, *args, **kwargs)
        if user is not None:
            sign_out_record(user=user, session_key=session_key, tokens=tokens)
        return response
