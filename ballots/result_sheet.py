"""The result sheet (测评结果单), a PDF to print and file: the evaluation, the ballots per rater category against
the minimum, each subject's category means (or "有效票不足,不予显示"), weighted score, rank and grade counts, and the
tally's seal — the chain's head, the results' digest and how to check them (`manage.py verify_ballots`)."""

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ballots import scales
from ballots.pdf import cjk_font
from ballots.selectors.results import ResultSheet

WITHHELD = "有效票不足,不予显示"


def _styles():
    font = cjk_font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1, spaceAfter=4),
        "meta": ParagraphStyle("meta", fontName=font, fontSize=8.5, leading=12),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=font, fontSize=8, leading=10, textColor=colors.white),
        "seal": ParagraphStyle("seal", fontName="Courier", fontSize=8, leading=11),
    }


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def subject_label(subject) -> tuple[str, str, str]:
    """(工号, 名称, 单位) of a cadre or a team."""
    if subject.cadre_id:
        return subject.cadre.employee_no, subject.cadre.name, subject.cadre.unit.name
    return "", f"{subject.team.name}领导班子", subject.team.name


def result_sheet_pdf(sheet: ResultSheet) -> bytes:
    st = _styles()
    evaluation, record = sheet.evaluation, sheet.tally
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{evaluation.title} 测评结果",
        author="Cadre Eval",
        invariant=1,
    )
    story = [
        Paragraph(f"{evaluation.title} 测评结果", st["title"]),
        Paragraph(
            f"组织单位:{evaluation.unit.name} 年度:{evaluation.year} 测评时间:{_when(evaluation.opens_at)} 至 "
            f"{_when(evaluation.closes_at)} 计票时间:{_when(record.sealed_at)} "
            f"每类最少有效票数:{evaluation.min_ballots}",
            st["meta"],
        ),
        Spacer(1, 3 * mm),
    ]
    counts = [[Paragraph(t, st["head"]) for t in ("参评人员类别", "权重", "有效票", "结果")]]
    for column in sheet.columns:
        counts.append(
            [
                Paragraph(column.category.name, st["cell"]),
                Paragraph(f"{column.category.weight.normalize():f}%", st["cell"]),
                Paragraph(str(column.ballots), st["cell"]),
                Paragraph("计入" if column.released else WITHHELD, st["cell"]),
            ]
        )
    story += [_table(counts, [45 * mm, 20 * mm, 20 * mm, 50 * mm]), Spacer(1, 4 * mm)]

    header = ["排名", "工号", "测评对象", "单位"]
    header += [c.category.name if c.released else f"{c.category.name}({WITHHELD})" for c in sheet.columns]
    header += ["综合得分"]
    header += [f"{item.text}({'/'.join(str(label) for _code, label in scales.options_of(item.scale))})"
               for item in sheet.graded_items]  # fmt: skip
    data = [[Paragraph(t, st["head"]) for t in header]]
    for row in sheet.rows:
        number, name, unit = subject_label(row.subject)
        cells = [str(row.result.rank or "—"), number, name, unit]
        cells += [f"{m:.2f}" if m is not None else "不予显示" for m in row.means]
        cells.append(f"{row.result.score:.2f}" if row.result.score is not None else WITHHELD)
        cells += ["/".join(str(n) for _label, n in counts_) for counts_ in row.distribution]
        data.append([Paragraph(c, st["cell"]) for c in cells])
    fixed = [12 * mm, 18 * mm, 26 * mm, 30 * mm]
    rest = (landscape(A4)[0] - 24 * mm - sum(fixed)) / max(len(header) - len(fixed), 1)
    story += [_table(data, fixed + [rest] * (len(header) - len(fixed)), repeat=1), Spacer(1, 5 * mm)]

    story += [
        Paragraph(
            f"有效票总数:{record.ballot_count}(计票时各类别票数见上表)。综合得分 = 各计入类别平均分按权重加权;"
            "未达最少有效票数的类别不予显示,也不计入等次票数。",
            st["meta"],
        ),
        Paragraph(f"哈希链末端值(SHA-256,{record.chain_version}):", st["meta"]),
        Paragraph(record.head, st["seal"]),
        Paragraph("结果摘要(SHA-256):", st["meta"]),
        Paragraph(record.results_digest, st["seal"]),
        Paragraph(
            f"核验:python manage.py verify_ballots --evaluation {evaluation.pk} --head {record.head[:16]}…(完整末端值见上)",
            st["meta"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()


def _table(data, widths, repeat=1) -> Table:
    table = Table(data, colWidths=widths, repeatRows=repeat)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#b02a37")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f4f4")]),
            ]
        )
    )
    return table
