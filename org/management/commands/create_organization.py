from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from org.services import organization_setup


class Command(BaseCommand):
    help = (
        "新建机构:机构、其根单位和第一位组织人事用户(全机构范围)。该用户没有密码,命令打印一次性激活码,"
        "由其本人在激活页面设置密码。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="机构代码(字母、数字、- 或 _),如 scjgj")
        parser.add_argument("--name", required=True, help="机构名称,如 某县市场监督管理局")
        parser.add_argument("--hr-username", required=True, help="第一位组织人事用户的登录名")
        parser.add_argument("--hr-name", default="", help="该用户的姓名(可选)")
        parser.add_argument("--base-url", default=None, help="站点地址,用于打印激活网址;默认取 CADRE_BASE_URL 设置")

    def handle(self, *args, code, name, hr_username, hr_name="", base_url=None, **options):
        try:
            setup = organization_setup(code=code, name=name, hr_username=hr_username, hr_full_name=hr_name)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        address = (base_url or settings.CADRE_BASE_URL).rstrip("/") + reverse("account_activate")
        expires = timezone.localtime(setup.activation.expires_at).strftime("%Y-%m-%d %H:%M")
        lines = [
            _("已新建机构“%(name)s”(代码 %(code)s)及其根单位。") % {"name": name, "code": code},
            _("组织人事用户:%(user)s(全机构范围)。") % {"user": setup.hr_user.username},
            _("一次性激活码:%(code)s(有效期至 %(expires)s)") % {"code": setup.activation.code, "expires": expires},
            _("请其打开 %(address)s,输入用户名和激活码,设置自己的密码。此激活码只显示这一次。") % {"address": address},
        ]
        self.stdout.write("\n".join(lines))
