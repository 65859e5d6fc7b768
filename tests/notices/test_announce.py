from notices.models import Notice
from notices.services import notices_announce
from tests.factories import UserFactory


def test_an_announcement_reaches_each_person_once_however_often_it_is_made(world):
    people = [world.users["cadre"], world.users["other_cadre"], world.users["cadre"]]
    inactive = UserFactory(username="left", is_active=False)
    for _ in range(2):
        notices_announce(
            recipients=[*people, inactive, None],
            kind="assessments.published",
            subject=world.org,
            occurrence="published",
            title="2025年度考核结果已公布",
            url="/assessments/my-results/",
        )
    rows = Notice.objects.filter(kind="assessments.published")
    assert sorted(n.recipient.username for n in rows) == ["cadre", "other_cadre"]
    assert {n.title for n in rows} == {"2025年度考核结果已公布"}
