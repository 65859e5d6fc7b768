"""What the import_scores, import_points and import_vetoes commands share: read the file, check every row, print
the summary and write it all; or print every bad row (row, column, reason) and exit with status 1, writing nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.imports.applying import import_apply
from common.imports.issues import ImportInvalid
from org.models import Organization
from org.roster.scope import WHOLE_ORGANIZATION, roster_scope


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="xlsx 或 csv 文件")
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核年度")
        parser.add_argument("--dry-run", action="store_true", help="只校验并打印摘要,不写入")
        parser.add_argument(
            "--user",
            help="以该用户的身份导入(记为录入人,并只接受其管理范围内的干部);不填则不限范围、不记录入人",
        )

    def handle(self, *args, file, org, year, dry_run=False, user=None, **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        actor, scope = None, WHOLE_ORGANIZATION
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在或已停用。") % {"user": user})
            scope = roster_scope(user=actor, organization=organization)
            if scope is None:
                raise CommandError(
                    _("用户“%(user)s”无权向“%(org)s”导入数据。") % {"user": user, "org": organization.name}
                )
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("无法读取文件“%(file)s”:%(error)s") % {"file": file, "error": exc}) from exc
        try:
            plan = import_apply(
                kind=self.kind,
                organization=organization,
                year=year,
                content=content,
                file_name=path.name,
                scope=scope,
                actor=actor,
                dry_run=dry_run,
            )
        except ImportInvalid as exc:
            self.stderr.write(_("行号\t列\t原因"))
            for issue in exc.issues:
                self.stderr.write(
                    f"{issue.row if issue.row is not None else '—'}\t{issue.column or '—'}\t{issue.message}"
                )
            raise CommandError(exc.message, returncode=1) from exc

        self.stdout.write(
            _("%(what)s文件“%(file)s”共 %(rows)d 行,机构:%(org)s,年度:%(year)d。")
            % {"what": plan.title, "file": path.name, "rows": plan.row_count, "org": organization.name, "year": year}
        )
        for label, count in plan.summary():
            self.stdout.write(f"  {label}:{count}")
        if not plan.has_changes:
            self.stdout.write(_("与系统中的数据一致,无需导入。"))
        elif dry_run:
            self.stdout.write(self.style.WARNING(_("试运行(--dry-run):未写入任何数据。")))
        else:
            self.stdout.write(self.style.SUCCESS(_("导入完成。")))
