"""`manage.py export_stepdowns --org CODE --year YEAR --format csv|xlsx --output FILE [--state STATE]`."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demotion import exports
from demotion.models import StepDownCase
from org.models import Organization


class Command(BaseCommand):
    help = (
        "导出某机构某年度的主动让贤名单(供党组会议使用):CSV(UTF-8 带 BOM,可直接用 Excel 打开)或 XLSX;"
        "列:年度、工号、姓名、考核组、原因、公布日期、申请截止日期、状态(已撤回的事项也列出)。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核年度")
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"], dest="file_format", help="文件格式")
        parser.add_argument("--output", required=True, help="输出文件路径")
        parser.add_argument("--state", choices=StepDownCase.State.values, default="", help="只导出该状态的事项")

    def handle(self, *args, org, year, file_format, output, state="", **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        rows = exports.export_rows(exports.stepdown_cases(year=year, organization=organization, state=state))
        path = Path(output)
        # Written beside the target and moved into place at the end: a failed export leaves no half file.
        partial = path.with_name(path.name + ".part")
        try:
            if file_format == "csv":
                with partial.open("wb") as target:
                    exports.write_csv(target, rows)
            else:
                partial.write_bytes(exports.xlsx_bytes(rows, organization=organization.name, year=year))
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(_("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc}) from exc
        exports.stepdown_export_record(
            actor=None, organizations=[organization], year=year, file_format=file_format, rows=len(rows), state=state
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("已导出 %(org)s %(year)d 年度主动让贤名单 %(rows)d 行到 %(file)s。")
                % {"org": organization.name, "year": year, "rows": len(rows), "file": output}
            )
        )
