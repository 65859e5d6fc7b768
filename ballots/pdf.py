"""What the PDFs of this app share: reportlab's built-in Chinese font and QR codes drawn as vectors.

STSong-Light is one of reportlab's CID fonts: the PDF names it and the reader supplies the glyphs (every PDF reader
ships the Adobe Chinese fonts or a substitute), so nothing is installed on the server and the files stay small.
Files are written with `invariant=1`, so the same data gives the same bytes.
"""

import io

import segno
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK_FONT = "STSong-Light"
LATIN_MONO = "Courier-Bold"

_registered = False


def cjk_font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True
    return CJK_FONT


def new_canvas(buffer: io.BytesIO, *, title: str, pagesize=A4) -> canvas.Canvas:
    cjk_font()
    pdf = canvas.Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor("Cadre Eval")
    return pdf


def draw_qr(pdf: canvas.Canvas, data: str, *, x: float, y: float, size: float) -> None:
    """A QR code (error correction M, quiet zone included in `size`) with its lower left corner at (x, y)."""
    code = segno.make(data, error="m", micro=False)
    border = 2
    rows = code.matrix
    modules = len(rows) + 2 * border
    cell = size / modules
    pdf.saveState()
    pdf.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + (c + border) * cell, y + size - (r + border + 1) * cell, cell, cell, stroke=0, fill=1)
    pdf.restoreState()
