"""A second, small demo organization beside the first: a county bureau of its own (邻县市场监督管理局), with a few
offices and stations, their cadres, one assessment group and its HR login `hr2`. It shows that each organization
keeps to its own: `hr2` sees only this bureau, and nobody of the first sees anything of it. All names are invented."""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model

from org import services
from org.models import Organization, Post, RoleAssignment, Unit

SECOND_ORG_CODE = "demo2"
SECOND_ORG_NAME = "邻县市场监督管理局"
SECOND_HR_USERNAME = "hr2"

OFFICES = ["办公室", "综合执法股"]
STATIONS = ["城南所", "河口所"]
# (name, gender, birth year) of each unit's head, deputy and staff member, in the order of OFFICES + STATIONS.
PEOPLE = [
    [("方明远", "M", 1975), ("邱雅琴", "F", 1986), ("阮志刚", "M", 1992)],
    [("葛云飞", "M", 1978), ("柏晓丽", "F", 1988), ("石磊", "M", 1994)],
    [("褚建华", "M", 1972), ("喻春梅", "F", 1984), ("祁浩然", "M", 1991)],
    [("蓝海涛", "M", 1976), ("詹秀英", "F", 1983), ("甘文博", "M", 1995)],
]


def demo_second_load(*, year: int) -> Organization:
    """The second organization, created inside the demo's transaction (org.demo.demo_load)."""
    rng = random.Random(year)
    org = services.organization_create(code=SECOND_ORG_CODE, name=SECOND_ORG_NAME)
    root = services.unit_create(organization=org, name=SECOND_ORG_NAME, kind=Unit.Kind.BUREAU)
    units = [
        services.unit_create(organization=org, parent=root, name=name, kind=kind, sort_order=i)
        for i, (name, kind) in enumerate(
            [*((n, Unit.Kind.OFFICE) for n in OFFICES), *((n, Unit.Kind.STATION) for n in STATIONS)], 1
        )
    ]
    group = services.group_create(organization=org, year=year, name="股所负责人组")
    numbers = iter(range(1, 1000))
    staff_of_office = None
    for unit, people in zip(units, PEOPLE, strict=True):
        head_title = "所长" if unit.kind == Unit.Kind.STATION else ("主任" if unit.name == "办公室" else "股长")
        head_post = services.post_create(unit=unit, name=head_title, kind=Post.Kind.MIDDLE)
        deputy_post = services.post_create(unit=unit, name=f"副{head_title}", kind=Post.Kind.MIDDLE)
        cadres = [
            services.cadre_create(
                organization=org,
                employee_no=f"LX{next(numbers):04d}",
                unit=unit,
                name=name,
                gender=gender,
                birth_date=datetime.date(born, rng.randint(1, 12), rng.randint(1, 28)),
                rank_grade="二级主任科员" if i == 0 else "一级科员",
                work_start_date=datetime.date(born + 22, 7, 1),
            )
            for i, (name, gender, born) in enumerate(people)
        ]
        services.appointment_start(cadre=cadres[0], post=head_post, start_date=datetime.date(year - 3, 3, 1))
        services.appointment_start(cadre=cadres[1], post=deputy_post, start_date=datetime.date(year - 1, 4, 1))
        services.group_member_set(group=group, cadre=cadres[0])
        if unit.name == "办公室":
            staff_of_office = cadres[2]
    assert staff_of_office is not None  # the second organization's units include its 办公室
    hr = get_user_model().objects.create_user(
        username=SECOND_HR_USERNAME, password=settings.CADRE_DEMO_PASSWORD, first_name=staff_of_office.name
    )
    services.cadre_update(cadre=staff_of_office, user=hr)
    services.role_assign(user=hr, role=RoleAssignment.Role.HR, organization=org)
    return org
