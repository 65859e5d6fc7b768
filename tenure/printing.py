"""The 任期年度考评表 as a PDF (正职任期制、副职聘任制的地方办法: 填写《任期年度考评表》, 存入政绩档案): the cadre, the post and the term, each
approved goal with its attainment, 工作实绩, 民意测评 and the combined score with the weights, the rank within level
and system, the grade and the team's comment. reportlab's built-in Chinese CID font (STSong-Light), so the server
needs no font; byte-identical for the same data (reportlab's invariant mode). The form is a document for the file
and is always in Chinese, whatever language the pages are shown in."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

FONT = "STSong-Light"
DOCUMENT_LANGUAGE = "zh-hans"


def _text(value) -> str:
    return "—" if value in (None, "") else str(value)


def _wrap(text: str, width: int) -> list[str]:
    """Chinese text broken every `width` characters (it has no spaces to break at)."""
    text = str(text or "")
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def evaluation_pdf_bytes(evaluation, lines) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    width, height = A4
    round_ = evaluation.round
    with override(DOCUMENT_LANGUAGE):
        pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        title = _("任期年度考评表")
        pdf.setTitle(title)
        left, y = 20 * mm, height - 22 * mm

        def line(text: str, size: int = 10, indent: float = 0, gap: float = 6.5 * mm):
            nonlocal y
            if y < 20 * mm:
                pdf.showPage()
                y = height - 20 * mm
            pdf.setFont(FONT, size)
            pdf.drawString(left + indent, y, text)
            y -= gap

        pdf.setFont(FONT, 18)
        pdf.drawCentredString(width / 2, y, title)
        y -= 10 * mm
        line(_("%(org)s · %(round)s") % {"org": round_.organization.name, "round": round_}, 11)
        term = evaluation.term
        line(
            _("姓名:%(name)s    工号:%(no)s    职务:%(post)s")
            % {"name": evaluation.cadre.name, "no": evaluation.cadre.employee_no, "post": evaluation.post}
        )
        if term is not None:
            line(
                _("任期:第%(n)s任期 %(start)s 至 %(end)s(%(regime)s)")
                % {
                    "n": term.number,
                    "start": term.starts_on.isoformat(),
                    "end": term.ends_on.isoformat(),
                    "regime": term.get_regime_display(),
                }
            )
        line(
            _("层级:%(level)s    系统:%(system)s")
            % {"level": evaluation.get_level_display(), "system": _text(evaluation.system)}
        )
        y -= 2 * mm
        line(_("一、目标完成情况(工作实绩)"), 12)
        for index, (goal, attainment) in enumerate(lines, 1):
            head = _("%(i)s. [%(area)s][%(resp)s] %(title)s") % {
                "i": index,
                "area": goal.get_area_display(),
                "resp": goal.get_responsibility_display(),
                "title": goal.title,
            }
            for part in _wrap(head, 44):
                line(part, 10, 4 * mm, 5.5 * mm)
            detail = _("目标:%(target)s    权重:%(weight)s    完成得分:%(score)s    完成情况:%(actual)s") % {
                "target": goal.target_text or goal.description[:30] or "—",
                "weight": goal.weight.normalize(),
                "score": _text(attainment.score if attainment else None),
                "actual": _text(attainment.actual if attainment else None),
            }
            for part in _wrap(detail, 48):
                line(part, 9, 8 * mm, 5 * mm)
        if not lines:
            line(_("(无已批准的任期目标)"), 10, 4 * mm)
        y -= 2 * mm
        line(_("二、考评得分"), 12)
        line(
            _("工作实绩 %(p)s × %(pw)s%% + 民意测评 %(d)s × %(dw)s%% = 综合得分 %(c)s")
            % {
                "p": _text(evaluation.performance),
                "pw": round_.performance_weight.normalize(),
                "d": _text(evaluation.democratic),
                "dw": round_.democratic_weight.normalize(),
                "c": _text(evaluation.combined),
            },
            10,
            4 * mm,
        )
        rank = (
            _("同层级、同系统 %(n)s 人中排第 %(r)s 名") % {"n": evaluation.group_size, "r": evaluation.rank}
            if evaluation.rank
            else _("未排序")
        )
        line(_("%(rank)s    档次:%(grade)s") % {"rank": rank, "grade": _text(evaluation.final_grade_label)}, 10, 4 * mm)
        y -= 2 * mm
        line(_("三、考评意见"), 12)
        for part in _wrap(evaluation.comment or "—", 46):
            line(part, 10, 4 * mm, 5.5 * mm)
        y -= 6 * mm
        confirmed = timezone.localtime(round_.closed_at).date().isoformat() if round_.closed_at else _("未确认")
        line(_("党组确认日期:%(date)s") % {"date": confirmed}, 10)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
