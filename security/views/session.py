from django.contrib.auth import views as auth_views

from security.services.tokens import api_tokens_revoke_all


class LogoutView(auth_views.LogoutView):
    """Signing out ends the session (Django flushes it) and revokes the user's API tokens (GB/T 22239-2019 8.1.4.10
    剩余信息保护: nothing of the sign-in outlives it)."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            api_tokens_revoke_all(user=request.user, actor=request.user, reason="退出登录")
        return super().post(request, *args, **kwargs)
