from django.core.management.base import BaseCommand

from org.demo import DEMO_ORG_NAME, demo_exists, demo_load


class Command(BaseCommand):
    help = "创建演示机构(示例县市场监督管理局)及各角色演示账号;已存在时不做改动。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="考核组年度(默认今年)")

    def handle(self, *args, year=None, **options):
        if demo_exists():
            self.stdout.write(f"演示机构“{DEMO_ORG_NAME}”已存在,未做改动。")
            return
        org = demo_load(year=year)
        self.stdout.write(self.style.SUCCESS(f"已创建演示机构“{org.name}”。"))
