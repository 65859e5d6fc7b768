"""Signing in and out of the API: `POST /api/auth/token/` (username, password and, for the roles that need it, the
one-time code) answers a token for `Authorization: Token …`; `POST /api/auth/logout/` revokes the token it is sent
with."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import validated
from security.services.tokens import api_token_issue, api_token_revoke, api_token_roles_allow
from security.two_factor import second_factor_check


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        label=_("动态验证码"),
        required=False,
        allow_blank=True,
        help_text=_("管理员、组织人事和党组成员:验证器应用显示的六位数字,或一个恢复码。"),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(label=_("令牌"))
    expiry = serializers.DateTimeField(label=_("到期时间"), help_text=_("闲置到期时间;每次使用顺延,直至最长期限。"))


class ObtainTokenView(APIView):
    # No session and so no CSRF: the credentials are in the body.
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request):
        data = validated(TokenRequestSerializer(data=request.data))
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if user is None:
            raise exceptions.ValidationError({"non_field_errors": [_("用户名或密码不正确。")]})
        if not api_token_roles_allow(user):
            raise exceptions.PermissionDenied(_("你的角色不使用接口令牌:接口只对需要它的角色开放。"))
        problem = second_factor_check(user=user, code=data.get("otp_token", ""))
        if problem:
            raise exceptions.ValidationError({"otp_token": [problem]})
        token, instance = api_token_issue(user=user)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data, status=status.HTTP_200_OK)


class LogoutView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        api_token_revoke(token=request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
