"""Competition losses (全员竞聘落聘, 洞头区“回炉再造”体系: 将落聘干部作为召回对象): HR over the cadre records one, or imports a file.

The import reads an xlsx or csv file with the columns 工号, 姓名, 竞聘名称, 竞聘日期, 竞聘岗位, 备注; every row is checked
(the cadre in the user's scope and named as on the roster, the date, no duplicate) before anything is written, and a
file with any bad row writes nothing and lists every bad row with its row number, column and reason.

The file is read and checked by a preview job (recall.previews), which keeps the checked rows. The files are small
(the losers of one competition, at most MAX_ROWS rows), so the confirmation writes the kept rows at once, in one
transaction, after checking them again against the data as it is then; it does not read the file again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.audit import audit_log_record, audit_log_record_many, snapshot
from common.errors import refuse
from common.imports.issues import ImportInvalid, ImportIssue, file_issue
from common.imports.reading import SheetFormat, sheet_read
from common.imports.uploads import UploadStore
from org.models import Cadre, Organization
from org.roles import ROLE_HR
from org.selectors import cadres_in_scope
from recall.models import CompetitionLoss
from recall.rules import clean_text, not_future, require_date, require_hr

COLUMNS = ("工号", "姓名", "竞聘名称", "竞聘日期", "竞聘岗位", "备注")
FORMAT = SheetFormat(
    columns=COLUMNS, sheet_name="竞聘落聘", key_column="工号", optional_columns=frozenset({"竞聘岗位", "备注"})
)
UPLOADS = UploadStore(directory="recall_competitions", label="competition", lenient=True)
MAX_ROWS = 1000  # the losers of one competition; the confirmation writes them all in one short transaction


@transaction.atomic
def competition_loss_record(
    *,
    cadre: Cadre,
    competition: str,
    held_on: datetime.date | None,
    actor,
    post_sought: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> CompetitionLoss:
    today = today or timezone.localdate()
    require_hr(actor, cadre, pgettext("recall step", "登记竞聘落聘"))
    competition = clean_text(competition, "competition", required=_("请填写竞聘名称。"), limit=100)
    held_on = require_date(held_on, "held_on", _("请填写竞聘日期。"))
    not_future(held_on, "held_on", today)
    post_sought = clean_text(post_sought, "post_sought", limit=100)
    note = clean_text(note, "note", limit=200)
    if CompetitionLoss.objects.filter(cadre=cadre, competition=competition, held_on=held_on).exists():
        refuse(_("该干部在同一次竞聘中的落聘已登记。"), "competition")
    loss = CompetitionLoss.objects.create(
        organization_id=cadre.organization_id,
        cadre=cadre,
        competition=competition,
        held_on=held_on,
        post_sought=post_sought,
        note=note,
        recorded_by=actor,
    )
    audit_log_record(actor=actor, action="recall.competition.record", subject=loss, after=snapshot(loss))
    return loss


# --- the import -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LossRow:
    number: int
    cadre: Cadre
    competition: str
    held_on: datetime.date
    post_sought: str
    note: str


@dataclass(frozen=True)
class LossEntry:
    """One row as read (each column's text), with the cadre it named when the preview checked it."""

    number: int
    values: dict[str, str]
    cadre: int | None = None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def competition_losses_check(
    *, organization: Organization, content: bytes, file_name: str, actor, today: datetime.date | None = None
) -> list[LossRow]:
    """Every row of the file, checked; raises ImportInvalid listing each bad row. Writes nothing."""
    sheet = sheet_read(content=content, file_name=file_name, file_format=FORMAT)
    if len(sheet.rows) > MAX_ROWS:
        raise ImportInvalid([file_issue(_("数据行超过 %(max)d 行,请分批导入。") % {"max": MAX_ROWS})])
    entries = [
        LossEntry(number=raw.number, values={column: _text(raw.values.get(column)) for column in COLUMNS})
        for raw in sheet.rows
    ]
    dates = {raw.number: _date(raw.values.get("竞聘日期")) for raw in sheet.rows}
    return _rows_check(organization=organization, entries=entries, dates=dates, actor=actor, today=today)


def _rows_check(
    *,
    organization: Organization,
    entries: list[LossEntry],
    dates: dict[int, datetime.date | None],
    actor,
    today: datetime.date | None,
) -> list[LossRow]:
    """The rows checked against the data as it is now; raises ImportInvalid listing each bad row."""
    today = today or timezone.localdate()
    cadres = {c.employee_no: c for c in cadres_in_scope(user=actor, roles=(ROLE_HR,)).filter(organization=organization)}
    existing = set(
        CompetitionLoss.objects.filter(organization=organization).values_list(
            "cadre__employee_no", "competition", "held_on"
        )
    )
    issues: list[ImportIssue] = []
    rows: list[LossRow] = []
    seen: set[tuple] = set()
    for entry in entries:
        values = entry.values

        def issue(column: str, message: str, number=entry.number) -> None:
            issues.append(ImportIssue(row=number, column=column, message=message))

        cadre = cadres.get(values["工号"])
        if not values["工号"]:
            issue("工号", _("请填写工号。"))
        elif cadre is None:
            issue("工号", _("找不到该工号的干部(或不在您的管理范围内)。"))
        elif values["姓名"] and values["姓名"] != cadre.name:
            issue("姓名", _("姓名与花名册不符(花名册为“%(name)s”)。") % {"name": cadre.name})
        elif entry.cadre is not None and entry.cadre != cadre.pk:
            issue("工号", _("该工号的干部已变动,请重新上传文件。"))
        competition = values["竞聘名称"]
        if not competition:
            issue("竞聘名称", _("请填写竞聘名称。"))
        elif len(competition) > 100:
            issue("竞聘名称", _("不能超过%(n)s个字。") % {"n": 100})
        held_on = dates.get(entry.number)
        if held_on is None:
            issue("竞聘日期", _("请填写有效的日期,例如 2025-08-15。"))
        elif held_on > today:
            issue("竞聘日期", _("日期不能晚于今天。"))
        if len(values["竞聘岗位"]) > 100:
            issue("竞聘岗位", _("不能超过%(n)s个字。") % {"n": 100})
        if len(values["备注"]) > 200:
            issue("备注", _("不能超过%(n)s个字。") % {"n": 200})
        if cadre is None or not competition or held_on is None:
            continue
        key = (cadre.employee_no, competition, held_on)
        if key in existing:
            issue("工号", _("该干部在这次竞聘中的落聘已登记。"))
        elif key in seen:
            issue("工号", _("与文件中前面的行重复。"))
        seen.add(key)
        rows.append(LossRow(entry.number, cadre, competition, held_on, values["竞聘岗位"], values["备注"]))
    if issues:
        raise ImportInvalid(issues)
    return rows


def loss_entries(rows: list[LossRow]) -> list[dict]:
    """The checked rows as the preview keeps them (JSON), for the confirmation to write."""
    return [
        {
            "row": row.number,
            "cadre": row.cadre.pk,
            "values": {
                "工号": row.cadre.employee_no,
                "姓名": row.cadre.name,
                "竞聘名称": row.competition,
                "竞聘日期": row.held_on.isoformat(),
                "竞聘岗位": row.post_sought,
                "备注": row.note,
            },
        }
        for row in rows
    ]


@transaction.atomic
def competition_losses_apply(
    *, organization: Organization, entries: list[dict], file_name: str, actor, today: datetime.date | None = None
) -> list[CompetitionLoss]:
    """The previewed rows (loss_entries), checked again against the data as it is now and written all or none
    (ImportInvalid with every row no longer valid). The file is not read again."""
    if not cadres_in_scope(user=actor, roles=(ROLE_HR,)).filter(organization=organization).exists():
        refuse(_("您不能为该机构导入竞聘落聘。"), code="permission_denied")
    if len(entries) > MAX_ROWS:
        raise ImportInvalid([file_issue(_("数据行超过 %(max)d 行,请分批导入。") % {"max": MAX_ROWS})])
    checked = [
        LossEntry(
            number=int(entry["row"]),
            values={column: str(entry["values"].get(column, "")) for column in COLUMNS},
            cadre=int(entry["cadre"]),
        )
        for entry in entries
    ]
    # The rows' cadres are locked, so that none is moved or renamed between this check and the write.
    list(Cadre.objects.select_for_update().filter(pk__in=[entry.cadre for entry in checked]).values_list("pk"))
    dates = {entry.number: _date(entry.values["竞聘日期"]) for entry in checked}
    rows = _rows_check(organization=organization, entries=checked, dates=dates, actor=actor, today=today)
    created = CompetitionLoss.objects.bulk_create(
        [
            CompetitionLoss(
                organization=organization,
                cadre=row.cadre,
                competition=row.competition,
                held_on=row.held_on,
                post_sought=row.post_sought,
                note=row.note,
                recorded_by=actor,
            )
            for row in rows
        ]
    )
    audit_log_record_many(
        actor=actor,
        action="recall.competition.import",
        entries=[(loss, None, snapshot(loss)) for loss in created],
        reason=file_name,
    )
    return created
