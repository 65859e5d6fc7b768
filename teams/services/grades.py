"""The party committee's annual team grade and the consequences it calls for (正职任期制、副职聘任制的地方办法). Keyword-only, atomic,
validated, audited.

一类 → 通报表扬 and 物质奖励; 二类 → nothing; 三类 → 诫勉或提醒谈话 and an improvement plan with a deadline; 四类 →
组织调整. The consequences are recorded here, each done by HR with a note. Seed 004 has the city committee's principal
leader hold the 三类 talk with the team's members (DOMAIN §5a reads it as the team's principal leader holding it with
the team); the talk's row names the team's principal, whom it concerns first.

The organizational measures themselves (诫勉, 提醒谈话, 调整职务 …) are recorded where measures are, with their waiting
periods (demotion's 组织处理措施 page, which the team page links to with the cadre and kind filled in): a consequence
here records that the committee's decision was carried out; whom a 组织调整 concerns, and how, is the committee's
decision per person, recorded there as a measure.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots.selectors.feed import team_scores
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from teams.models import Consequence, Grade, Team, TeamGrade
from teams.selectors.teams import gradable_teams, manageable_teams, members

CONSEQUENCES = {
    Grade.FIRST: (Consequence.Kind.PRAISE, Consequence.Kind.REWARD),
    Grade.SECOND: (),
    Grade.THIRD: (Consequence.Kind.TALK, Consequence.Kind.IMPROVEMENT),
    Grade.FOURTH: (Consequence.Kind.ADJUSTMENT,),
}


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


def _principal(team: Team, on: datetime.date):
    current = members(team, on)
    principals = [a.cadre for a in current if a.post.kind == "principal"]
    found = principals or [a.cadre for a in current]
    return found[0] if found else None


@transaction.atomic
def team_grade_decide(
    *,
    team: Team,
    actor,
    year: int,
    grade: str,
    basis: str,
    decided_on: datetime.date,
    improvement_due: datetime.date | None = None,
) -> TeamGrade:
    """Grade a team for a year, once. The team's democratic evaluation score of that year (a closed evaluation of its
    leadership team), if any, is kept with the grade as the committee saw it."""
    if not gradable_teams(user=actor).filter(pk=team.pk).exists():
        raise ApplicationError(_("只有党组成员可以评定其范围内的班子类别。"), code="permission_denied")
    if grade not in Grade.values:
        raise _invalid("grade", _("请选择班子类别。"))
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise _invalid("year", _("年度应不晚于今年。"))
    if decided_on > today:
        raise _invalid("decided_on", _("评定日期不能晚于今天。"))
    if not basis.strip():
        raise _invalid("basis", _("请写明评定依据(年度考核结果、民主测评等)。"))
    if grade == Grade.THIRD and (improvement_due is None or improvement_due <= decided_on):
        raise _invalid("improvement_due", _("三类班子须限期整改:请填写晚于评定日期的整改期限。"))
    if TeamGrade.objects.filter(team=team, year=year).exists():
        raise _invalid("year", _("%(team)s %(year)s年度的类别已评定。") % {"team": team, "year": year})
    scores = team_scores(unit_ids=[team.unit_id], year=year).get(team.unit_id, [])
    latest = next((s for s in scores if s.score is not None), None)
    record = TeamGrade.objects.create(
        team=team,
        year=year,
        grade=grade,
        evaluation_score=latest.score if latest else None,
        evaluation_title=latest.title if latest else "",
        basis=basis.strip(),
        decided_on=decided_on,
        decided_by=actor,
    )
    principal = _principal(team, decided_on)
    for kind in CONSEQUENCES[Grade(grade)]:
        Consequence.objects.create(
            grade=record,
            kind=kind,
            cadre=principal if kind == Consequence.Kind.TALK else None,
            due_date=improvement_due if kind == Consequence.Kind.IMPROVEMENT else None,
        )
    audit_log_record(
        actor=actor,
        action="teams.grade.decide",
        subject=team,
        after={
            **snapshot(record, ["year", "grade", "evaluation_score", "decided_on"]),
            "consequences": [str(Consequence.Kind(k).label) for k in CONSEQUENCES[Grade(grade)]],
        },  # fmt: skip
        reason=record.basis,
    )
    return record


@transaction.atomic
def consequence_complete(*, consequence: Consequence, actor, done_on: datetime.date, note: str) -> Consequence:
    """HR records that a consequence was carried out (the talk held, the praise issued, the adjustment made…)."""
    team = consequence.grade.team
    if not manageable_teams(user=actor).filter(pk=team.pk).exists():
        raise ApplicationError(_("该班子不在您的管理范围内。"), code="permission_denied")
    if not note.strip():
        raise _invalid("note", _("请写明办理情况(如文号、谈话时间)。"))
    if done_on > timezone.localdate() or done_on < consequence.grade.decided_on:
        raise _invalid("done_on", _("完成日期应在评定日期与今天之间。"))
    changed = Consequence.objects.filter(pk=consequence.pk, done_on__isnull=True).update(
        done_on=done_on, done_by=actor, note=note.strip(), updated_at=timezone.now()
    )
    if not changed:
        raise _invalid("done_on", _("该事项已办结。"))
    consequence.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="teams.consequence.complete",
        subject=consequence,
        after=snapshot(consequence, ["kind", "done_on", "note"]),
    )
    return consequence
