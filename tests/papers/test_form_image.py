"""A layout regression is caught: one 年度考核登记表 rendered to an image (pypdfium2) is compared with a stored
reference within a tolerance. After a deliberate change of the layout, write a new reference with
`PAPERS_WRITE_REFERENCE=1 pytest tests/papers/test_form_image.py` and look at it before committing it."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageStat

from papers.pdf.registration import registration_pdf
from papers.selectors.forms import RegistrationForm

REFERENCE = Path(__file__).parent / "reference" / "registration_form.png"
SCALE = 0.6  # about 36 dpi: the layout, not the glyphs' antialiasing
MEAN_TOLERANCE = 2.0  # mean difference per pixel, of 255
CHANGED_TOLERANCE = 0.02  # share of pixels differing by more than a third of the range

FORM = RegistrationForm(
    organization="某某县市场监督管理局",
    year=2025,
    version=2,
    cadre_id=1,
    employee_no="A001",
    name="张三",
    gender="男",
    born="1980.05",
    political="",
    unit_and_post="城关市场监管所所长",
    rank_grade="四级主任科员",
    group_name="市场监管所负责人组(所·站·队)",
    composite=Decimal("88.50"),
    rank=3,
    group_size=12,
    grade="2",
    grade_label="称职",
    special_label="",
    vetoed=False,
    in_bottom=False,
    bottom_label="后10%",
    summary="一年来,认真履行所长职责,完成年度目标任务。\n加强学习,廉洁自律,团结同志。",
    summary_on_paper=False,
    own_opinion="",
    acknowledged_on=None,
    published_on=datetime.date(2026, 1, 20),
)


def render() -> Image.Image:
    pdf = pypdfium2.PdfDocument(registration_pdf([FORM]))
    return pdf[0].render(scale=SCALE).to_pil().convert("L")


def changed_share(difference: Image.Image) -> float:
    """The share of pixels that differ by more than a third of the range."""
    histogram = difference.histogram()
    return sum(histogram[86:]) / sum(histogram)


def test_the_form_looks_like_its_reference():
    image = render()
    if os.environ.get("PAPERS_WRITE_REFERENCE"):
        REFERENCE.parent.mkdir(exist_ok=True)
        image.save(REFERENCE, optimize=True)
    reference = Image.open(REFERENCE).convert("L")
    assert image.size == reference.size
    difference = ImageChops.difference(image, reference)
    assert ImageStat.Stat(difference).mean[0] <= MEAN_TOLERANCE
    assert changed_share(difference) <= CHANGED_TOLERANCE


def test_the_comparison_catches_a_moved_box():
    """The check itself: the same form with the summary box moved down by a few millimetres is not accepted."""
    image = render()
    shifted = Image.new("L", image.size, 255)
    shifted.paste(image.crop((0, 0, image.size[0], image.size[1] - 8)), (0, 8))
    difference = ImageChops.difference(image, shifted)
    assert changed_share(difference) > CHANGED_TOLERANCE
