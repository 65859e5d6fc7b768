"""A grade revised away (an upheld appeal, a tolerance case: a new version adopted after publication) withdraws the
recall cases resting on it that have not been decided past the evaluation; later ones are reported once per version.
The publication listener does it on a worker, the sweep as a safety net; both are safe to run twice."""

import datetime
from decimal import Decimal

from assessments.models import Score
from notices.models import Notice
from recall.models import RecallCase
from recall.services.proposals import recall_case_propose
from recall.services.withdrawals import recall_cases_follow_publication, recall_cases_sweep
from tests.demotion.conftest import make_published_year
from tests.demotion.test_cases_opening import new_version
from tests.recall.conftest import advance, category, fresh

D = datetime.date


def _graded(w, name_cadre, hr):
    return recall_case_propose(batch=w.batch, cadre=name_cadre, category=category("grade"), actor=hr, grade_year=2024)


def test_a_revised_grade_withdraws_the_case_and_reports_a_decided_one(recall_world, django_capture_on_commit_callbacks):
    w = recall_world
    published = make_published_year(w)  # 2024: 张三 55, 李四 56 — both 不称职
    zhang = advance(w, _graded(w, w.cadre, w.users["hr"]), "retraining")
    li = advance(w, _graded(w, w.other_cadre, w.users["hr_other"]), "reassigned")

    # When both are rescored to 85 and the year moves to a new version (what an upheld appeal does)
    Score.objects.filter(ratee__in=[w.cadre, w.other_cadre]).update(value=Decimal("85"))
    with django_capture_on_commit_callbacks(execute=True):
        new_version(w)

    # Then 张三's case, still in retraining, is withdrawn with the reason; 李四's, decided, is reported once
    zhang, li = fresh(zhang), fresh(li)
    assert zhang.state == "withdrawn" and "第2版" in zhang.withdrawn_reason and "称职" in zhang.withdrawn_reason
    assert li.state == "reassigned"
    reported = Notice.objects.filter(kind="recall.case", occurrence="revised:2", subject_id=str(li.pk))
    assert set(reported.values_list("recipient__username", flat=True)) == {"hr_all", "committee"}

    # And following the publication again, or sweeping, changes nothing more
    counts = recall_cases_follow_publication(publication_id=published.publication.pk)
    assert counts == {"withdrawn": 0, "reported": 0}
    assert recall_cases_sweep() == {"withdrawn": 0, "reported": 0}
    assert RecallCase.objects.filter(state="withdrawn").count() == 1


def test_a_grade_still_basic_or_worse_keeps_the_case(recall_world):
    w = recall_world
    published = make_published_year(w)
    case = _graded(w, w.cadre, w.users["hr"])
    Score.objects.filter(ratee=w.cadre).update(value=Decimal("65"))  # 不称职 → 基本称职: still a candidate
    new_version(w)
    assert recall_cases_follow_publication(publication_id=published.publication.pk) == {"withdrawn": 0, "reported": 0}
    assert fresh(case).state == "proposed"
