"""`manage.py compute_results --org CODE --year YEAR [--group NAME] [--reason TEXT]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.models import ResultRun
from assessments.results.display import bottom_label
from assessments.services.results import results_run_create, results_run_execute
from common.errors import ApplicationError
from org.models import AssessmentGroup, Organization


class Command(BaseCommand):
    help = (
        "计算某机构某年度(或其中一个考核组)的年度考核结果:在本进程中执行计算任务(写入新的结果版本),"
        "打印各考核组摘要;计算失败时以状态 1 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核年度")
        parser.add_argument("--group", help="只计算该考核组(名称);不填则计算全部考核组")
        parser.add_argument("--reason", default="", help="计算原因(记入审计日志)")

    def handle(self, *args, org, year, group=None, reason="", **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org})
        assessment_group = None
        if group:
            assessment_group = AssessmentGroup.objects.filter(organization=organization, year=year, name=group).first()
            if assessment_group is None:
                raise CommandError(_("%(year)d 年度没有名为“%(group)s”的考核组。") % {"year": year, "group": group})
        try:
            run = results_run_create(
                organization=organization,
                year=year,
                group=assessment_group,
                reason=reason or _("命令行计算"),
                enqueue=False,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        try:
            results_run_execute(run_id=run.pk)
        except Exception as exc:  # the run itself records the failure; the command says so and exits with 1
            raise CommandError(
                _("计算失败(第 %(version)d 版):%(error)s") % {"version": run.version, "error": exc}
            ) from exc
        run = ResultRun.objects.select_related("scheme").get(pk=run.pk)
        scope = assessment_group.name if assessment_group else _("全部考核组")
        self.stdout.write(
            _("%(org)s %(year)d 年度考核结果已计算:第 %(version)d 版,%(scope)s。")
            % {"org": organization.name, "year": year, "version": run.version, "scope": scope}
        )
        self.stdout.write(
            "\t".join(
                [
                    _("考核组"),
                    _("人数"),
                    _("参加排名"),
                    bottom_label(run.scheme.bottom_ratio),
                    _("边界并列"),
                    _("一票否决"),
                    _("优秀"),
                    _("优秀名额并列"),
                    _("评分不完整"),
                    _("不定等次/不进行考核"),
                ]
            )
        )
        for row in run.summary:
            self.stdout.write(
                "\t".join(
                    str(row[key])
                    for key in [
                        "group",
                        "members",
                        "ranked",
                        "bottom",
                        "boundary",
                        "vetoed",
                        "excellent",
                        "excellent_ties",
                        "incomplete",
                        "no_grade",
                    ]
                )
            )
        ties = sum(row["boundary"] + row["excellent_ties"] for row in run.summary)
        if ties:
            self.stdout.write(self.style.WARNING(_("有 %(count)d 人处于名额边界并列,待党组决定。") % {"count": ties}))
        self.stdout.write(self.style.SUCCESS(_("计算完成。")))
