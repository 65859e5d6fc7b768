from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从 backup 命令做的备份恢复数据库与文件存储(只写入空数据库与空目录,除非加 --force),并按清单核对。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份所在的目录(内含 manifest.json)。")
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库或文件存储不空时也恢复:删除其中与备份同名的数据库对象,清空文件存储后再写入。",
        )

    def handle(self, *args, source, force, **options):
        try:
            report = backup_restore(source=Path(source), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复并核对:{report.tables} 张表 {report.rows} 行,{report.files} 个文件,与备份清单一致。"
                "请接着运行 verify_audit 校验审计记录。"
            )
        )
