"""Point import (加减分导入): 年度, 工号, 加减分项目, 分值, 发生日期, 依据材料, 备注.

分值 left blank is the item's points. The yearly cap of an item counts the entries already recorded (pending or
approved) and the file's own rows above.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.imports import cells
from assessments.imports import columns as col
from assessments.imports.records import (
    COUNTED,
    NEW,
    RECORDED,
    RecordChecker,
    RecordOp,
    RecordPlan,
)
from assessments.inputs import InputError, read_points
from assessments.models import PointEntry, PointItem
from assessments.services.records import point_entries_record_many
from common.imports.issues import ImportIssue
from common.imports.reading import RawRow


class _PointChecker(RecordChecker):
    item_model = PointItem
    item_column = col.POINT_ITEM
    file_format = col.FORMATS[col.POINTS_KIND]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.used: dict[tuple[int, int], Decimal] = defaultdict(Decimal)  # (cadre, item) -> points, file included
        self.recorded: set[tuple] = set()
        for cadre_id, item_id, occurred_on, points, evidence in PointEntry.objects.filter(
            item__organization=self.plan.organization, year=self.year, status__in=COUNTED
        ).values_list("cadre_id", "item_id", "occurred_on", "points", "evidence"):
            self.used[(cadre_id, item_id)] += points
            self.recorded.add((cadre_id, item_id, occurred_on, points, evidence))
        self.first_row_of: dict[tuple, int] = {}

    def check(self, raw: RawRow) -> RecordOp | None:
        found: list[ImportIssue] = []

        def issue(column: str, message: str) -> None:
            found.append(ImportIssue(row=raw.number, column=column, message=message))

        text, cadre, item, occurred_on = self.check_common(raw, issue)
        points = None
        if text[col.POINTS]:
            try:
                points = read_points(text[col.POINTS])
            except InputError as exc:
                issue(col.POINTS, exc.message)
        elif item is not None:
            points = item.points
        if cadre is None or item is None or occurred_on is None or points is None or found:
            self.plan.issues.extend(found)
            return None
        evidence = text[col.EVIDENCE]
        key = (cadre.pk, item.pk, occurred_on, points, evidence)
        first = self.first_row_of.setdefault(key, raw.number)
        if first != raw.number:
            issue("", _("与第 %(row)d 行重复:同一干部、项目、日期、分值和依据材料。") % {"row": first})
        elif key in self.recorded:
            return RecordOp(raw.number, cadre, item, occurred_on, evidence, text[col.NOTE], points, RECORDED)
        else:
            used = self.used[(cadre.pk, item.pk)]
            if used + points > item.cap_per_year:
                issue(
                    col.POINTS,
                    _(
                        "“%(item)s”每年最多 %(cap)s 分,该干部已登记(含本文件前面各行)%(used)s 分,"
                        "最多还能登记 %(left)s 分。"
                    )
                    % {
                        "item": item.name,
                        "cap": cells.number(item.cap_per_year),
                        "used": cells.number(used),
                        "left": cells.number(max(item.cap_per_year - used, Decimal(0))),
                    },
                )
            else:
                self.used[(cadre.pk, item.pk)] = used + points
        if found:
            self.plan.issues.extend(found)
            return None
        return RecordOp(raw.number, cadre, item, occurred_on, evidence, text[col.NOTE], points)


@dataclass(eq=False)
class PointPlan(RecordPlan):
    checker_class = _PointChecker
    entry_model = PointEntry
    record_many = staticmethod(point_entries_record_many)
    kind = col.POINTS_KIND

    def count_labels(self) -> dict[str, str]:
        return {NEW: _("新增加减分记录"), RECORDED: _("已登记(跳过)")}

    def sections(self) -> list[dict]:
        return self._sections(
            [_("加减分项目"), _("加/扣分"), _("分值"), _("发生日期"), _("依据材料")],
            lambda op: [
                op.item.name,
                op.item.get_kind_display(),
                cells.number(op.points),
                op.occurred_on.isoformat(),
                op.evidence,
            ],
        )
