"""What a consequential decision will do, read back in words built from the data before the person confirms it
("将免去 张三 城关所所长 职务,保留 一级主任科员 职级"): the party group's 准予主动让贤, an organizational measure
(from an escalated case or recorded by HR), and an approved tolerance case. The pages show it on a confirmation
step; nothing here writes."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from common.workdays import format_date_zh
from demotion.selectors.measures import rule_of, rules_for
from org.models import Appointment, Cadre, Post, SanctionRecord

# The measures that end the post held; each ends the appointment with its own reason.
ENDS_POST: dict[str, str] = {
    SanctionRecord.Kind.REMOVED: Appointment.EndReason.REMOVED,
    SanctionRecord.Kind.POST_ADJUSTED: Appointment.EndReason.REASSIGNED,
    SanctionRecord.Kind.DEMOTED: Appointment.EndReason.DEMOTED,
}


def _rank(cadre: Cadre) -> str:
    if cadre.rank_grade:
        return _("保留 %(rank)s 职级") % {"rank": cadre.rank_grade}
    return _("保留原职级")


def waiting_text(*, organization_id: int, kind: str) -> str:
    """The waiting period the measure carries under the organization's rules, in words ("" when none)."""
    rule = rule_of(rules_for(organization_ids=[organization_id]), organization_id, kind)
    if rule is None:
        return ""
    parts = []
    if rule.no_promotion_months:
        parts.append(_("%(n)s个月内不得提拔") % {"n": rule.no_promotion_months})
    if rule.no_leading_post_months:
        parts.append(_("%(n)s个月内不得担任领导职务") % {"n": rule.no_leading_post_months})
    return _("影响期:%(what)s") % {"what": "、".join(parts)} if parts else ""


def _post_of(appointment: Appointment | None) -> str:
    return str(appointment.post) if appointment is not None else _("现任")


def stepdown_approve_readback(
    *, case, step_down_on: datetime.date, new_post: Post | None = None, new_assignment: str = ""
) -> list[str]:
    """准予主动让贤: the post ends on the day named, the rank grade stays, the new assignment if named."""
    lines = [
        _("将免去 %(name)s %(post)s 职务(%(date)s起,离任原因:主动让贤),%(rank)s。")
        % {
            "name": case.cadre.name,
            "post": _post_of(case.appointment),
            "date": format_date_zh(step_down_on),
            "rank": _rank(case.cadre),
        }
    ]
    what = str(new_post) if new_post is not None else (new_assignment or "").strip()
    if what:
        lines.append(_("安排适当工作:%(what)s。") % {"what": what})
    else:
        lines.append(_("新的工作安排由组织人事部门另行办理。"))
    return lines


def measure_readback(
    *, cadre: Cadre, kind: str, effective_from: datetime.date, appointment: Appointment | None = None
) -> list[str]:
    """An organizational measure: what is recorded, from when, the post it ends and the waiting period it carries."""
    label = SanctionRecord.Kind(kind).label
    lines = []
    if kind in ENDS_POST and appointment is not None and appointment.end_date is None:
        doing = {
            SanctionRecord.Kind.REMOVED: _("将免去 %(name)s %(post)s 职务(免职),%(rank)s。"),
            SanctionRecord.Kind.POST_ADJUSTED: _("将调整 %(name)s 的职务,免去 %(post)s 职务,%(rank)s。"),
            SanctionRecord.Kind.DEMOTED: _("将对 %(name)s 降职,免去 %(post)s 职务。"),
        }[kind]
        lines.append(doing % {"name": cadre.name, "post": appointment.post, "rank": _rank(cadre)})
    lines.append(
        _("将对 %(name)s 记录组织处理“%(kind)s”,%(date)s起生效。")
        % {"name": cadre.name, "kind": label, "date": format_date_zh(effective_from)}
    )
    waiting = waiting_text(organization_id=cadre.organization_id, kind=kind)
    if waiting:
        lines.append(waiting + _("(自生效之日起计算)。"))
    return lines


def adjustment_readback(*, case, kind: str, effective_from: datetime.date, new_post: Post | None = None) -> list[str]:
    """An escalated case closed by the party group's organizational adjustment."""
    lines = measure_readback(cadre=case.cadre, kind=kind, effective_from=effective_from, appointment=case.appointment)
    if new_post is not None:
        lines.append(_("将任 %(name)s 为 %(post)s。") % {"name": case.cadre.name, "post": new_post})
    lines.append(_("%(year)s年度主动让贤事项随之办结。") % {"year": case.year})
    return lines


def tolerance_readback(*, case, subject: str) -> list[str]:
    """予以容错免责 of a deduction or a veto: what leaves the computation and what follows."""
    return [
        _("将对 %(name)s 的“%(subject)s”予以容错免责:该项不再计入 %(year)s 年度考核。")
        % {"name": case.cadre.name, "subject": subject, "year": case.year},
        _("%(year)s 年度已计算的考核结果将重新计算,生成新的结果版本。") % {"year": case.year},
        _("纠错程序随之启动;免责对象、事件和原因将在本单位公开。"),
    ]
