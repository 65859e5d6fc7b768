import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库(pg_dump 自定义格式,一个快照)与文件存储,并写出清单(各表行数、各文件校验和)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="备份写入的目录(不存在则创建;默认 var/backups/cadre-eval-<UTC 时间>)。",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"cadre-eval-{stamp}"
        try:
            manifest = backup_create(output=Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {output}:{len(manifest['tables'])} 张表 {manifest['rows']} 行,{len(manifest['files'])} 个文件。"
            )
        )
