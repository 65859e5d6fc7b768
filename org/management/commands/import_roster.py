from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from org.models import Organization
from org.roster import WHOLE_ORGANIZATION, RosterInvalid, roster_import


class Command(BaseCommand):
    help = (
        "导入干部花名册(xlsx 或 csv):校验全部行,打印变更摘要并一次性写入;"
        "任何一行有错误时逐条打印错误(行号、列、原因)并退出,不写入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="花名册文件(.xlsx 或 .csv)")
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核组所属年度")
        parser.add_argument("--dry-run", action="store_true", help="只校验并打印变更摘要,不写入")

    def handle(self, *args, file, org, year, dry_run=False, **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("无法读取文件“%(file)s”:%(error)s") % {"file": file, "error": exc}) from exc
        try:
            plan = roster_import(
                organization=organization,
                year=year,
                content=content,
                file_name=path.name,
                scope=WHOLE_ORGANIZATION,
                dry_run=dry_run,
            )
        except RosterInvalid as exc:
            self.stderr.write(_("行号\t列\t原因"))
            for issue in exc.issues:
                self.stderr.write(
                    f"{issue.row if issue.row is not None else '—'}\t{issue.column or '—'}\t{issue.message}"
                )
            raise CommandError(exc.message) from exc

        self.stdout.write(
            _("花名册“%(file)s”共 %(rows)d 行,机构:%(org)s,年度:%(year)d。")
            % {"file": path.name, "rows": plan.row_count, "org": organization.name, "year": year}
        )
        for label, count in plan.summary():
            self.stdout.write(f"  {label}:{count}")
        for op in plan.updated_cadres:
            changes = ";".join(f"{c.label}:{c.old} → {c.new}" for c in op.changes)
            self.stdout.write(f"    {op.employee_no} {op.name}:{changes}")
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(str(warning)))
        for near in plan.near_duplicates:
            # The command asks nothing: it creates the new name, and says which existing ones it is close to.
            self.stdout.write(
                self.style.WARNING(
                    _("新%(kind)s“%(name)s”与已有的%(others)s相近,将新建;如指的是已有的,请改正文件后重新导入。")
                    % {
                        "kind": near.kind_label,
                        "name": near.name,
                        "others": "、".join(f"“{label}”" for _pk, label in near.candidates),
                    }
                )
            )
        if not plan.has_changes:
            self.stdout.write(_("与系统中的数据一致,无需导入。"))
        elif dry_run:
            self.stdout.write(self.style.WARNING(_("试运行(--dry-run):未写入任何数据。")))
        else:
            self.stdout.write(self.style.SUCCESS(_("导入完成。")))
