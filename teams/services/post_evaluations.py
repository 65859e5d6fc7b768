"""Recording a post-evaluation (后评估, 济南市换届“后评估”). Keyword-only, atomic, validated, audited.

Five dimensions are scored 0–100 by the evaluation team, each with its evidence; 结构 is computed from the roster on
the day of the evaluation against the targets given (teams.structure) and kept as it was; the cadres named "出彩型"
must be members of the team that day.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.errors import ApplicationError
from teams import structure
from teams.models import Dimension, PostEvaluation, Team
from teams.selectors.teams import approved_posts, manageable_teams, member_facts

SCORED = [d for d in Dimension if d != Dimension.STRUCTURE]
EVIDENCE_MAX = 2000


@transaction.atomic
def post_evaluation_record(
    *,
    team: Team,
    actor,
    evaluated_on: datetime.date,
    scores: dict,
    evidence: dict,
    outstanding: list,
    targets: dict | None = None,
) -> PostEvaluation:
    if not manageable_teams(user=actor).filter(pk=team.pk).exists():
        raise ApplicationError(_("该班子不在您的管理范围内。"), code="permission_denied")
    errors: dict[str, list[str]] = {}
    if evaluated_on > timezone.localdate():
        errors["evaluated_on"] = [_("评估日期不能晚于今天。")]
    elif evaluated_on < team.formed_on:
        errors["evaluated_on"] = [_("后评估应在班子组建或换届(%(on)s)之后。") % {"on": team.formed_on.isoformat()}]
    clean_scores: dict[str, str | None] = {}
    clean_evidence: dict[str, str] = {}
    for dimension in SCORED:
        raw = scores.get(dimension.value)
        try:
            value = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            value = None
        if value is None or not Decimal("0") <= value <= Decimal("100"):
            errors[f"score_{dimension.value}"] = [_("请填写0到100的分数。")]
        else:
            clean_scores[dimension.value] = f"{value.quantize(Decimal('0.01'))}"
        text = (evidence.get(dimension.value) or "").strip()
        if not text:
            errors[f"evidence_{dimension.value}"] = [_("请写明评估依据。")]
        elif len(text) > EVIDENCE_MAX:
            errors[f"evidence_{dimension.value}"] = [_("评估依据不能超过%(n)s个字。") % {"n": EVIDENCE_MAX}]
        clean_evidence[dimension.value] = text
    targets = dict(structure.DEFAULT_TARGETS if targets is None else targets)
    for key, value in targets.items():
        if key not in structure.DEFAULT_TARGETS or (value is not None and (not isinstance(value, int) or value < 0)):
            errors[f"target_{key}"] = [_("请填写不小于0的整数,或留空表示不考察。")]
    facts = member_facts(team, min(evaluated_on, timezone.localdate()))
    member_ids = {f.cadre_id for f in facts}
    strangers = [c for c in outstanding if c.pk not in member_ids]
    if strangers:
        errors["outstanding"] = [
            _("“出彩型”干部应为评估当日的班子成员:%(names)s不是。") % {"names": "、".join(c.name for c in strangers)}
        ]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)
    computed = structure.compute(facts, approved=approved_posts(team.unit), on=evaluated_on, targets=targets)
    clean_scores[Dimension.STRUCTURE.value] = None if computed.score is None else f"{computed.score:.2f}"
    record = PostEvaluation.objects.create(
        team=team,
        evaluated_on=evaluated_on,
        scores=clean_scores,
        evidence=clean_evidence,
        structure=computed.as_dict(),
        structure_targets=targets,
        recorded_by=actor,
    )
    record.outstanding.set(outstanding)
    audit_log_record(
        actor=actor,
        action="teams.post_evaluation.record",
        subject=team,
        after={"evaluated_on": evaluated_on, "scores": clean_scores, "outstanding": [c.name for c in outstanding]},
    )
    return record
