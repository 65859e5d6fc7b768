"""The rater of a score or an assignment as the caller may see it (assessments.selectors.rater_privacy)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

RATER_NAME_HELP = _("评分人不在您的管理范围内时为“评议人 A”“评议人 B”……(字母在本次响应内按评分人排定)")
RATER_HIDDEN_HELP = _("为 true 表示评分人不在您的管理范围内:不给出评分人的 id、姓名和工号,也不给出其所评分数和备注")


class RaterShownMixin(serializers.Serializer):
    """Writes the rater as `rater_shown` says (set on each row by rater_privacy.label_rows before serializing): a
    hidden rater loses id, 工号 and the fields in `hidden_blanks`. A row that was never labelled is refused, so no
    endpoint can forget the rule."""

    hidden_blanks: dict = {}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_rater_hidden(self, row) -> bool:
        return self._shown(row).hidden

    @staticmethod
    def _shown(row):
        shown = getattr(row, "rater_shown", None)
        if shown is None:
            raise AssertionError("rater_privacy.label_rows must label a row before it is serialized")
        return shown

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown = self._shown(instance)
        data.update(rater=shown.id, rater_name=shown.name, rater_employee_no=shown.employee_no)
        if shown.hidden:
            data.update({name: blank for name, blank in self.hidden_blanks.items() if name in data})
        return data
