import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.audit_chain import CHAINS
from common.audit_purge import audit_purge


class Command(BaseCommand):
    help = "清理超过保存期限(AUDIT_RETENTION_DAYS,至少 180 天)的审计记录,留下清理记录以便校验。单独运行,如每月一次。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保存天数,不少于 AUDIT_RETENTION_DAYS。")
        parser.add_argument("--dry-run", action="store_true", help="只显示将清理多少条。")

    def handle(self, *args, days, dry_run, **options):
        days = days if days is not None else settings.AUDIT_RETENTION_DAYS
        if days < settings.AUDIT_RETENTION_DAYS:
            raise CommandError(f"保存天数不得少于 {settings.AUDIT_RETENTION_DAYS} 天(AUDIT_RETENTION_DAYS)。")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        for label in CHAINS:
            result = audit_purge(label=label, cutoff=cutoff, dry_run=dry_run)
            verb = "将清理" if dry_run else "已清理"
            self.stdout.write(
                f"{label}: {verb} {result.purged} 条({cutoff:%Y-%m-%d %H:%M} 之前,至序号 {result.up_to or '—'})"
            )
