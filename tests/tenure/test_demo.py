"""The demo bureau's tenure part: terms across the 30 June line, an inherited term, a principal at the two-term cap,
goals in every state, last year's evaluation confirmed, and an audit in rectification that holds its cadre."""

import datetime

from django.utils import timezone

from org.demo import demo_load
from tenure.models import EconomicAudit, EvaluationRound, Placement, Term, TermGoal
from tenure.selectors.checks import audit_hold_reason
from tenure.selectors.terms import term_rows


def test_the_demo_shows_every_part_of_tenure(db):
    organization = demo_load()
    year = timezone.localdate().year
    terms = {
        (t.cadre.name, t.post.unit.name): t
        for t in Term.objects.filter(organization=organization).select_related("cadre", "post__unit")
    }
    # decided on 30 June and on 1 July of last year
    assert terms[("秦立华", "食品药品检验检测中心")].starts_on == datetime.date(year - 1, 1, 1)
    assert terms[("韩思远", "消费者投诉举报中心")].starts_on == datetime.date(year, 1, 1)
    # the successor finishes the exchanged principal's term
    inherited = terms[("邱建平", "信息中心")]
    assert inherited.inherited and inherited.ends_on == datetime.date(year, 12, 31)
    # re-appointed by the committee, in his second term: the two-term cap is reached
    second = Term.objects.filter(cadre__name="邵文博").order_by("-number").first()
    assert second.number == 2 and Placement.objects.filter(cadre__name="邵文博", outcome="reappoint").exists()
    [row] = term_rows([second], as_of=timezone.localdate())
    assert [c.rule.scope for c in row.caps_reached] == ["post"]
    # goals of this year in every state, last year's approved
    states = set(TermGoal.objects.filter(organization=organization, year=year).values_list("state", flat=True))
    assert states == {"proposed", "reviewed", "approved", "returned"}
    round_ = EvaluationRound.objects.get(organization=organization, year=year - 1)
    assert round_.state == "closed" and not round_.evaluations.filter(combined__isnull=True).exists()
    # the exchanged principal's departure audit is in rectification and holds her
    audit = EconomicAudit.objects.get(organization=organization)
    assert audit.state == "rectifying"
    assert "待岗" in audit_hold_reason(audit.cadre, timezone.localdate())
