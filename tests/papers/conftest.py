"""A published year for the papers: 2024 of the world's organization, published on 20 January 2025, six cadres in one
group — 赵乙 优秀, 张三 and 李四 in the bottom set (ratio 1/3), 王甲 vetoed — and a step-down case awaiting the
committee. 张三 has written his 个人总结 online and signed his acknowledgement."""

import datetime

import pytest
from django.utils import timezone

from demotion.models import StepDownCase
from papers.models import PersonalSummary
from tests.demotion.conftest import make_published_year

COMPOSITES = {"张三": 55, "李四": 56, "王甲": 80, "赵乙": 95, "钱丙": 85, "孙丁": 82}
PUBLISHED_ON = datetime.date(2025, 1, 20)
SUMMARY = "一年来,认真履行综合科一组组长职责,完成年度目标任务。\n加强学习,廉洁自律。"


@pytest.fixture
def year(world):
    published = make_published_year(
        world,
        composites=COMPOSITES,
        vetoed=("王甲",),
        bottom_ratio="0.34",
        published_on=PUBLISHED_ON,
    )
    zhang = published.people["张三"]
    zhang.birth_date = datetime.date(1980, 5, 17)
    zhang.rank_grade = "四级主任科员"
    zhang.save()
    PersonalSummary.objects.create(
        organization=world.org,
        cadre=zhang,
        year=2024,
        text=SUMMARY,
        submitted_at=timezone.now(),
        own_opinion="无异议",
        acknowledged_at=datetime.datetime(2025, 1, 22, 9, 0, tzinfo=datetime.UTC),
    )
    li = published.people["李四"]
    opened = StepDownCase.objects.filter(cadre=li, year=2024)  # opened on publication where commits run
    if opened.exists():
        opened.update(state=StepDownCase.State.APPLIED)
    else:
        StepDownCase.objects.create(
            organization=world.org,
            year=2024,
            cadre=li,
            publication=published.publication,
            run=published.run,
            reason=StepDownCase.Reason.BOTTOM,
            group_name=published.group.name,
            rank=5,
            group_size=6,
            published_on=PUBLISHED_ON,
            deadline=datetime.date(2025, 1, 23),
            state=StepDownCase.State.APPLIED,
        )
    return published
