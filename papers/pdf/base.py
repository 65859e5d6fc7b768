"""What the printed papers share: reportlab's built-in Chinese font, the paragraph styles, and a document whose every
page carries "第 N 页 共 M 页" at its foot.

STSong-Light is one of reportlab's CID fonts: the PDF names it and the reader supplies the glyphs (every PDF reader
ships the Adobe Chinese fonts or a substitute), so nothing is installed on the server. Files are written in
reportlab's invariant mode: the same data gives the same bytes. Papers are documents for a file or a meeting and are
always in Chinese, whatever language the pages are shown in."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

FONT = "STSong-Light"
DOCUMENT_LANGUAGE = "zh-hans"
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN


def font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def style(
    size: float = 10.5, *, leading: float | None = None, center: bool = False, right: bool = False, space: float = 0
) -> ParagraphStyle:
    return ParagraphStyle(
        f"cjk-{size}-{center}-{right}-{space}",
        fontName=font(),
        fontSize=size,
        leading=leading or size * 1.5,
        alignment=TA_CENTER if center else TA_RIGHT if right else TA_LEFT,
        wordWrap="CJK",  # Chinese has no spaces to break at
        spaceAfter=space,
    )


def para(text, size: float = 10.5, **kwargs) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    body = escape("" if text is None else str(text))
    # Runs of spaces are kept (a paragraph would fold them into one): the gaps a form leaves for the pen.
    body = re.sub(r" {2,}", lambda m: "&nbsp;" * len(m.group()), body).replace("\n", "<br/>")
    return Paragraph(body, style(size, **kwargs))


GRID = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


def numbered_canvas(footer_size: float = 9):
    """A canvas class that writes "第 N 页 共 M 页" on every page once the number of pages is known."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font(), footer_size)
                self.drawCentredString(
                    A4[0] / 2, 10 * mm, _("第 %(page)d 页 共 %(pages)d 页") % {"page": number, "pages": total}
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def build(story: list, *, title: str) -> bytes:
    """The document's bytes; build the story and call this inside translation.override(DOCUMENT_LANGUAGE)."""
    font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="",
        creator="Cadre Eval",
        invariant=1,
    )
    doc.build(story, canvasmaker=numbered_canvas())
    return buffer.getvalue()
