"""Reads of a sealed evaluation's results, for its pages, exports and the result sheet, and the recount that
`verify_ballots` runs. Results exist only once an evaluation is closed; before that, only turnout is shown."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ballots import chain, scales
from ballots.models import Ballot, Evaluation, Item, RaterCategory, SubjectResult, Tally
from ballots.selectors.evaluations import form_spec
from ballots.tallying import tally


def withheld_label() -> str:
    return _("有效票不足,不予显示")


@dataclass(frozen=True)
class CategoryColumn:
    category: RaterCategory
    ballots: int
    released: bool


@dataclass(frozen=True)
class ResultRow:
    result: SubjectResult
    means: list  # per category column: Decimal, or None when withheld
    distribution: list  # per graded item: [(label, count), ...]

    @property
    def subject(self):
        return self.result.subject


@dataclass(frozen=True)
class ResultSheet:
    evaluation: Evaluation
    tally: Tally
    columns: list[CategoryColumn]
    graded_items: list[Item]
    rows: list[ResultRow]

    @property
    def withheld(self) -> list[CategoryColumn]:
        return [c for c in self.columns if not c.released]


def result_sheet(evaluation: Evaluation) -> ResultSheet | None:
    """The sealed results, ranked (None before the close). Four queries."""
    record = Tally.objects.filter(evaluation=evaluation).first()
    if record is None:
        return None
    categories = list(RaterCategory.objects.filter(evaluation=evaluation))
    released = set(record.results.get("released", []))
    columns = [CategoryColumn(c, int(record.counts.get(str(c.pk), 0)), c.pk in released) for c in categories]
    graded = [item for item in Item.objects.filter(evaluation=evaluation) if scales.is_graded(item.scale)]
    results = (
        SubjectResult.objects.filter(evaluation=evaluation)
        .select_related("subject__cadre__unit", "subject__team")
        .order_by("rank", "subject__sort_order", "subject_id")
    )
    rows = []
    for result in results:
        means = [
            Decimal(result.category_means[str(c.pk)]) if result.category_means.get(str(c.pk)) is not None else None
            for c in categories
        ]
        distribution = [
            [
                (label, result.distribution.get(str(item.pk), {}).get(code, 0))
                for code, label in scales.options_of(item.scale)
            ]
            for item in graded
        ]
        rows.append(ResultRow(result=result, means=means, distribution=distribution))
    # Withheld scores (no category shown) go last, in the form's order.
    rows.sort(key=lambda r: (r.result.rank is None, r.result.rank or 0, r.result.subject.sort_order))
    return ResultSheet(evaluation=evaluation, tally=record, columns=columns, graded_items=graded, rows=rows)


# --- the recount -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    evaluation: Evaluation
    ballots: int
    head: str  # recomputed
    stored_head: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def tally_verify(*, evaluation: Evaluation, expected_head: str | None = None) -> Verification:
    """Recompute every ballot's digest, the chain and the results from the sealed ballots, and compare them with
    what was stored at the seal (and with `expected_head`, the value printed on the result sheet, when given)."""
    record = Tally.objects.filter(evaluation=evaluation).first()
    if record is None:
        return Verification(evaluation, 0, "", "", [_("该测评尚未结束计票。")])
    key = evaluation.public_key
    problems = []
    rows = list(Ballot.objects.filter(evaluation=evaluation).values_list("category_id", "answers", "digest"))
    digests = []
    changed = 0
    for category_id, answers, stored in rows:
        recomputed = chain.digest(evaluation_key=key, category_id=category_id, answers=answers)
        digests.append(recomputed)
        changed += recomputed != stored
    if changed:
        problems.append(_("%(n)s张选票的内容与其摘要不符(选票被改动)。") % {"n": changed})
    head = chain.head(digests, evaluation_key=key)
    if head != record.head:
        problems.append(_("重新计算的哈希链末端值与计票时记录的不一致(选票被增加、删除或改动)。"))
    if expected_head and expected_head.strip().lower() != record.head:
        problems.append(_("计票时记录的末端值与结果单上印制的不一致(计票记录被改动)。"))
    if len(rows) != record.ballot_count:
        problems.append(_("选票张数为%(now)s,计票时为%(then)s。") % {"now": len(rows), "then": record.ballot_count})
    outcome = tally(form_spec(evaluation), [(c, a) for c, a, _d in rows]).as_dict()
    if outcome != record.results or chain.results_digest(record.results) != record.results_digest:
        problems.append(_("根据选票重新计算的测评结果与计票时记录的不一致。"))
    stored_rows = {
        r.subject_id: (f"{r.score:.2f}" if r.score is not None else None, r.rank)
        for r in SubjectResult.objects.filter(evaluation=evaluation)
    }
    recount_rows = {s["subject"]: (s["score"], s["rank"]) for s in outcome["subjects"]}
    if stored_rows != recount_rows:
        problems.append(_("结果表中的得分或排名与重新计算的不一致。"))
    return Verification(evaluation, len(rows), head, record.head, problems)
