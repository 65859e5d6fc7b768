"""`manage.py export_results --org CODE --year YEAR --format csv|xlsx --output FILE [--group NAME]`."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments import exports
from assessments.selectors.publication import current_run
from org.models import AssessmentGroup, Organization


class Command(BaseCommand):
    help = (
        "导出某机构某年度当前考核结果版本(已确认或公布的版本;否则为最新一次完成的全年计算)的排名表:"
        "CSV(UTF-8 带 BOM,可直接用 Excel 打开)或 XLSX;列:年度、考核组、工号、姓名、单位、职务、综合得分、组内排名、"
        "组内人数、等次、等次代码(A1517)、末位(列名写明方案的末位比例)、一票否决、边界并列。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核年度")
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"], dest="file_format", help="文件格式")
        parser.add_argument("--output", required=True, help="输出文件路径")
        parser.add_argument("--group", help="只导出该考核组(名称);不填则导出全部考核组")

    def handle(self, *args, org, year, file_format, output, group=None, **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        run = current_run(organization_id=organization.pk, year=year)
        if run is None:
            raise CommandError(
                _("%(org)s %(year)d 年度还没有完成的考核结果计算。") % {"org": organization.name, "year": year}
            )
        assessment_group = None
        if group:
            groups = AssessmentGroup.objects.filter(organization=organization, year=year, name=group)
            if run.group_id:
                groups = groups.filter(pk=run.group_id)
            assessment_group = groups.first()
            if assessment_group is None:
                raise CommandError(_("该结果版本中没有名为“%(group)s”的考核组。") % {"group": group})
        group_id = assessment_group.pk if assessment_group else None
        path = Path(output)
        # Written beside the target and moved into place at the end: a failed export leaves no half file.
        partial = path.with_name(path.name + ".part")
        try:
            if file_format == "csv":
                with partial.open("wb") as target:
                    exports.write_csv(target, run=run, group_id=group_id)
                rows = exports.export_count(run=run, group_id=group_id)
            else:
                rows = exports.write_xlsx(str(partial), run=run, group_id=group_id)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(_("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc}) from exc
        exports.results_export_record(actor=None, run=run, group=assessment_group, file_format=file_format)
        self.stdout.write(
            self.style.SUCCESS(
                _("已导出 %(rows)d 行(%(run)s)到 %(file)s。") % {"rows": rows, "run": run, "file": output}
            )
        )
