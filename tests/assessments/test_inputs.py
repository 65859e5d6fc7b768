"""Typed numbers are read one way (assessments.inputs): the grid's service, the record services, the scheme forms and
serializers and the imports give the same reason, in the same words, for the same bad value."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.exceptions import ValidationError as ApiValidationError

from assessments.forms.fields import DecimalInputField
from assessments.imports import cells
from assessments.inputs import InputError, component_range_problem, read_decimal, read_points, read_score
from assessments.serializers.fields import DecimalInputField as DecimalInputSerializerField
from assessments.services.records import parse_points
from assessments.services.scores import parse_score
from common.errors import ApplicationError


class _Component:
    name = "季度述职评议"
    min_score = Decimal("0")
    max_score = Decimal("100")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "“abc”不是数字。分数应为数字。"),
        ("NaN", "“NaN”不是数字。分数应为数字。"),
        ("1e999", "“1e999”数值过大。"),
        ("85.555", "分数最多保留两位小数。"),
        ("", "请填写分数。"),
    ],
)
def test_every_channel_gives_the_same_reason(raw, reason):
    with pytest.raises(InputError) as read:
        read_decimal(raw, what="分数")
    assert read.value.message == reason
    # the import's cell
    if raw:
        with pytest.raises(cells.CellError) as cell:
            cells.parse_decimal(raw, what="分数")
        assert str(cell.value) == reason
    # the form field and the serializer field
    field = DecimalInputField(what="分数", required=False)
    if raw:
        with pytest.raises(ValidationError) as form:
            field.clean(raw)
        assert form.value.messages == [reason]
    serializer_field = DecimalInputSerializerField(what="分数", max_digits=6, decimal_places=2)
    with pytest.raises(ApiValidationError) as api:
        serializer_field.to_internal_value(raw)
    assert api.value.detail == [reason]


def test_the_grid_and_the_import_say_the_same_of_a_score_out_of_range():
    reason = "分数 101 超出范围:超出“季度述职评议”的范围(0–100)。"
    with pytest.raises(ApplicationError) as grid:
        parse_score("101", _Component())
    assert grid.value.message == reason and grid.value.field_errors == {"value": [reason]}
    assert component_range_problem(Decimal("101"), _Component(), typed="101") == reason
    assert read_score(" 85.5 ", _Component()) == Decimal("85.50")


def test_points_are_positive_with_two_decimals_everywhere():
    with pytest.raises(ApplicationError) as service:
        parse_points("-1")
    assert service.value.field_errors == {"points": ["分值应为正数(扣分项也填正数)。"]}
    with pytest.raises(InputError) as read:
        read_points("0.505")
    assert read.value.message == "分值最多保留两位小数。"
    assert read_points("0.5") == Decimal("0.50")


def test_the_reasons_read_in_english_too():
    with translation.override("en"), pytest.raises(InputError) as read:
        read_decimal("abc", what="score")
    assert read.value.message == "“abc” is not a number. The score must be a number."
