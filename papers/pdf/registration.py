"""年度考核登记表: the annual assessment registration form that goes into each cadre's personnel file, one or more
pages per cadre, in the layout offices use. Each box is filled from the system where it knows the answer (personal
details, 个人总结, the composite, rank and grade, the cadre's acknowledgement signed online) and left blank, with a line
for the signature and date, where a person writes by hand (主管领导评语, 机关负责人意见, a paper acknowledgement)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from papers.pdf.base import DOCUMENT_LANGUAGE, GRID, WIDTH, build, para
from papers.selectors.forms import RegistrationForm

COLUMNS = [26 * mm, 32 * mm, 20 * mm, 30 * mm, 24 * mm]
COLUMNS.append(WIDTH - sum(COLUMNS))
SUMMARY_CHUNK = 600  # characters per row of the summary box: a table row never splits across pages
SUMMARY_LINES = 15
LINE_CHARS = 38  # Chinese characters a line of the summary box holds


def title(form: RegistrationForm) -> str:
    return _("%(year)d年度考核登记表") % {"year": form.year}


def _signature(label: str) -> str:
    return _("%(who)s:__________________        年      月      日") % {"who": label}


def _result_text(form: RegistrationForm) -> str:
    parts = []
    if form.composite is not None:
        parts.append(_("综合得分:%(score)s") % {"score": f"{form.composite:.2f}"})
    if form.rank is not None:
        parts.append(_("组内排名:%(rank)d / %(size)d") % {"rank": form.rank, "size": form.group_size})
    parts.append(_("考核等次:%(grade)s") % {"grade": form.special_label or form.grade_label})
    if form.in_bottom:
        parts.append(_("组内排名%(bottom)s") % {"bottom": form.bottom_label})
    if form.vetoed:
        parts.append(_("一票否决"))
    return "    ".join(parts)


def _summary_rows(form: RegistrationForm) -> list[list]:
    if form.summary.strip():
        text = form.summary.strip()
        chunks = [text[i : i + SUMMARY_CHUNK] for i in range(0, len(text), SUMMARY_CHUNK)]
    elif form.summary_on_paper:
        chunks = [_("(个人总结为纸质材料,附后。)")]
    else:
        chunks = [""]
    if len(chunks) == 1:
        # A short or empty summary still gets a box of some fifteen lines (room for the pen, or a stable layout).
        used = sum(len(line) // LINE_CHARS + 1 for line in chunks[0].split("\n"))
        chunks[0] += "\n" * max(0, SUMMARY_LINES - used)
    label = para(_("个\n人\n总\n结"), 11, center=True)
    # One row per chunk, the label on the first only: a table splits between rows, never inside one.
    return [[label if i == 0 else "", para(chunk), "", "", "", ""] for i, chunk in enumerate(chunks)]


def _heading_line(form: RegistrationForm) -> Table:
    """单位 on the left, 考核组 in the middle, the version on the right: one line, each part wrapping in its own cell."""
    cells = [
        para(_("单位:%(org)s") % {"org": form.organization}, 10),
        para(_("考核组:%(group)s") % {"group": form.group_name}, 10, center=True),
        para(_("版本:第%(version)d版") % {"version": form.version}, 10, right=True),
    ]
    table = Table([cells], colWidths=[WIDTH * 0.38, WIDTH * 0.44, WIDTH * 0.18])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (-1, 0), (-1, 0), 0)]))
    return table


def _form_story(form: RegistrationForm) -> list:
    story = [
        para(title(form), 18, center=True, space=4 * mm),
        _heading_line(form),
    ]
    suggestion = _("等次建议:%(grade)s") % {"grade": form.special_label or form.grade_label}
    decided = _("审定等次:%(grade)s") % {"grade": form.special_label or form.grade_label}
    if form.acknowledged_on is not None:
        own = _("%(opinion)s\n(本人已于%(date)s网上签署)") % {
            "opinion": form.own_opinion or _("无异议"),
            "date": form.acknowledged_on.isoformat(),
        }
    else:
        own = "\n\n" + _signature(_("签名"))
    head = [
        [para(_("姓名"), center=True), para(form.name), para(_("性别"), center=True), para(form.gender),
         para(_("出生年月"), center=True), para(form.born)],
        [para(_("政治面貌"), center=True), para(form.political), para(_("职级"), center=True), para(form.rank_grade),
         para(_("工号"), center=True), para(form.employee_no)],
        [para(_("单位及职务"), center=True), para(form.unit_and_post), "", "", "", ""],
    ]  # fmt: skip
    summary = _summary_rows(form)
    tail = [
        [para(_("考核结果"), center=True), para(_result_text(form)), "", "", "", ""],
        [para(_("主管领导评语和等次建议"), center=True), para(f"\n\n\n{suggestion}\n" + _signature(_("签名"))),
         "", "", "", ""],
        [para(_("机关负责人意见"), center=True), para(f"{decided}\n\n" + _signature(_("签名(盖章)"))), "", "", "", ""],
        [para(_("本人意见"), center=True), para(own), "", "", "", ""],
    ]  # fmt: skip
    rows = head + summary + tail
    commands = list(GRID)
    for r in range(2, len(rows)):
        commands.append(("SPAN", (1, r), (5, r)))
    first_summary = len(head)
    if len(summary) > 1:  # the continued box reads as one: no rule between its rows
        last = first_summary + len(summary) - 1
        commands.append(("LINEBELOW", (0, first_summary), (-1, last - 1), 0.6, colors.white))
        commands.append(("LINEABOVE", (0, first_summary), (-1, first_summary), 0.6, colors.black))
    commands.append(("VALIGN", (1, first_summary), (1, first_summary + len(summary) - 1), "TOP"))
    heights = [10 * mm, 10 * mm, 12 * mm] + [None] * len(summary) + [12 * mm, 36 * mm, 30 * mm, 24 * mm]
    table = Table(rows, colWidths=COLUMNS, rowHeights=heights, splitByRow=1)
    table.setStyle(TableStyle(commands))
    story.append(table)
    story.append(Spacer(1, 3 * mm))
    story.append(para(_("注:本表一式两份,一份存入本人档案。"), 9))
    return story


def registration_pdf(forms: Sequence[RegistrationForm], *, title_text: str = "") -> bytes:
    """One PDF of the given forms, each beginning on a new page."""
    with translation.override(DOCUMENT_LANGUAGE):
        story = []
        for index, form in enumerate(forms):
            if index:
                story.append(PageBreak())
            story.extend(_form_story(form))
        if not story:
            story.append(para(_("没有可打印的登记表。")))
        name = title_text or (title(forms[0]) if forms else _("年度考核登记表"))
        return build(story, title=name)
