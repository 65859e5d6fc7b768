"""The demo organization: a county market-supervision bureau like the one in the source article, with
12 市场监管所 and 20 机关科室, their 32 heads in two assessment groups, deputies and staff, a party group,
HR staff and an account for every role; and beside it a small second bureau with its own HR (org.demo_second).
All names are invented."""

import datetime
import random
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from org import services
from org.models import Appointment, Organization, Post, RoleAssignment, Unit

DEMO_ORG_CODE = "demo"
DEMO_ORG_NAME = "示例县市场监督管理局"

OFFICES = [
    "办公室",
    "政工科",
    "法规科",
    "财务审计科",
    "登记注册科",
    "信用监管科",
    "综合执法科",
    "消费者权益保护科",
    "价格监督检查科",
    "网络交易监管科",
    "食品生产监管科",
    "食品经营监管科",
    "餐饮服务监管科",
    "特殊食品监管科",
    "药品化妆品监管科",
    "医疗器械监管科",
    "特种设备安全监察科",
    "计量科",
    "标准化科",
    "质量发展科",
]
STATIONS = [
    "城关所",
    "东岭所",
    "西河所",
    "南泉所",
    "北坡所",
    "青石所",
    "柳溪所",
    "石桥所",
    "松岭所",
    "杏林所",
    "桃源所",
    "梨园所",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志宏海燕鹏飞晓东文斌雪松立新春雨晨阳"
RANKS_HEAD = ["一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员"]
RANKS_STAFF = ["一级科员", "二级科员", "四级主任科员", "三级主任科员"]


def _names(rng: random.Random):
    seen = set()
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        if name not in seen:
            seen.add(name)
            yield name


DEMO_ACCOUNTS = [
    # username, role label, what they see
    ("admin", "超级用户(仅供安装)", "Django 管理后台"),
    (
        "hr",
        "组织人事(全局)",
        "年度工作进展、单位、干部、考核方案、评分与导入、年度结果公布、主动让贤与承诺书、组织处理措施",
    ),
    ("hr_suo", "组织人事(基层所)", "仅基层市场监管所"),
    ("dangzu", "党组成员", "待决事项:审批、结果确认、申诉、主动让贤决定、容错免责认定、结果运用名单"),
    ("pingyi", "评议人", "评分任务"),
    ("ganbu", "干部(城关所所长)", "本人档案、各期得分、年度考核结果、主动让贤承诺书"),
    ("rangxian", "干部(已主动让贤)", "本人的主动让贤事项:申请、党组准予、安排工作"),
    ("kezhang", "干部 + 评议人(办公室主任)", "本人档案与评分任务"),
    ("sysadmin", "系统管理员(三员之一)", "管理后台:用户账号、机构单位与职务、加减分与否决事项、工作日历"),
    ("secadmin", "安全管理员(三员之一)", "管理后台:角色授权与范围、管理员指定、接口令牌、两步验证重置、登录锁定"),
    ("auditadmin", "审计管理员(三员之一)", "审计记录:变更与查阅的检索、导出与校验"),
    ("hr2", "组织人事(邻县局)", "另一机构“邻县市场监督管理局”:只见本局的单位与干部"),
]


# Other apps add their part of the demo (schemes, scores, ...) after the organization exists; they register here,
# so that `org` never imports them.
_EXTENSIONS: list[Callable[..., None]] = []
# Those that read what every other part planted (the early-warning scan) run after all of them.
_LAST_EXTENSIONS: list[Callable[..., None]] = []


def register_extension(load, *, last: bool = False) -> None:
    """`load(*, organization, year, rng)` runs inside the demo's transaction, once, after the organization; with
    `last`, after every other extension."""
    extensions = _LAST_EXTENSIONS if last else _EXTENSIONS
    if load not in extensions:
        extensions.append(load)


def demo_exists() -> bool:
    return Organization.objects.filter(code=DEMO_ORG_CODE).exists()


@transaction.atomic
def demo_load(*, year: int | None = None, seed: int = 2021) -> Organization:
    """Create the demo organization. Safe to call again: an existing demo is left as it is."""
    existing = Organization.objects.filter(code=DEMO_ORG_CODE).first()
    if existing:
        return existing
    year = year or datetime.date.today().year
    rng = random.Random(seed)
    names = _names(rng)
    password = settings.CADRE_DEMO_PASSWORD
    User = get_user_model()

    def user(username, full_name="", **flags):
        u = User.objects.create_user(username=username, password=password, first_name=full_name, **flags)
        return u

    org = services.organization_create(code=DEMO_ORG_CODE, name=DEMO_ORG_NAME)
    root = services.unit_create(organization=org, name=DEMO_ORG_NAME, kind=Unit.Kind.BUREAU)
    leaders = services.unit_create(organization=org, parent=root, name="局领导班子", kind=Unit.Kind.TEAM, sort_order=1)
    offices_root = services.unit_create(
        organization=org, parent=root, name="机关科室", kind=Unit.Kind.OTHER, sort_order=2
    )
    stations_root = services.unit_create(
        organization=org, parent=root, name="基层市场监管所", kind=Unit.Kind.OTHER, sort_order=3
    )
    offices = [
        services.unit_create(organization=org, parent=offices_root, name=n, kind=Unit.Kind.OFFICE, sort_order=i)
        for i, n in enumerate(OFFICES, 1)
    ]
    stations = [
        services.unit_create(organization=org, parent=stations_root, name=n, kind=Unit.Kind.STATION, sort_order=i)
        for i, n in enumerate(STATIONS, 1)
    ]

    counter = iter(range(1, 10_000))

    def cadre(unit, name, gender=None, rank="", birth_year=None, account=None):
        number = next(counter)
        birth_year = birth_year or rng.randint(1968, 1996)
        return services.cadre_create(
            organization=org,
            employee_no=f"YY{number:04d}",
            unit=unit,
            name=name,
            gender=gender or rng.choice(["M", "M", "F"]),
            birth_date=datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
            rank_grade=rank,
            work_start_date=datetime.date(birth_year + 22, 7, 1),
            user=account,
        )

    def appoint(person, post, start):
        services.appointment_start(
            cadre=person,
            post=post,
            start_date=start,
            start_reason=rng.choice(
                [
                    Appointment.StartReason.APPOINTED,
                    Appointment.StartReason.APPOINTED,
                    Appointment.StartReason.COMPETITION,
                ]
            ),
        )

    # 局领导班子: the party group (党组).
    director_post = services.post_create(unit=leaders, name="党组书记、局长", kind=Post.Kind.PRINCIPAL)
    deputy_post = services.post_create(unit=leaders, name="党组成员、副局长", kind=Post.Kind.DEPUTY, headcount=3)
    director = cadre(leaders, next(names), "M", "一级调研员", 1970, user("dangzu", "党组书记"))
    appoint(director, director_post, datetime.date(year - 3, 3, 1))
    deputies = []
    for i in range(3):
        account = user("pingyi", "副局长") if i == 0 else None
        deputies.append(cadre(leaders, next(names), rank="二级调研员", account=account))
        appoint(deputies[-1], deputy_post, datetime.date(year - 2 - i, 6, 1))
    if deputies[0].user:
        deputies[0].user.first_name = deputies[0].name
        deputies[0].user.save(update_fields=["first_name"])
    director.user.first_name = director.name
    director.user.save(update_fields=["first_name"])

    group_offices = services.group_create(organization=org, year=year, name="机关科室负责人组(科长组)")
    group_stations = services.group_create(organization=org, year=year, name="市场监管所负责人组(所长组)")

    hr_staff = None
    kezhang = None
    ganbu = None
    for i, office in enumerate(offices):
        head_post = services.post_create(
            unit=office, name="科长" if office.name != "办公室" else "主任", kind=Post.Kind.MIDDLE
        )
        account = None
        if office.name == "办公室":
            account = user("kezhang")
        head = cadre(office, next(names), rank=rng.choice(RANKS_HEAD), account=account)
        appoint(head, head_post, datetime.date(year - rng.randint(1, 6), rng.randint(1, 12), 1))
        services.group_member_set(group=group_offices, cadre=head)
        if account:
            kezhang = head
        if i % 3 == 0:
            deputy_post_office = services.post_create(
                unit=office, name="副科长" if office.name != "办公室" else "副主任", kind=Post.Kind.MIDDLE
            )
            appoint(
                cadre(office, next(names), rank=rng.choice(RANKS_STAFF)),
                deputy_post_office,
                datetime.date(year - 1, 4, 1),
            )
        for _ in range(rng.randint(1, 3)):
            staff = cadre(office, next(names), rank=rng.choice(RANKS_STAFF))
            if office.name == "政工科" and hr_staff is None:
                hr_staff = staff
    for station in stations:
        head_post = services.post_create(unit=station, name="所长", kind=Post.Kind.MIDDLE)
        deputy_post_station = services.post_create(unit=station, name="副所长", kind=Post.Kind.MIDDLE, headcount=2)
        account = user("ganbu") if station.name == "城关所" else None
        head = cadre(station, next(names), rank=rng.choice(RANKS_HEAD), account=account)
        appoint(head, head_post, datetime.date(year - rng.randint(1, 6), rng.randint(1, 12), 1))
        services.group_member_set(group=group_stations, cadre=head)
        if account:
            ganbu = head
        for k in range(rng.randint(1, 2)):
            appoint(
                cadre(station, next(names), rank=rng.choice(RANKS_STAFF)),
                deputy_post_station,
                datetime.date(year - 1, 3 + k, 1),
            )
        for _ in range(rng.randint(2, 4)):
            cadre(station, next(names), rank=rng.choice(RANKS_STAFF))

    # A former head who stepped down last year keeps the rank grade: shows a past appointment.
    former_post = Post.objects.get(unit=stations[1], name="副所长")
    former = cadre(stations[1], next(names), rank="二级主任科员")
    appointment = Appointment.objects.create(cadre=former, post=former_post, start_date=datetime.date(year - 4, 1, 1))
    services.appointment_end(
        appointment=appointment,
        end_date=datetime.date(year - 1, 8, 15),
        end_reason=Appointment.EndReason.STEP_DOWN,
        reason="年度考核组内排名后10%,主动让贤",
    )

    assert hr_staff is not None and kezhang is not None and ganbu is not None  # the fixed demo units have them
    hr_user = user("hr")
    services.cadre_update(cadre=hr_staff, user=hr_user)
    hr_user.first_name = hr_staff.name
    hr_user.save(update_fields=["first_name"])
    services.role_assign(user=hr_user, role=RoleAssignment.Role.HR, organization=org)
    hr_suo = user("hr_suo", "基层所人事专员")
    services.role_assign(user=hr_suo, role=RoleAssignment.Role.HR, organization=org, unit=stations_root)
    services.role_assign(user=director.user, role=RoleAssignment.Role.COMMITTEE, organization=org)
    services.role_assign(user=deputies[0].user, role=RoleAssignment.Role.RATER, organization=org)
    services.role_assign(user=kezhang.user, role=RoleAssignment.Role.RATER, organization=org)
    for person in (kezhang, ganbu):
        person.user.first_name = person.name
        person.user.save(update_fields=["first_name"])
    user("admin", "超级用户", is_staff=True, is_superuser=True)
    for load in [*_EXTENSIONS, *_LAST_EXTENSIONS]:
        load(organization=org, year=year, rng=rng)
    # Last, with its own random numbers: what the upkeep and account pages show.
    from org.demo_upkeep import demo_upkeep_load

    demo_upkeep_load(organization=org, year=year)
    # Beside it, a second organization of its own (hr2): what each organization keeps from the other.
    from org.demo_second import demo_second_load

    demo_second_load(year=year)
    return org
