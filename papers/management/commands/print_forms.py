"""`manage.py print_forms --org CODE --year YEAR [--group NAME | --unit NAME] [--pack] --output FILE`."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from org.models import AssessmentGroup, Cadre, Organization, Unit
from papers.selectors.forms import cadres_under, registration_forms
from papers.selectors.pack import meeting_pack
from papers.services.printing import forms_print, pack_print


class Command(BaseCommand):
    help = "打印某机构某年度的年度考核登记表(PDF,每人一份,可限定考核组或单位);加 --pack 则打印该年度的党组会议材料。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核年度")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--group", default="", help="考核组名称或编号")
        which.add_argument("--unit", default="", help="单位名称或编号(含下级单位)")
        parser.add_argument("--pack", action="store_true", help="打印党组会议材料而不是登记表")
        parser.add_argument("--output", required=True, help="输出文件路径(PDF)")

    def _find(self, model, organization, value, **extra):
        qs = model.objects.filter(organization=organization, **extra)
        found = qs.filter(name=value).first()
        if found is None and value.isdigit():
            found = qs.filter(pk=int(value)).first()
        return found

    def handle(self, *args, org, year, group, unit, pack, output, **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        cadres = Cadre.objects.filter(organization=organization)
        scope = "organization"
        group_id = None
        if group:
            found = self._find(AssessmentGroup, organization, group, year=year)
            if found is None:
                raise CommandError(_("考核组“%(group)s”不存在。") % {"group": group})
            group_id, scope = found.pk, f"group:{found.pk}"
        if unit:
            found = self._find(Unit, organization, unit)
            if found is None:
                raise CommandError(_("单位“%(unit)s”不存在。") % {"unit": unit})
            cadres, scope = cadres_under(cadres, found), f"unit:{found.pk}"
        if pack:
            if group_id is not None:  # the pack of one group: its members' rows
                cadres = cadres.filter(memberships__group_id=group_id)
            content = pack_print(
                actor=None, pack=meeting_pack(organization=organization, year=year, cadres=cadres), scope=scope
            )
            count = None
        else:
            forms = registration_forms(organization=organization, year=year, cadres=cadres, group_id=group_id)
            if not forms:
                raise CommandError(_("%(year)d年度的考核结果尚未公布或没有符合条件的干部。") % {"year": year})
            content = forms_print(actor=None, organization=organization, year=year, forms=forms, scope=scope)
            count = len(forms)
        path = Path(output)
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(content)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(_("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc}) from exc
        if count is None:
            message = _("已打印党组会议材料到 %(file)s。") % {"file": output}
        else:
            message = _("已打印 %(count)d 份年度考核登记表到 %(file)s。") % {"count": count, "file": output}
        self.stdout.write(self.style.SUCCESS(message))
