from django.conf import settings
from django.core.management.base import BaseCommand

from org.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "打印登录地址和演示账号。"

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
        lines += ["=" * 64, ""]
        self.stdout.write("\n".join(lines))
