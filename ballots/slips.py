"""The files a batch of codes is handed out in, made once at issue (the codes are not kept):

- PDF: A4, ten slips a page with dashed cut lines; each slip has the evaluation, the rater category and unit, the
  code in large type, a QR code of the vote page's address with the code after `#` (a fragment: browsers do not
  send it, so the code never reaches a server log; the page's script moves it into the form), the batch and serial
  number (to void a lost slip) and the closing time;
- XLSX: one row per code, for a unit that sends codes on (by message or mail merge).
"""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ballots import codes as code_rules
from ballots.models import CodeBatch, Evaluation
from ballots.pdf import LATIN_MONO, cjk_font, draw_qr, new_canvas
from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory
from common.printing import PrintTitle

COLUMNS, ROWS = 2, 5
MARGIN = 10 * mm
PAD = 4 * mm
QR_SIZE = 33 * mm


def code_link(vote_url: str, code: str) -> str:
    return f"{vote_url}#code={code}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    while text and stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def _slip(pdf, *, x, y, w, h, evaluation: Evaluation, batch: CodeBatch, serial: int, code: str, vote_url: str):
    font = cjk_font()
    left, top = x + PAD, y + h - PAD
    text_width = w - 2 * PAD - QR_SIZE - 2 * mm
    pdf.setFont(font, 10)
    pdf.drawString(left, top - 10, _fit(evaluation.title, font, 10, w - 2 * PAD))
    pdf.setFont(font, 7.5)
    pdf.drawString(left, top - 22, _fit(f"参评人员类别:{batch.category.name}", font, 7.5, text_width))
    pdf.drawString(left, top - 32, _fit(f"发放单位:{batch.unit.name}", font, 7.5, text_width))
    pdf.setFont(font, 7)
    pdf.drawString(left, top - 46, "测评码")
    pdf.setFont(LATIN_MONO, 17)
    pdf.drawString(left, top - 64, code_rules.display(code))
    pdf.setFont(font, 6.8)
    lines = [
        "手机扫描右侧二维码,或用浏览器打开:",
        *_wrap(vote_url, "Helvetica", 6.3, text_width)[:2],
        "输入测评码后逐项评价并提交,每码限用一次。",
        "测评码与选票互不关联,请客观评价。",
    ]
    line_y = top - 78
    for line in lines:
        is_url = line.startswith("http")
        pdf.setFont("Helvetica" if is_url else font, 6.3 if is_url else 6.8)
        pdf.drawString(left, line_y, line)
        line_y -= 9
    closes = timezone.localtime(evaluation.closes_at).strftime("%Y-%m-%d %H:%M")
    pdf.setFont(font, 6.5)
    pdf.drawString(left, y + PAD, f"第{batch.number}批 第{serial:03d}号 · 截止 {closes}")
    draw_qr(pdf, code_link(vote_url, code), x=x + w - PAD - QR_SIZE, y=y + (h - QR_SIZE) / 2, size=QR_SIZE)


def _cut_lines(pdf, *, width, height, slip_w, slip_h):
    pdf.saveState()
    pdf.setDash(3, 3)
    pdf.setLineWidth(0.4)
    pdf.setStrokeColorRGB(0.55, 0.55, 0.55)
    for c in range(COLUMNS + 1):
        x = MARGIN + c * slip_w
        pdf.line(x, MARGIN, x, height - MARGIN)
    for r in range(ROWS + 1):
        y = MARGIN + r * slip_h
        pdf.line(MARGIN, y, width - MARGIN, y)
    pdf.restoreState()


def slips_pdf(*, evaluation: Evaluation, batch: CodeBatch, codes: list[str], vote_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    pdf = new_canvas(buffer, title=f"{evaluation.title} 测评码 第{batch.number}批")
    slip_w = (width - 2 * MARGIN) / COLUMNS
    slip_h = (height - 2 * MARGIN) / ROWS
    per_page = COLUMNS * ROWS
    for index, code in enumerate(codes):
        if index and index % per_page == 0:
            pdf.showPage()
        if index % per_page == 0:
            _cut_lines(pdf, width=width, height=height, slip_w=slip_w, slip_h=slip_h)
        place = index % per_page
        column, row = place % COLUMNS, place // COLUMNS
        _slip(
            pdf,
            x=MARGIN + column * slip_w,
            y=height - MARGIN - (row + 1) * slip_h,
            w=slip_w,
            h=slip_h,
            evaluation=evaluation,
            batch=batch,
            serial=index + 1,
            code=code,
            vote_url=vote_url,
        )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


XLSX_HEADER = ["批次", "序号", "发放单位", "参评人员类别", "测评码", "测评地址(含测评码)", "截止时间"]


def codes_xlsx(*, evaluation: Evaluation, batch: CodeBatch, codes: list[str], vote_url: str) -> bytes:
    closes = timezone.localtime(evaluation.closes_at).strftime("%Y-%m-%d %H:%M")
    with XlsxInMemory() as book:
        sheet = book.sheet("测评码", header=XLSX_HEADER, widths=[8, 8, 20, 16, 16, 70, 18])
        for serial, code in enumerate(codes, start=1):
            book.write_row(
                sheet,
                serial,
                [batch.number, serial, batch.unit.name, batch.category.name, code_rules.display(code),
                 code_link(vote_url, code), closes],
            )  # fmt: skip
        title = PrintTitle(
            what=f"{evaluation.title} 测评码 第{batch.number}批 {batch.unit.name}",
            organization=evaluation.organization.name,
            year=evaluation.year,
            made_on=timezone.localtime(batch.issued_at) if batch.issued_at else None,
        )
        book.print_ready(sheet, title)
    return book.getvalue()


def batch_file_name(evaluation: Evaluation, batch: CodeBatch, extension: str) -> str:
    return f"{evaluation.title}-测评码-第{batch.number}批-{batch.unit.name}-{batch.category.name}.{extension}"


def batch_response(*, evaluation: Evaluation, batch: CodeBatch, codes: list[str], vote_url: str) -> HttpResponse:
    """The batch's file as a download that no cache keeps (it holds the only copy of the codes)."""
    if batch.file_format == CodeBatch.Format.PDF:
        body, content_type, extension = (
            slips_pdf(evaluation=evaluation, batch=batch, codes=codes, vote_url=vote_url),
            "application/pdf",
            "pdf",
        )
    else:
        body, content_type, extension = (
            codes_xlsx(evaluation=evaluation, batch=batch, codes=codes, vote_url=vote_url),
            XLSX_CONTENT_TYPE,
            "xlsx",
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, batch_file_name(evaluation, batch, extension))
    response["Cache-Control"] = "no-store"
    return response
