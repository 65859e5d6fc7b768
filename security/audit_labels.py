"""The words for the security app's audit rows (all written on the user concerned)."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields
from security.models import AdminRole


def _admin_role(value) -> str:
    return str(dict(AdminRole.Role.choices).get(value, value))


register_actions(
    {
        "security.token.issue": _("申请接口令牌"),
        "security.token.revoke": _("注销接口令牌"),
        "security.token.revoke_all": _("作废全部接口令牌"),
        "security.password.change": _("修改密码"),
        "security.two_factor.enrol": _("启用两步验证"),
        "security.two_factor.recovery_renew": _("重新生成恢复码"),
        "security.two_factor.reset": _("重置两步验证"),
        "security.user.deactivate": _("停用账号"),
        "security.sign_out": _("退出登录"),
        "security.admin_role.assign": _("指定管理员"),
        "security.admin_role.revoke": _("撤销管理员"),
    }
)
register_fields(
    "auth.user",
    {
        "token_key": Field(label=_("令牌前缀")),
        "token_keys": Field(label=_("令牌前缀")),
        "expiry": Field(label=_("到期时间")),
        "device": Field(label=_("验证设备")),
        "role": Field(label=_("管理员类别"), render=_admin_role),
        "sessions": Field(label=_("删除的会话")),
        "tokens": Field(label=_("作废的令牌")),
        # The password's hash is nobody's business, not even in the history.
        "password": None,
    },
)
