"""Veto import (一票否决导入): 年度, 工号, 否决事项, 发生日期, 依据材料, 备注.

The same veto of the same cadre on the same day is recorded once: a row repeating it with the same evidence is
skipped, with other evidence it is an error.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.imports import columns as col
from assessments.imports.records import (
    COUNTED,
    NEW,
    RECORDED,
    RecordChecker,
    RecordOp,
    RecordPlan,
)
from assessments.models import ApprovalStatus, VetoEntry, VetoItem
from assessments.services.records import veto_entries_record_many
from common.imports.issues import ImportIssue
from common.imports.reading import RawRow


class _VetoChecker(RecordChecker):
    item_model = VetoItem
    item_column = col.VETO_ITEM
    file_format = col.FORMATS[col.VETOES]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.recorded: dict[tuple, tuple[str, str]] = {}  # (cadre, item, date) -> (evidence, status)
        for cadre_id, item_id, occurred_on, evidence, status in VetoEntry.objects.filter(
            item__organization=self.plan.organization, year=self.year, status__in=COUNTED
        ).values_list("cadre_id", "item_id", "occurred_on", "evidence", "status"):
            self.recorded[(cadre_id, item_id, occurred_on)] = (evidence, status)
        self.first_row_of: dict[tuple, int] = {}

    def check(self, raw: RawRow) -> RecordOp | None:
        found: list[ImportIssue] = []

        def issue(column: str, message: str) -> None:
            found.append(ImportIssue(row=raw.number, column=column, message=message))

        text, cadre, item, occurred_on = self.check_common(raw, issue)
        if cadre is None or item is None or occurred_on is None or found:
            self.plan.issues.extend(found)
            return None
        evidence = text[col.EVIDENCE]
        key = (cadre.pk, item.pk, occurred_on)
        first = self.first_row_of.setdefault(key, raw.number)
        if first != raw.number:
            issue("", _("与第 %(row)d 行重复:同一干部同一天的同一否决事项。") % {"row": first})
        elif key in self.recorded:
            recorded_evidence, status = self.recorded[key]
            if recorded_evidence == evidence:
                return RecordOp(raw.number, cadre, item, occurred_on, evidence, text[col.NOTE], status=RECORDED)
            issue(
                col.VETO_ITEM,
                _("该干部同一天的同一否决事项已登记(%(status)s),依据材料与本行不同。")
                % {"status": ApprovalStatus(status).label},
            )
        if found:
            self.plan.issues.extend(found)
            return None
        return RecordOp(raw.number, cadre, item, occurred_on, evidence, text[col.NOTE])


@dataclass(eq=False)
class VetoPlan(RecordPlan):
    checker_class = _VetoChecker
    entry_model = VetoEntry
    record_many = staticmethod(veto_entries_record_many)
    kind = col.VETOES

    def count_labels(self) -> dict[str, str]:
        return {NEW: _("新增一票否决记录"), RECORDED: _("已登记(跳过)")}

    def sections(self) -> list[dict]:
        return self._sections(
            [_("否决事项"), _("发生日期"), _("依据材料")],
            lambda op: [op.item.name, op.occurred_on.isoformat(), op.evidence],
        )
