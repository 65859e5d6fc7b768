"""The activation sheet HR prints and hands out: one slip per cadre with the name, unit, username, one-time code,
its expiry and the site's address. PDF (reportlab's built-in Chinese font, so a server needs no font installed)
and XLSX. A sheet is made right after its codes are issued: the codes exist in plain text nowhere else.

The sheet is a document for the cadre and is always in Chinese, whatever language HR's pages are shown in."""

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from common.exports import XlsxInMemory
from common.printing import PrintTitle
from org.services.accounts import IssuedCode

FONT = "STSong-Light"  # Adobe's CID font for simplified Chinese: shipped inside reportlab, embedded in no file
CODE_FONT = "Courier-Bold"
SLIPS_PER_PAGE = 3
DOCUMENT_LANGUAGE = "zh-hans"


def _expiry(issued: IssuedCode) -> str:
    return timezone.localtime(issued.expires_at).strftime("%Y-%m-%d %H:%M")


def _unit(issued: IssuedCode) -> str:
    return issued.cadre.unit.name if issued.cadre is not None else ""


def _name(issued: IssuedCode) -> str:
    return issued.cadre.name if issued.cadre is not None else issued.username


def sheet_pdf(codes: Sequence[IssuedCode], *, address: str, title: str = "") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    width, height = A4
    slip_height = height / SLIPS_PER_PAGE
    with override(DOCUMENT_LANGUAGE):
        pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        pdf.setTitle(title or _("登录账号激活单"))
        heading = _("干部考核管理系统 · 登录账号激活通知")
        labels = {
            "name": _("姓名:"),
            "unit": _("单位:"),
            "username": _("用户名:"),
            "code": _("激活码:"),
            "expires": _("有效期至:"),
            "address": _("激活网址:"),
        }
        notes = [
            _("请在有效期内打开激活网址,输入用户名和激活码,并设置自己的登录密码。"),
            _("激活码只能使用一次;遗失或过期请联系组织人事部门重新打印。请妥善保管,勿交他人。"),
        ]
        for index, issued in enumerate(codes):
            slot = index % SLIPS_PER_PAGE
            if index and slot == 0:
                pdf.showPage()
            top = height - slot * slip_height
            left = 20 * mm
            y = top - 18 * mm
            pdf.setFont(FONT, 14)
            pdf.drawString(left, y, heading)
            rows = [
                (labels["name"], _name(issued), FONT),
                (labels["unit"], _unit(issued), FONT),
                (labels["username"], issued.username, CODE_FONT if issued.username.isascii() else FONT),
                (labels["code"], issued.code, CODE_FONT),
                (labels["expires"], _expiry(issued), FONT),
                (labels["address"], address, FONT),
            ]
            y -= 4 * mm
            for label, value, font in rows:
                y -= 8 * mm
                pdf.setFont(FONT, 11)
                pdf.drawString(left, y, label)
                pdf.setFont(font, 15 if font == CODE_FONT else 11)
                pdf.drawString(left + 24 * mm, y, value)
            pdf.setFont(FONT, 9)
            for note in notes:
                y -= 6 * mm
                pdf.drawString(left, y, note)
            if slot < SLIPS_PER_PAGE - 1 and index < len(codes) - 1:
                pdf.setDash(3, 3)
                pdf.setLineWidth(0.5)
                pdf.line(10 * mm, top - slip_height, width - 10 * mm, top - slip_height)
                pdf.setDash()
        if not codes:
            pdf.setFont(FONT, 12)
            pdf.drawString(20 * mm, height - 20 * mm, _("没有需要打印的激活码。"))
        pdf.save()
    return buffer.getvalue()


def sheet_xlsx(codes: Sequence[IssuedCode], *, address: str) -> bytes:
    with override(DOCUMENT_LANGUAGE):
        header = [_("姓名"), _("工号"), _("单位"), _("用户名"), _("激活码"), _("有效期至"), _("激活网址")]
        with XlsxInMemory() as book:
            sheet = book.sheet(_("激活单"), header=header, widths=[12, 12, 20, 14, 18, 18, 40])
            for row, issued in enumerate(codes, start=1):
                number = issued.cadre.employee_no if issued.cadre is not None else ""
                values = [_name(issued), number, _unit(issued), issued.username, issued.code, _expiry(issued), address]
                book.write_row(sheet, row, values)
            book.print_ready(sheet, PrintTitle(what=_("激活单")))
    return book.getvalue()
