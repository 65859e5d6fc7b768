"""The audit of reads for the assessments and demotion apps' pages, declared by URL name until each app keeps its own
`read_audit` module (as org and notices do). Only URL names and model labels appear here: nothing of those apps
is imported."""

from django.utils.translation import gettext_lazy as _

from common.read_audit import person_of, register

# Scores, bonus/deduction points and vetoes, annual results, appeals.
register("assessments:score_list", _("评分查询"), listing=True)
register("assessments:score_edit", _("评分修改"), person=person_of("assessments.Score", "ratee"))
register("assessments:point_list", _("加减分列表"), listing=True)
register("assessments:point_detail", _("加减分详情"), person=person_of("assessments.PointEntry", "cadre"))
register("assessments:veto_list", _("一票否决列表"), listing=True)
register("assessments:veto_detail", _("一票否决详情"), person=person_of("assessments.VetoEntry", "cadre"))
register("assessments:approvals", _("待审批事项"), listing=True)
register("assessments:results_run", _("年度考核结果"), listing=True)
register("assessments:results_group", _("考核组结果"), listing=True)
register("assessments:results_settle", _("结果确认"), listing=True)
register("assessments:results_export_csv", _("考核结果导出"), listing=True)
register("assessments:results_export_xlsx", _("考核结果导出"), listing=True)
register("assessments:results_export_download", _("考核结果下载"), listing=True)
register("assessments:appeal_list", _("申诉列表"), listing=True)
register("assessments:appeal_detail", _("申诉详情"), person=person_of("assessments.Appeal", "cadre"))
register("assessments_api:score-list", _("评分列表(接口)"), listing=True)
register("assessments_api:score-detail", _("评分详情(接口)"), person=person_of("assessments.Score", "ratee"))
register("assessments_api:point-list", _("加减分列表(接口)"), listing=True)
register("assessments_api:point-detail", _("加减分详情(接口)"), person=person_of("assessments.PointEntry", "cadre"))
register("assessments_api:veto-list", _("一票否决列表(接口)"), listing=True)
register("assessments_api:veto-detail", _("一票否决详情(接口)"), person=person_of("assessments.VetoEntry", "cadre"))
register("assessments_api:result-list", _("考核结果(接口)"), listing=True)

# 能上能下: step-down cases and letters, measures and protections, results usage, error tolerance.
STEPDOWN = person_of("demotion.StepDownCase", "cadre")
LETTER = person_of("demotion.CommitmentLetter", "cadre")
TOLERANCE = person_of("demotion.ToleranceCase", "cadre")
register("demotion:case_list", _("主动让贤事项"), listing=True)
register("demotion:case_detail", _("主动让贤事项详情"), person=STEPDOWN)
register("demotion:letter_list", _("主动让贤承诺书"), listing=True)
register("demotion:letter_detail", _("承诺书详情"), person=LETTER)
register("demotion:letter_print", _("承诺书打印"), person=LETTER)
register("demotion:measure_list", _("组织处理措施"), listing=True)
register("demotion:protection_list", _("不得辞退情形"), listing=True)
register("demotion:usage", _("考核结果运用"), listing=True)
register("demotion:usage_export", _("考核结果运用导出"), listing=True)
register("demotion:tolerance_list", _("容错免责"), listing=True)
register("demotion:tolerance_detail", _("容错免责详情"), person=TOLERANCE)
register("demotion:stepdown_export_csv", _("主动让贤名单导出"), listing=True)
register("demotion:stepdown_export_xlsx", _("主动让贤名单导出"), listing=True)
register("demotion_api:stepdown-case-list", _("主动让贤事项(接口)"), listing=True)
register("demotion_api:stepdown-case-detail", _("主动让贤事项详情(接口)"), person=STEPDOWN)
register("demotion_api:letters-letter-list", _("承诺书(接口)"), listing=True)
register("demotion_api:letters-letter-detail", _("承诺书详情(接口)"), person=LETTER)
register("demotion_api:measure-list", _("组织处理措施(接口)"), listing=True)
register("demotion_api:measure-protection-list", _("不得辞退情形(接口)"), listing=True)
register("demotion_api:measure-usage-list", _("考核结果运用(接口)"), listing=True)
register("demotion_api:tolerance-list", _("容错免责(接口)"), listing=True)
register("demotion_api:tolerance-detail", _("容错免责详情(接口)"), person=TOLERANCE)
register("demotion_api:tolerance-correction-steps", _("容错纠错步骤(接口)"), person=TOLERANCE)
