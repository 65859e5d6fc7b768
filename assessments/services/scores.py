"""Scores: a rater's own entry while the period is open, HR's correction with a reason, and bulk writes (import).

Concurrent edits never overwrite silently: every save names the revision it started from, and a save from a stale
revision is refused with the value now stored (`ScoreConflict`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from assessments.inputs import InputError, component_range_problem, read_score
from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Component, Period, RaterAssignment, Scheme, Score
from assessments.selectors.publication import is_published
from common.audit import AuditSubject, audit_log_record, audit_log_record_many
from common.bulk import copy_rows, copy_supported
from common.errors import ApplicationError
from org.models import Cadre

AUDIT_FIELDS = ["value", "note", "revision"]


class ScoreConflict(ApplicationError):
    """Someone else saved this cell since the caller read it. `extra` carries what is stored now."""

    def __init__(self, score: Score | None):
        if score is None:
            message = "该评分已被他人删除或尚未保存,请刷新后重试。"
            extra: dict[str, object] = {"current_value": None, "current_revision": 0}
        else:
            message = f"该评分已被他人修改为 {score.value},请核对后再保存。"
            extra = {"current_value": str(score.value), "current_revision": score.revision}
        super().__init__(message, field_errors={"value": [message]}, code="conflict", extra=extra)


def parse_score(raw, component: Component) -> Decimal:
    """The score as a Decimal with at most two decimals, within the component's range (assessments.inputs); else the
    reason on the `value` field."""
    try:
        return read_score(raw, component)
    except InputError as e:
        raise ApplicationError(e.message, field_errors={"value": [e.message]}) from None


def cell_problem(*, period: Period, component: Component, by_hr: bool, published: bool | None = None) -> str | None:
    """Why no score can be written to this period × component now, or None.

    `published`: whether the year's results are published, when the caller already knows (a bulk write asks once,
    not once per row)."""
    if period.scheme_id != component.scheme_id:
        return "期间与考核项目不属于同一方案。"
    if not period.scheme.is_current:
        return "该方案已被新版本取代,旧版本的评分不能修改。"
    if period.kind not in PERIOD_KINDS_BY_FREQUENCY[component.frequency]:
        return f"“{component.name}”{component.get_frequency_display()}评分,没有“{period.get_kind_display()}”。"
    if published is None:
        published = is_published(organization_id=period.scheme.organization_id, year=period.scheme.year)
    if published:
        return f"{period.scheme.year}年考核结果已公布,评分已锁定;如有异议请通过申诉复核。"
    if period.status == Period.Status.PENDING:
        return f"{period}尚未开始评分。"
    if period.status == Period.Status.CLOSED and not by_hr:
        return f"{period}评分已结束,如需修改请联系组织人事部门。"
    return None


def _audit_values(value, note: str, revision: int) -> dict:
    """What a score's audit row holds (AUDIT_FIELDS)."""
    return {"value": str(value), "note": note, "revision": revision}


def _audit_snapshot(score: Score) -> dict:
    return _audit_values(score.value, score.note, score.revision)


@dataclass
class ScoreSaveResult:
    score: Score
    created: bool
    changed: bool


@transaction.atomic
def score_save(
    *,
    period: Period,
    component: Component,
    rater: Cadre,
    ratee: Cadre,
    value,
    expected_revision: int,
    actor=None,
    note: str = "",
    by_hr: bool = False,
    reason: str = "",
) -> ScoreSaveResult:
    """Save one cell. `expected_revision` is 0 for a new score, else the revision the caller last saw.

    A rater saves only their assigned cells while the period is open; HR (by_hr) may also correct a closed period,
    with a reason.
    """
    period = Period.objects.select_related("scheme").get(pk=period.pk)
    problem = cell_problem(period=period, component=component, by_hr=by_hr)
    if problem:
        raise ApplicationError(problem)
    closed = period.status == Period.Status.CLOSED
    reason = (reason or "").strip()
    if closed and not reason:
        raise ApplicationError("期间已结束,修改评分须填写原因。", field_errors={"reason": ["请填写修改原因。"]})
    if not RaterAssignment.objects.filter(component=component, rater=rater, ratee=ratee).exists():
        raise ApplicationError(f"{rater.name}未被分配对{ratee.name}的“{component.name}”评分。")
    parsed = parse_score(value, component)
    note = (note or "").strip()[:200]
    cell = {"rater": rater, "ratee": ratee, "component": component, "period": period}

    if expected_revision == 0:
        try:
            with transaction.atomic():
                score = Score.objects.create(
                    **cell,
                    scheme_id=component.scheme_id,
                    value=parsed,
                    min_score=component.min_score,
                    max_score=component.max_score,
                    note=note,
                    entered_by=actor,
                )
        except IntegrityError:
            raise ScoreConflict(Score.objects.filter(**cell).first()) from None
        audit_log_record(
            actor=actor, action="assessments.score.create", subject=score, after=_audit_snapshot(score), reason=reason
        )
        return ScoreSaveResult(score, created=True, changed=True)

    current = Score.objects.select_for_update().filter(**cell).first()
    if current is None or current.revision != expected_revision:
        raise ScoreConflict(current)
    if current.value == parsed and current.note == note:
        return ScoreSaveResult(current, created=False, changed=False)
    before = _audit_snapshot(current)
    updated = Score.objects.filter(pk=current.pk, revision=expected_revision).update(
        value=parsed, note=note, revision=F("revision") + 1, entered_by=actor, updated_at=timezone.now()
    )
    if updated != 1:  # pragma: no cover - the row lock above makes this unreachable on PostgreSQL
        raise ScoreConflict(Score.objects.filter(**cell).first())
    current.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="assessments.score.change_closed" if closed else "assessments.score.change",
        subject=current,
        before=before,
        after=_audit_snapshot(current),
        reason=reason,
    )
    return ScoreSaveResult(current, created=False, changed=True)


@dataclass
class ScoreRow:
    period: Period
    component: Component
    rater_id: int
    ratee_id: int
    value: Decimal
    note: str = ""


@transaction.atomic
def scores_write_many(*, scheme: Scheme, rows: list[ScoreRow], actor=None, reason: str = "") -> dict:
    """Write many checked scores at once (import): new cells are created, changed ones updated, each audited.

    The caller has checked every row (range, open period, assignment, no duplicates); this re-checks the cheap
    invariants and refuses the whole set if one fails, so nothing is ever half-written.
    """
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.is_current:
        raise ApplicationError("该方案已被新版本取代,请按新版本重新导入。")
    # The periods as they are now, not as the caller read them.
    fresh = {p.pk: p for p in Period.objects.select_related("scheme").filter(pk__in={row.period.pk for row in rows})}
    published = is_published(organization_id=scheme.organization_id, year=scheme.year)
    seen = set()
    for row in rows:
        key = (row.rater_id, row.ratee_id, row.component.pk, row.period.pk)
        if key in seen:
            raise ApplicationError("导入数据中有重复的评分。")
        seen.add(key)
        problem = cell_problem(period=fresh[row.period.pk], component=row.component, by_hr=False, published=published)
        if problem:
            raise ApplicationError(problem)
        problem = component_range_problem(row.value, row.component)
        if problem:
            raise ApplicationError(problem)
    period_ids = set(fresh)
    rater_ids = {row.rater_id for row in rows}
    assigned = set(
        RaterAssignment.objects.filter(scheme=scheme, rater_id__in=rater_ids).values_list(
            "component_id", "rater_id", "ratee_id"
        )
    )
    if any((row.component.pk, row.rater_id, row.ratee_id) not in assigned for row in rows):
        raise ApplicationError("导入数据中有未分配的评分关系,请刷新后重试。")
    # What each cell holds now, locked until this transaction ends: (value, note, revision).
    existing = {
        (rater, ratee, component, period): (value, note, revision)
        for rater, ratee, component, period, value, note, revision in Score.objects.select_for_update()
        .filter(scheme=scheme, rater_id__in=rater_ids, period_id__in=period_ids)
        .values_list("rater_id", "ratee_id", "component_id", "period_id", "value", "note", "revision")
    }
    cells, created, updated = [], 0, 0
    for row in rows:
        key = (row.rater_id, row.ratee_id, row.component.pk, row.period.pk)
        old = existing.get(key)
        note = (row.note or "").strip()[:200]
        if old is not None and old[0] == row.value and old[1] == note:
            continue
        cells.append((key, row.value, row.component.min_score, row.component.max_score, note, old[2] + 1 if old else 1))
        if old is None:
            created += 1
        else:
            updated += 1
    if cells:
        ids = _scores_upsert(scheme=scheme, cells=cells, actor=actor)
        # Each audit row names its score as Score.__str__ does, from the names read once here: no Score objects.
        ratees = {
            pk: f"{name}({employee_no})"
            for pk, name, employee_no in Cadre.objects.filter(pk__in={key[1] for key, *_ in cells}).values_list(
                "pk", "name", "employee_no"
            )
        }
        components = {row.component.pk: str(row.component) for row in rows}
        periods = {pk: str(Period.Kind(period.kind).label) for pk, period in fresh.items()}

        def entries():
            # Made as they are written: a large import's audit rows are never all in memory at once.
            for key, value, _low, _high, note, revision in cells:
                rater, ratee, component, period = key
                subject = AuditSubject(
                    "assessments", "score", ids[key], f"{ratees[ratee]}·{components[component]}·{periods[period]}"
                )
                old = existing.get(key)
                yield subject, None if old is None else _audit_values(*old), _audit_values(value, note, revision)

        audit_log_record_many(
            actor=actor, action="assessments.score.import", entries=entries(), count=len(cells), reason=reason
        )
    return {"created": created, "updated": updated, "unchanged": len(rows) - len(cells)}


_UPSERT_COLUMNS = (
    "rater_id",
    "ratee_id",
    "component_id",
    "period_id",
    "value",
    "min_score",
    "max_score",
    "note",
    "revision",
)


def _scores_upsert(*, scheme: Scheme, cells: list[tuple], actor) -> dict[tuple, int]:
    """Insert or update the cells ((key, value, min, max, note, revision), key = (rater, ratee, component, period));
    returns each key's score id. On PostgreSQL the cells go by COPY into a scratch table and one INSERT … ON
    CONFLICT moves them; elsewhere through the ORM."""
    now = timezone.now()
    entered_by = actor.pk if getattr(actor, "is_authenticated", False) else None
    if not copy_supported():
        Score.objects.bulk_create(
            [
                Score(
                    scheme=scheme,
                    component_id=key[2],
                    period_id=key[3],
                    rater_id=key[0],
                    ratee_id=key[1],
                    value=value,
                    min_score=low,
                    max_score=high,
                    note=note,
                    revision=revision,
                    entered_by_id=entered_by,
                    updated_at=now,
                )
                for key, value, low, high, note, revision in cells
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["rater", "ratee", "component", "period"],
            update_fields=["value", "note", "revision", "entered_by", "updated_at"],
        )
        written = {key for key, *_ in cells}
        return {
            (rater, ratee, component, period): pk
            for rater, ratee, component, period, pk in Score.objects.filter(
                scheme=scheme, rater_id__in={k[0] for k in written}, period_id__in={k[3] for k in written}
            ).values_list("rater_id", "ratee_id", "component_id", "period_id", "pk")
            if (rater, ratee, component, period) in written
        }
    table = Score._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE score_upsert (rater_id bigint, ratee_id bigint, component_id bigint, "
            "period_id bigint, value numeric(6, 2), min_score numeric(6, 2), max_score numeric(6, 2), "
            "note varchar(200), revision integer) ON COMMIT DROP"
        )
        copy_rows("score_upsert", _UPSERT_COLUMNS, ((*key, *rest) for key, *rest in cells))
        cursor.execute(
            f"INSERT INTO {table} (scheme_id, rater_id, ratee_id, component_id, period_id, value, min_score, "  # noqa: S608 — our table name; values are parameters
            "max_score, note, revision, entered_by_id, created_at, updated_at) "
            "SELECT %s, rater_id, ratee_id, component_id, period_id, value, min_score, max_score, note, revision, "
            "%s, %s, %s FROM score_upsert "
            "ON CONFLICT ON CONSTRAINT score_unique_cell DO UPDATE SET value = EXCLUDED.value, note = EXCLUDED.note, "
            "revision = EXCLUDED.revision, entered_by_id = EXCLUDED.entered_by_id, updated_at = EXCLUDED.updated_at "
            "RETURNING rater_id, ratee_id, component_id, period_id, id",
            [scheme.pk, entered_by, now, now],
        )
        ids: dict[tuple, int] = {}
        while batch := cursor.fetchmany(10_000):
            ids.update(((rater, ratee, component, period), pk) for rater, ratee, component, period, pk in batch)
        cursor.execute("DROP TABLE score_upsert")
    return ids
