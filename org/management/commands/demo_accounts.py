from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from org.demo import DEMO_ACCOUNTS, DEMO_ORG_CODE
from org.demo_upkeep import demo_activation_cadre
from org.models import Organization
from org.services import account_activation_issue


class Command(BaseCommand):
    help = "打印登录地址和演示账号;并为一名演示干部重新生成激活码,用于试用账号激活。"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        lines = [
            "",
            "=" * 64,
            f"  干部考核管理系统已启动:{url}",
            f"  演示账号(密码均为 {settings.CADRE_DEMO_PASSWORD}):",
        ]
        lines += [f"    {username:<10} {role:<24} {sees}" for username, role, sees in DEMO_ACCOUNTS]
        lines += self._activation(url)
        lines += ["=" * 64, ""]
        self.stdout.write("\n".join(lines))

    @staticmethod
    def _activation(url: str) -> list[str]:
        """A fresh code for one demo cadre whose login waits for activation (the last one printed is void)."""
        organization = Organization.objects.filter(code=DEMO_ORG_CODE).first()
        cadre = demo_activation_cadre(organization) if organization else None
        if cadre is None:
            return []
        issued = account_activation_issue(cadres=[cadre], actor=None, reason="演示:试用账号激活")[0]
        expires = timezone.localtime(issued.expires_at).strftime("%Y-%m-%d")
        return [
            f"  试用账号激活:打开 {url.rstrip('/')}/accounts/activate/ ,",
            f"    用户名 {issued.username} ({cadre.unit.name} {cadre.name}),激活码 {issued.code} (至 {expires} 有效)",
        ]
