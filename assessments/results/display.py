"""How a result reads to people: its grade under the scheme's scale, and why (the rules that shaped it)."""

from django.utils.translation import gettext as _

from assessments.models import INSTITUTION_GRADE_LABELS, Grade, Result, Scheme


def grade_label(code: str, scheme: Scheme) -> str:
    if not code:
        return _("未定")
    if scheme.grade_scale == Scheme.GradeScale.INSTITUTION:
        return str(INSTITUTION_GRADE_LABELS[Grade(code)])
    return str(Grade(code).label)


def result_reasons(result: Result) -> list[str]:
    """Why the proposed grade is what it is, most decisive first. Empty when the score alone decided it."""
    reasons = []
    if result.special_status == "not_assessed":
        reasons.append(_("不进行考核(不计入组内人数)"))
    elif result.special_status == "undetermined":
        reasons.append(_("不定等次"))
    if result.sanction_effect == Result.SanctionEffect.INCOMPETENT:
        reasons.append(_("受撤销党内职务或留党察看处分,确定为不称职"))
    elif result.sanction_effect == Result.SanctionEffect.NO_GRADE:
        reasons.append(_("受处分或组织处理期间,不确定等次"))
    elif result.sanction_effect == Result.SanctionEffect.NOT_EXCELLENT:
        reasons.append(_("受警告、诫勉或调整职务,当年不得评为优秀"))
    if result.vetoed:
        reasons.append(_("一票否决"))
    if result.incomplete:
        reasons.append(_("评分不完整,未参加排名"))
    if result.excellent_tie:
        reasons.append(_("与他人并列于优秀名额边界,待党组决定"))
    elif result.quota_reached:
        reasons.append(_("优秀名额已满"))
    if result.boundary_tie:
        reasons.append(_("与他人并列于末位比例边界,待党组决定"))
    return reasons
