from django.core.management.base import BaseCommand, CommandError

from org.models import Organization
from tenure.services.terms import terms_sync, terms_sync_all


class Command(BaseCommand):
    help = "按任职记录和任期制办法重新计算任期(定时任务每小时也会执行);只写入有变化的任期,并记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="机构代码(默认:全部设有任期制办法的机构)")

    def handle(self, *args, org=None, **options):
        if org is None:
            totals = terms_sync_all()
            self.stdout.write(
                f"{totals['organizations']} 个机构:新增 {totals['created']},更新 {totals['updated']},撤销 {totals['deleted']}。"
            )
            return
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(f"找不到机构代码“{org}”。")
        result = terms_sync(organization=organization, reason="命令行重新计算任期")
        self.stdout.write(
            f"新增 {result.created},更新 {result.updated},撤销 {result.deleted},新提醒 {result.reminders}。"
        )
