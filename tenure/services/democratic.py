"""民意测评 (democratic evaluation) scores of a round's rows, 0–100.

Two ways in, one write (`tenure.services.evaluations.democratic_apply`, audited, the row's source recorded):

- **import** (now): organization-wide HR uploads a sheet with 工号, 姓名, 民意测评得分 (xlsx or csv). All or nothing:
  every row is checked first (the 工号 must name a cadre of the round, the name must match, the score 0–100 with at
  most two decimals, no cadre twice), and a file with any bad row writes nothing and lists every problem;
- **ballots**: `democratic_from_ballots` reads the democratic-evaluation app's results feed (one-time codes,
  unlinkable ballots, the hash-chained tally, 民主测评): for each row of the round, the cadre's score in the
  newest closed 民主测评 of the round's year that scored them; `democratic_take_from_ballots` writes those scores with
  the source "民主测评". A cadre no closed evaluation scored keeps what they had (import the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from ballots.selectors.feed import cadre_scores
from common.errors import ApplicationError
from common.imports.issues import ImportInvalid, ImportIssue
from common.imports.reading import SheetFormat, sheet_read
from tenure.models import EvaluationRound, TermEvaluation
from tenure.services.evaluations import democratic_apply, require_open, require_org_hr

SOURCE_IMPORT = "import"
SOURCE_BALLOTS = "ballots"

C_NO, C_NAME, C_SCORE = "工号", "姓名", "民意测评得分"
DEMOCRATIC_FORMAT = SheetFormat(columns=(C_NO, C_NAME, C_SCORE), sheet_name="民意测评", key_column=C_SCORE)


@dataclass(frozen=True)
class BallotOffer:
    """What the closed 民主测评 of a round's year offer: {row (TermEvaluation) id: score}, and whence."""

    scores: dict[int, Decimal]
    titles: tuple[str, ...]  # the evaluations the scores come from, newest first
    rows: int  # rows of the round


def democratic_from_ballots(*, round_: EvaluationRound) -> BallotOffer | None:
    """The scores the round could take from the democratic evaluations, or None when no closed evaluation of the
    round's year scored any of its cadres. Two queries."""
    rows = dict(TermEvaluation.objects.filter(round=round_).values_list("cadre_id", "pk"))
    found = cadre_scores(cadre_ids=rows, year=round_.year)
    scores: dict[int, Decimal] = {}
    titles: list[str] = []
    for cadre_id, results in found.items():
        scored = next((r for r in results if r.score is not None), None)  # newest first
        if scored is None or scored.score is None:  # the latter never: found by its score
            continue
        scores[rows[cadre_id]] = scored.score
        if scored.title not in titles:
            titles.append(scored.title)
    if not scores:
        return None
    return BallotOffer(scores=scores, titles=tuple(titles), rows=len(rows))


@transaction.atomic
def democratic_take_from_ballots(*, round_: EvaluationRound, actor) -> int:
    """Write the scores the closed 民主测评 offer, source "民主测评", audited. Returns the rows changed; refused when
    there is nothing to take."""
    require_org_hr(actor, round_.organization_id)
    require_open(round_)
    offer = democratic_from_ballots(round_=round_)
    if offer is None:
        raise ApplicationError(
            _("%(year)d 年没有已结束并计出本次考评对象得分的民主测评,请导入民意测评得分。") % {"year": round_.year},
            code="state",
        )
    reason = _("取自民主测评:%(titles)s") % {"titles": "、".join(offer.titles)}
    return democratic_apply(round_=round_, scores=offer.scores, source=SOURCE_BALLOTS, actor=actor, reason=reason)


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
