"""How numbers people type are read: one parser for decimal inputs and one range check per component, used alike by
the pages' forms, the API's serializers, the imports and the services, with one wording of every reason (Chinese,
translated to English in the catalog).

`read_decimal` raises InputError with the reason; each caller hands it on in its own form (a field error of a
service, a form or a serializer, an import row's issue).
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TWO_PLACES = Decimal("0.01")
# Scores, points and weights are stored with at most 6 digits: anything a thousand million or more is a slip.
MAX_ADJUSTED_EXPONENT = 9
TOO_MANY_DECIMALS = {
    2: gettext_lazy("%(what)s最多保留两位小数。"),
    3: gettext_lazy("%(what)s最多保留三位小数。"),  # the ratios, stored as fractions (0.125)
}


class InputError(ValueError):
    """What is wrong with a typed value, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def number_text(value: Decimal) -> str:
    """85.50 → "85.5", 90.00 → "90": numbers as people write them."""
    return f"{value.normalize():f}"


def read_decimal(raw, *, what: str, places: int | None = 2) -> Decimal:
    """The typed value as a Decimal: a finite number with at most `places` decimals (None: any), quantized to them.
    `what` names the value in the reasons (分数, 分值, 权重…). Raises InputError."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise InputError(_("请填写%(what)s。") % {"what": what})
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite():
        raise InputError(_("“%(value)s”不是数字。%(what)s应为数字。") % {"value": text, "what": what})
    if value.adjusted() > MAX_ADJUSTED_EXPONENT:
        raise InputError(_("“%(value)s”数值过大。") % {"value": text})
    if places is None:
        return value
    step = Decimal(1).scaleb(-places)
    if value != value.quantize(step):
        raise InputError(str(TOO_MANY_DECIMALS[places]) % {"what": what})
    return value.quantize(step)


def component_range_problem(value: Decimal, component, *, typed: str | None = None) -> str | None:
    """Why a score is outside its component's range, or None: the one range check of a score, wherever it is typed."""
    if component.min_score <= value <= component.max_score:
        return None
    return _("分数 %(value)s 超出范围:超出“%(component)s”的范围(%(min)s–%(max)s)。") % {
        "value": typed if typed is not None else number_text(value),
        "component": component.name,
        "min": number_text(component.min_score),
        "max": number_text(component.max_score),
    }


def read_score(raw, component) -> Decimal:
    """A score typed for a component: a number with at most two decimals, within the component's range."""
    value = read_decimal(raw, what=_("分数"))
    problem = component_range_problem(value, component, typed=str(raw).strip())
    if problem:
        raise InputError(problem)
    return value


def read_points(raw) -> Decimal:
    """Bonus or deduction points typed for a record: always positive (the item says whether they add or deduct), at
    most two decimals."""
    value = read_decimal(raw, what=_("分值"))
    if value <= 0:
        raise InputError(_("分值应为正数(扣分项也填正数)。"))
    return value
