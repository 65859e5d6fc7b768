"""The areas together: a tolerance exemption after publication re-versions the result, the publication moves to the
new version, and the step-down case the exempted veto opened is withdrawn — each app through its own services, the
step-down workflow told by the publication hook."""

from assessments.models import Publication, VetoEntry
from common.models import AuditLog
from demotion.models import StepDownCase, ToleranceCase
from demotion.services.cases import stepdown_cases_open
from demotion.services.tolerance import tolerance_decide, tolerance_request
from tests.demotion.conftest import make_published_year


def test_an_exempted_veto_withdraws_the_step_down_case(world, django_capture_on_commit_callbacks):
    # Given 张三 vetoed (well scored otherwise) and 李四 at the bottom of a published year, both cases open
    composites = {"张三": 85, "李四": 56, "王甲": 80, "赵乙": 90}
    published = make_published_year(world, composites=composites, vetoed=("张三",), bottom_ratio="0.25")
    stepdown_cases_open(publication_id=published.publication.pk)
    assert dict(StepDownCase.objects.values_list("cadre__name", "state")) == {"张三": "notified", "李四": "notified"}

    # When HR asks to exempt the veto and the party committee approves on the three tests
    veto = VetoEntry.objects.get(cadre=world.cadre)
    case = tolerance_request(
        cadre=world.cadre,
        target="veto",
        entry=veto,
        event="汛期抢险中为保障群众安全先行处置,程序有瑕疵",
        reason="出于公心、勤勉尽责、不谋私利",
        actor=world.users["hr"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        tolerance_decide(
            case=case,
            approve=True,
            public_interest=True,
            diligent=True,
            no_private_gain=True,
            reason="经党组研究,符合容错情形",
            actor=world.users["committee"],
        )

    # Then the publication is on the new version, which no longer counts the veto
    case.refresh_from_db()
    publication = Publication.objects.get(pk=published.publication.pk)
    assert case.state == ToleranceCase.State.APPROVED and case.run_id == publication.run_id
    assert publication.run.version == published.run.version + 1
    assert (
        AuditLog.objects.filter(action="assessments.results.publication_adopt", subject_id=str(publication.pk)).count()
        == 1
    )

    # And 张三's case is withdrawn with the reason; 李四's, still at the bottom, stays open
    zhang = StepDownCase.objects.get(cadre=world.cadre)
    assert zhang.state == StepDownCase.State.WITHDRAWN
    assert "一票否决已撤销" in zhang.withdrawn_reason
    assert StepDownCase.objects.get(cadre=world.other_cadre).state == StepDownCase.State.NOTIFIED
