"""`manage.py export_recalls --org CODE [--batch NAME|ID] --format csv|xlsx --output FILE`

With --batch: the batch's recall list (召回名单) for the committee; without: the organization's case register
(召回事项登记簿). With --pay FROM TO (YYYY-MM): the pay linkage report (待遇挂钩) of those months instead."""

import datetime
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from org.models import Organization
from recall import exports
from recall.models import Card, RecallBatch, RecallCase
from recall.selectors.pay import month_end, pay_rows


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise CommandError(_("月份“%(value)s”无效,请写作 YYYY-MM。") % {"value": value}) from exc


class Command(BaseCommand):
    help = _(
        "导出召回名单(指定批次)、召回事项登记簿(不指定批次)或待遇挂钩报表(--pay 起止月份),CSV(UTF-8 带 BOM)或 XLSX。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help=_("机构代码"))
        parser.add_argument("--batch", default="", help=_("召回批次的名称或编号"))
        parser.add_argument("--pay", nargs=2, metavar=("FROM", "TO"), help=_("待遇挂钩报表的起止月份(YYYY-MM)"))
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"], dest="file_format", help=_("文件格式"))
        parser.add_argument("--output", required=True, help=_("输出文件路径"))

    def handle(self, *args, org, batch, pay, file_format, output, **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        cases = RecallCase.objects.filter(organization=organization).select_related(
            "cadre", "home_unit", "category", "policy", "batch", "appointment__post__unit", "placement_unit"
        )
        subject, extra = organization, {}
        if pay:
            first, last = _month(pay[0]), month_end(_month(pay[1]))
            if last < first:
                raise CommandError(_("结束月份不能早于开始月份。"))
            kind = exports.PAY
            cards = Card.objects.filter(organization=organization)
            rows = exports.pay_export_rows(pay_rows(cases=cases, cards=cards, first=first, last=last))
            extra = {"from": pay[0], "to": pay[1]}
            what = exports.file_name(kind, first=first, last=last)
        elif batch:
            found = RecallBatch.objects.filter(organization=organization, name=batch).first()
            if found is None and batch.isdigit():
                found = RecallBatch.objects.filter(organization=organization, pk=int(batch)).first()
            if found is None:
                raise CommandError(_("召回批次“%(batch)s”不存在。") % {"batch": batch})
            kind, subject = exports.BATCH, found
            rows = exports.batch_rows(cases.filter(batch=found).order_by("cadre__employee_no", "pk"))
            what = exports.file_name(kind, batch=found)
        else:
            kind = exports.REGISTER
            rows = exports.register_rows(cases.order_by("ordered_on", "order_seq", "cadre__employee_no", "pk"))
            what = exports.file_name(kind)
        path = Path(output)
        # Written beside the target and moved into place at the end: a failed export leaves no half file.
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(exports.file_bytes(kind, rows, file_format, what=what, organization=organization.name))
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(_("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc}) from exc
        exports.recall_export_record(
            actor=None, subjects=[subject], kind=kind, file_format=file_format, rows=len(rows), **extra
        )
        self.stdout.write(
            self.style.SUCCESS(_("已导出 %(rows)d 行到 %(file)s。") % {"rows": len(rows), "file": output})
        )
