"""How a result reads to people: its grade under the scheme's scale, and why (the rules that shaped it)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.models import INSTITUTION_GRADE_LABELS, Grade, Result, Scheme, TieDecision


def grade_label_of(code: str, scale: str) -> str:
    """A grade code's label under a grade scale (the institution scale says 合格 where cadres' says 称职)."""
    if not code:
        return _("未定")
    if scale == Scheme.GradeScale.INSTITUTION:
        return str(INSTITUTION_GRADE_LABELS[Grade(code)])
    return str(Grade(code).label)


def grade_label(code: str, scheme: Scheme) -> str:
    return grade_label_of(code, scheme.grade_scale)


def percent_text(fraction) -> str:
    """A stored ratio as people read it: 0.100 → "10", 0.125 → "12.5"."""
    return f"{(Decimal(fraction) * 100).normalize():f}"


def bottom_label(ratio) -> str:
    """The bottom set named with the scheme's own ratio (后10%, 后15%): never a number written into a label."""
    return _("后%(percent)s%%") % {"percent": percent_text(ratio)}


def tie_kind_label(kind: str, scheme: Scheme) -> str:
    """A kind of tie the committee settles, the bottom one named with the scheme's ratio (后10%边界并列)."""
    if kind == TieDecision.Kind.BOTTOM:
        return _("%(bottom)s边界并列") % {"bottom": bottom_label(scheme.bottom_ratio)}
    return str(TieDecision.Kind(kind).label)


def entry_label(*, veto: bool, year: int, item_name: str, points: Decimal | None = None) -> str:
    """A deduction or veto as appeals and tolerance requests name it: 2025年 扣分 · 通报批评 −1."""
    if veto:
        return _("%(year)s年 一票否决 · %(item)s") % {"year": year, "item": item_name}
    return _("%(year)s年 扣分 · %(item)s −%(points)s") % {
        "year": year,
        "item": item_name,
        "points": f"{points.normalize():f}",
    }


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


# 年度考核结果代码 (A1517) as other cadre-management software reads it: 1–4 the grades (2B/3B/4B under the institution
# scale's 合格/基本合格/不合格), 5 不定等次 (5A 新录用人员试用期内, 5B 受处分期间, 5C 立案审查期间: this app knows the
# reason when a sanction caused it, 5B), 6 不进行考核, 7 其他 (no grade yet: 未定).
NATIONAL_UNDETERMINED_BY_SANCTION = "5B"
NATIONAL_NO_GRADE_YET = "7"
INSTITUTION_SUFFIXED = {"2", "3", "4"}


def national_code(grade: str, *, scale: str, sanction_effect: str = "") -> str:
    """The national code of a result's grade under the scheme's scale."""
    if not grade:
        return NATIONAL_NO_GRADE_YET
    if grade == "5" and sanction_effect == "no_grade":
        return NATIONAL_UNDETERMINED_BY_SANCTION
    if scale == "institution" and grade in INSTITUTION_SUFFIXED:
        return f"{grade}B"
    return grade
