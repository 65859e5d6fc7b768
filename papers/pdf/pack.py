"""The committee meeting pack (党组会议材料) as one PDF, in the order a meeting takes it, every page numbered."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from papers.pdf.base import DOCUMENT_LANGUAGE, GRID, WIDTH, build, para
from papers.selectors.pack import MeetingPack


def pack_title(pack: MeetingPack) -> str:
    return _("%(org)s%(year)d年度考核结果党组会议材料") % {"org": pack.organization.name, "year": pack.year}


def _table(header: list[str], rows: list[list], widths: list[float] | None = None) -> Table:
    cells = [[para(h, 9.5, center=True) for h in header]]
    cells += [[para(v, 9.5) for v in row] for row in rows]
    if len(cells) == 1:
        cells.append([para(_("无"), 9.5)] + [""] * (len(header) - 1))
    if widths is None:  # the first column (the group's name, the longest) wider than the rest
        first = WIDTH * 0.24
        widths = [first] + [(WIDTH - first) / (len(header) - 1)] * (len(header) - 1)
    table = Table(cells, colWidths=widths, repeatRows=1)
    commands = [*GRID, ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]
    if len(rows) == 0:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(commands))
    return table


def _heading(text: str) -> list:
    return [Spacer(1, 4 * mm), para(text, 13, space=2 * mm)]


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _rank(r) -> str:
    return "" if r.rank is None else f"{r.rank}/{r.group_size}"


def _story(pack: MeetingPack) -> list:
    story = [para(pack_title(pack), 17, center=True, space=3 * mm)]
    if pack.is_published:
        status = _("结果版本:第%(version)s版,已于%(date)s公布") % {
            "version": pack.version or "—",
            "date": pack.published_on.isoformat() if pack.published_on else "—",
        }
    elif pack.version:
        status = _("结果版本:第%(version)s版(尚未公布)") % {"version": pack.version}
    else:
        status = _("本年度尚无考核结果")
    story.append(para(f"{pack.scheme_name}    {status}", 10, center=True, space=2 * mm))

    story += _heading(_("一、考核结果汇总(按考核组)"))
    header = [_("考核组"), _("人数"), *pack.grade_labels[:4], pack.bottom_label, _("一票否决")]
    rows = []
    for g in pack.groups:
        rows.append(
            [g.name, g.size, *[g.by_grade.get(label, 0) for label in pack.grade_labels[:4]], g.in_bottom, g.vetoed]
        )
    first = 44 * mm
    rest = (WIDTH - first) / (len(header) - 1)
    story.append(_table(header, rows, [first] + [rest] * (len(header) - 1)))

    story += _heading(_("二、优秀等次名单及名额使用"))
    if pack.excellent_percent:
        story.append(para(_("考核方案确定的优秀比例:%(percent)s%%") % {"percent": pack.excellent_percent}, 10))
    share = [
        [g.name, g.size, g.excellent, f"{g.excellent_share}%"] for g in pack.groups
    ]  # the share of each group's headcount the 优秀 grades use
    story.append(_table([_("考核组"), _("人数"), _("优秀人数"), _("占组内人数")], share))
    story.append(Spacer(1, 2 * mm))
    excellent = [[r.group_name, c.employee_no, c.name, _score(r.composite), _rank(r)] for r, c in pack.excellent]
    story.append(_table([_("考核组"), _("工号"), _("姓名"), _("综合得分"), _("组内排名")], excellent))

    story += _heading(_("三、组内排名%(bottom)s及一票否决") % {"bottom": pack.bottom_label})
    bottom = [
        [r.group_name, c.employee_no, c.name, _score(r.composite), _rank(r), r.special_label or r.grade_label,
         _("是") if r.in_bottom else _("否"), _("是") if r.vetoed else _("否")]
        for r, c in pack.bottom
    ]  # fmt: skip
    story.append(
        _table(
            [_("考核组"), _("工号"), _("姓名"), _("综合得分"), _("组内排名"), _("等次"), pack.bottom_label,
             _("一票否决")],
            bottom,
        )
    )  # fmt: skip

    story += _heading(_("四、主动让贤事项及办理情况"))
    cases = [
        [c.group_name, c.cadre.employee_no, c.cadre.name, c.get_reason_display(), c.deadline.isoformat(),
         c.get_state_display()]
        for c in pack.cases
    ]  # fmt: skip
    story.append(_table([_("考核组"), _("工号"), _("姓名"), _("原因"), _("申请截止日期"), _("状态")], cases))

    story += _heading(_("五、待党组决定事项"))
    pending = [[_("主动让贤申请"), c.cadre.name, c.get_reason_display()] for c in pack.pending_cases]
    pending += [[_("容错免责申请"), t.cadre.name, t.get_target_display()] for t in pack.pending_tolerance]
    story.append(_table([_("事项"), _("干部"), _("内容")], pending, [50 * mm, 40 * mm, WIDTH - 90 * mm]))
    story.append(Spacer(1, 10 * mm))
    story.append(para(_("经办人:__________    审核人:__________    日期:__________"), 10.5))
    return story


def pack_pdf(pack: MeetingPack) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        return build(_story(pack), title=pack_title(pack))
