"""The rules an evaluation's form must meet before it is saved: title, window, minimum, cap and points; subjects
under the organizing unit; items; rater categories whose weights add up to 100. Every problem is gathered, field by
field, and raised at once (ballots.services.evaluations)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ballots import scales
from ballots.models import Evaluation
from common.errors import ApplicationError
from org.models import Cadre, Unit

MAX_SUBJECTS = 300
MAX_ITEMS = 20
MAX_CATEGORIES = 10
MAX_MIN_BALLOTS = 1000


@dataclass(frozen=True)
class ItemSpec:
    text: str
    scale: str


@dataclass(frozen=True)
class CategorySpec:
    name: str
    weight: Decimal


class Problems:
    """Field errors gathered over the whole form, raised together."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            first = next(iter(self.errors.values()))[0]
            raise ApplicationError(first, field_errors=self.errors)


def check_settings(
    p: Problems,
    *,
    title: str,
    year: int,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    min_ballots: int,
    top_cap_percent: int | None,
    points: dict,
) -> None:
    if not title.strip():
        p.add("title", _("请填写测评名称。"))
    elif len(title.strip()) > 100:
        p.add("title", _("测评名称不能超过100个字。"))
    if not 2000 <= year <= 2100:
        p.add("year", _("请填写有效的年度。"))
    if closes_at <= opens_at:
        p.add("closes_at", _("截止时间应晚于开始时间。"))
    if not 1 <= min_ballots <= MAX_MIN_BALLOTS:
        p.add("min_ballots", _("每类最少有效票数应在1到%(n)s之间。") % {"n": MAX_MIN_BALLOTS})
    if top_cap_percent is not None and not 1 <= top_cap_percent <= 100:
        p.add("top_cap_percent", _("比例上限应在1%到100%之间;不设上限请留空。"))
    for scale in (scales.Scale.GRADE4, scales.Scale.TEAM4):
        values = []
        for option, label in scales.options_of(scale):
            value = points.get(option)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                p.add(f"points-{option}", _("“%(grade)s”的折算分应为0到100的整数。") % {"grade": label})
                continue
            values.append(value)
        if len(values) == len(scales.options_of(scale)) and values != sorted(values, reverse=True):
            p.add(
                f"points-{scales.options_of(scale)[0][0]}",
                _("等次越高,折算分应越高(%(scale)s)。") % {"scale": scales.Scale(scale).label},
            )


def check_form(
    p: Problems,
    *,
    subject_kind: str,
    subjects: list,
    items: list[ItemSpec],
    categories: list[CategorySpec],
    unit: Unit,
) -> None:
    if subject_kind not in Evaluation.SubjectKind.values:
        p.add("subject_kind", _("请选择测评对象类别。"))
    if not subjects:
        p.add("subjects", _("请至少选择一名测评对象。"))
    elif len(subjects) > MAX_SUBJECTS:
        p.add("subjects", _("一次测评的对象不能超过%(n)s个。") % {"n": MAX_SUBJECTS})
    wanted = Cadre if subject_kind == Evaluation.SubjectKind.CADRE else Unit
    outside = [s for s in subjects if not isinstance(s, wanted) or not under(s, unit)]
    if outside:
        p.add(
            "subjects",
            _("以下对象不在组织单位“%(unit)s”之下:%(names)s。")
            % {"unit": unit.name, "names": "、".join(getattr(s, "name", str(s)) for s in outside[:10])},
        )
    if len({s.pk for s in subjects}) != len(subjects):
        p.add("subjects", _("测评对象有重复。"))
    if not items:
        p.add("items", _("请至少填写一个测评项目。"))
    elif len(items) > MAX_ITEMS:
        p.add("items", _("测评项目不能超过%(n)s个。") % {"n": MAX_ITEMS})
    for i, item in enumerate(items):
        if not item.text.strip():
            p.add(f"items-{i}-text", _("请填写测评项目。"))
        elif len(item.text.strip()) > 100:
            p.add(f"items-{i}-text", _("测评项目不能超过100个字。"))
        if item.scale not in scales.Scale.values:
            p.add(f"items-{i}-scale", _("请选择评价尺度。"))
    if not categories:
        p.add("categories", _("请至少填写一个参评人员类别。"))
    elif len(categories) > MAX_CATEGORIES:
        p.add("categories", _("参评人员类别不能超过%(n)s个。") % {"n": MAX_CATEGORIES})
    seen = set()
    for i, category in enumerate(categories):
        name = category.name.strip()
        if not name:
            p.add(f"categories-{i}-name", _("请填写类别名称。"))
        elif len(name) > 50:
            p.add(f"categories-{i}-name", _("类别名称不能超过50个字。"))
        elif name in seen:
            p.add(f"categories-{i}-name", _("类别“%(name)s”重复。") % {"name": name})
        seen.add(name)
        if not Decimal("0") < category.weight <= Decimal("100"):
            p.add(f"categories-{i}-weight", _("权重应大于0、不超过100。"))
    total = sum((c.weight for c in categories), Decimal("0"))
    if categories and total != Decimal("100"):
        p.add("categories", _("各类别权重合计应为100%%,现为%(total)s%%。") % {"total": f"{total.normalize():f}"})


def under(subject, unit: Unit) -> bool:
    path = subject.unit.path if isinstance(subject, Cadre) else subject.path
    return subject.organization_id == unit.organization_id and path.startswith(unit.path)
