"""民意测评 (democratic evaluation) scores of a round's rows, 0–100.

Two ways in, one write (`tenure.services.evaluations.democratic_apply`, audited, the row's source recorded):

- **import** (now): organization-wide HR uploads a sheet with 工号, 姓名, 民意测评得分 (xlsx or csv). All or nothing:
  every row is checked first (the 工号 must name a cadre of the round, the name must match, the score 0–100 with at
  most two decimals, no cadre twice), and a file with any bad row writes nothing and lists every problem;
- **ballots** (later): `democratic_from_ballots` is the one seam where the democratic-evaluation app's results
  selector is to be called once it exists (one-time codes, unlinkable ballots, the hash-chained tally, DOMAIN.md
  §5a). Until then it offers nothing and the import is the way in.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from common.imports.issues import ImportInvalid, ImportIssue
from common.imports.reading import SheetFormat, sheet_read
from tenure.models import EvaluationRound, TermEvaluation
from tenure.services.evaluations import democratic_apply, require_open, require_org_hr

SOURCE_IMPORT = "import"
SOURCE_BALLOTS = "ballots"

C_NO, C_NAME, C_SCORE = "工号", "姓名", "民意测评得分"
DEMOCRATIC_FORMAT = SheetFormat(columns=(C_NO, C_NAME, C_SCORE), sheet_name="民意测评", key_column=C_SCORE)


def democratic_from_ballots(*, round_: EvaluationRound) -> dict[int, Decimal] | None:
    """The seam for the democratic-evaluation app: {cadre id: 民意测评 score 0–100} of the round's year, or None
    while no such results exist. When that app offers its results selector, call it here (and only here); the
    round page then offers to take the scores over with the source "民主测评"."""
    return None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@transaction.atomic
def democratic_import(*, round_: EvaluationRound, actor, content: bytes, file_name: str) -> int:
    """Every score of the file, or none (ImportInvalid lists every problem). Returns the rows changed."""
    require_org_hr(actor, round_.organization_id)
    require_open(round_)
    sheet = sheet_read(content=content, file_name=file_name, file_format=DEMOCRATIC_FORMAT)
    rows = {e.cadre.employee_no: e for e in TermEvaluation.objects.filter(round=round_).select_related("cadre")}
    issues: list[ImportIssue] = []
    scores: dict[int, Decimal] = {}
    seen: dict[str, int] = {}
    for raw in sheet.rows:
        number, name, text = (_cell(raw.values.get(c)) for c in (C_NO, C_NAME, C_SCORE))

        def issue(column: str, message: str, row=raw.number) -> None:
            issues.append(ImportIssue(row=row, column=column, message=message))

        evaluation = rows.get(number)
        if not number:
            issue(C_NO, _("请填写工号。"))
        elif evaluation is None:
            issue(C_NO, _("工号“%(no)s”不是本次考评的对象。") % {"no": number})
        elif name and name != evaluation.cadre.name:
            issue(C_NAME, _("姓名与工号不符(系统中为“%(name)s”)。") % {"name": evaluation.cadre.name})
        if number in seen:
            issue(C_NO, _("与第 %(row)d 行重复。") % {"row": seen[number]})
        seen.setdefault(number, raw.number)
        try:
            score = Decimal(text)
        except InvalidOperation:
            issue(C_SCORE, _("请填写 0 至 100 之间的分数。"))
            continue
        if not score.is_finite() or not 0 <= score <= 100:
            issue(C_SCORE, _("请填写 0 至 100 之间的分数。"))
        elif score != score.quantize(Decimal("0.01")):
            issue(C_SCORE, _("分数最多保留两位小数。"))
        elif evaluation is not None:
            scores[evaluation.pk] = score
    if issues:
        raise ImportInvalid(issues)
    reason = _("从文件“%(name)s”导入") % {"name": file_name}
    return democratic_apply(round_=round_, scores=scores, source=SOURCE_IMPORT, actor=actor, reason=reason)
