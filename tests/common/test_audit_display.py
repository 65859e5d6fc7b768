"""The audit history in words: action names, field labels, values as people read them, related rows read in bulk."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Publication, Scheme, Score
from assessments.services.schemes import scheme_create
from common.audit import audit_log_for
from common.audit_display import Field, action_label, audit_entries, register_actions, register_fields
from common.models import AuditLog
from org.models import Cadre, Post
from org.services import cadre_update, group_create, group_member_set
from tests.factories import UnitFactory, UserFactory


def _row(model, *, action, before=None, after=None, subject_id="1", actor=None) -> AuditLog:
    """An audit row as a service would write it, about a row of `model` (which need not exist)."""
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        subject_type=ContentType.objects.get_for_model(model),
        subject_id=subject_id,
        subject_repr="对象",
        before=before,
        after=after,
    )


def _changes(entry) -> dict:
    return {change.label: (change.old, change.new) for change in entry.changes}


# --- actions ------------------------------------------------------------------------------------------------------


def test_every_app_names_its_actions():
    assert action_label("org.cadre.update") == "修改干部信息"
    assert action_label("assessments.results.publish") == "公布考核结果"
    assert action_label("assessments.points.revoke") == "撤销加减分"
    assert action_label("assessments.import.scores") == "导入评分表"


ACTION_CODE = re.compile(r'"((?:org|notices|assessments|common)\.[a-z_]+\.[a-z_]+)"')
# Written from f-strings: assessments.services.appeals (f"assessments.{kind}.revoke"), assessments.imports.applying
# (f"assessments.import.{kind}"); common.tasks' heartbeat.
BUILT_CODES = [
    "assessments.points.revoke",
    "assessments.veto.revoke",
    "assessments.import.scores",
    "assessments.import.points",
    "assessments.import.vetoes",
    "system.heartbeat",
]


def test_every_action_the_code_writes_has_a_label():
    root = Path(settings.BASE_DIR)
    written = {
        code
        for app in ("org", "notices", "assessments", "common")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for code in ACTION_CODE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(written) > 40
    assert [code for code in sorted(written | set(BUILT_CODES)) if action_label(code) == code] == []


def test_the_admins_own_writes_are_named_after_the_model():
    assert action_label("org.post.admin_change") == "后台修改职务"
    assert action_label("assessments.score.admin_delete") == "后台删除评分"


def test_an_unknown_action_is_shown_as_its_code(world):
    # given a code nobody registered (and one that only looks like an admin write)
    _row(Cadre, action="somewhere.else.happened", after={"rank_grade": "二级主任科员"})
    _row(Cadre, action="nowhere.model.admin_add")
    entries = audit_entries(AuditLog.objects.filter(action__in=["somewhere.else.happened", "nowhere.model.admin_add"]))
    # then the code is shown as it is, and the fields still in words
    assert {e.action for e in entries} == {"somewhere.else.happened", "nowhere.model.admin_add"}
    assert ("职级", (None, "二级主任科员")) in [(c.label, (c.old, c.new)) for e in entries for c in e.changes]


# --- fields and values --------------------------------------------------------------------------------------------


def test_fields_by_their_labels_choices_by_theirs_and_related_rows_by_name(world):
    # given HR moves a cadre to another unit and corrects the gender
    cadre_update(
        cadre=world.cadre, unit=world.unit_b, gender=Cadre.Gender.FEMALE, actor=world.users["hr"], reason="核对档案"
    )
    # then the history says so in words
    entry = audit_entries(audit_log_for(world.cadre)[:1])[0]
    assert entry.action == "修改干部信息" and entry.actor == "hr" and entry.reason == "核对档案"
    assert _changes(entry) == {"所在单位": ("综合科一组", "城关所"), "性别": ("男", "女")}


def test_a_publication_reads_as_states_people_and_dates(world):
    # given the audit row of a publication (posted → published by 王主任)
    publisher = UserFactory(username="wang", first_name="主任", last_name="王")
    row = _row(
        Publication,
        action="assessments.results.publish",
        before={"run_id": 7, "state": "posted", "published_on": None, "published_by_id": None},
        after={"run_id": 7, "state": "published", "published_on": "2025-03-10", "published_by_id": publisher.pk},
        actor=world.users["hr"],
    )
    # then every field by its verbose name, the state by its label, the user by their name, the date formatted
    (entry,) = audit_entries([row])
    assert entry.action == "公布考核结果"
    assert _changes(entry) == {
        "状态": ("优秀人选公示中", "已公布"),
        "公布日期": ("—", "2025-03-10"),
        "公布人": ("—", publisher.get_full_name()),
    }


def test_booleans_decimals_datetimes_and_json_are_readable(world):
    moment = "2025-03-10T02:30:00+00:00"
    rows = [
        _row(Post, action="org.post.admin_change", before={"is_leadership": True}, after={"is_leadership": False}),
        _row(
            Score,
            action="assessments.score.change",
            before={"value": "80.50", "revision": 1},
            after={"value": "90.00", "revision": 2},
        ),
        _row(Publication, action="assessments.results.confirm", after={"confirmed_at": moment}),
        _row(Cadre, action="x.y.z", after={"extra": {"rows": 3, "files": ["a.xlsx", "b.xlsx"]}}),
    ]
    post, score, publication, cadre = audit_entries(rows)
    assert _changes(post) == {"领导职务": ("是", "否")}
    assert _changes(score) == {"分数": ("80.5", "90"), "修订号": ("1", "2")}
    assert _changes(publication) == {"确认时间": (None, "2025-03-10 10:30")}  # Asia/Shanghai
    assert _changes(cadre) == {"extra": (None, "rows: 3; files: a.xlsx, b.xlsx")}


def test_fields_are_listed_in_the_models_order_whatever_order_the_row_keeps(world):
    # PostgreSQL's jsonb keeps keys in an order of its own
    after = {"rank_grade": "二级主任科员", "unit_id": world.unit_b.pk, "name": "张叁"}
    (entry,) = audit_entries([_row(Cadre, action="org.cadre.create", after=after)])
    assert [change.label for change in entry.changes] == ["所在单位", "姓名", "职级"]


def test_internal_fields_are_hidden(world):
    row = _row(
        Cadre,
        action="org.cadre.admin_change",
        before={"id": 1, "email_claim": "", "updated_at": "2025-01-01", "name": "张三"},
        after={"id": 2, "email_claim": "abc", "updated_at": "2025-01-02", "name": "张叁"},
    )
    (entry,) = audit_entries([row])
    assert _changes(entry) == {"姓名": ("张三", "张叁")}


def test_a_creation_has_no_before_and_a_deletion_no_after(world):
    rows = [
        _row(Post, action="org.post.admin_add", after={"headcount": 2}),
        _row(Post, action="org.post.admin_delete", before={"headcount": 2}),
    ]
    added, deleted = audit_entries(rows)
    assert _changes(added) == {"职数": (None, "2")} and _changes(deleted) == {"职数": ("2", None)}


def test_a_missing_related_row_is_shown_by_its_id(world):
    (entry,) = audit_entries(
        [_row(Cadre, action="org.cadre.update", before={"unit_id": 99999}, after={"unit_id": None})]
    )
    assert _changes(entry) == {"所在单位": ("#99999", "—")}


def test_keys_beyond_the_models_fields_come_from_the_apps_words(world):
    # given a cadre moved into another group (the row is the cadre's; "group" is not a cadre field)
    other = group_create(organization=world.org, year=2025, name="所长组")
    group_member_set(group=other, cadre=world.cadre)
    (entry,) = audit_entries(audit_log_for(world.cadre).filter(action="org.group.member_set")[:1])
    assert entry.action == "编入考核组" and _changes(entry) == {"考核组": ("2025年 科长组", "2025年 所长组")}


def test_an_action_can_show_only_some_keys_and_render_its_own(world):
    register_actions({"tests.thing.count": "清点"})
    register_fields("tests.thing.count", {"total": Field(label="合计", render=lambda v: f"{v} 件")}, only=True)
    (entry,) = audit_entries([_row(Post, action="tests.thing.count", after={"total": 3, "name": "组长"})])
    assert entry.action == "清点" and _changes(entry) == {"合计": (None, "3 件")}


def test_a_scheme_creation_lists_its_essentials_and_percentages_read_as_such(world):
    scheme = scheme_create(organization=world.org, year=2025, template=Scheme.Template.FOUR_PART)
    (entry,) = audit_entries(audit_log_for(scheme))
    assert entry.action == "创建方案"
    changes = _changes(entry)
    assert list(changes) == ["方案名称", "施行日期", "考核项目"]
    assert changes["考核项目"][1] == "季度述职评议 30%;半年工作点评 20%;年度主要目标任务 30%;现场观摩点评 20%"
    row = _row(
        Scheme,
        action="assessments.scheme.update",
        before={"excellent_quota": "0.200"},
        after={"excellent_quota": "0.150"},
    )
    assert _changes(audit_entries([row])[0]) == {"优秀比例": ("20%", "15%")}


# --- queries ------------------------------------------------------------------------------------------------------


def _moves(world, count: int, start: int = 0) -> list[AuditLog]:
    """`count` cadre moves, each to its own new unit by its own HR user: every row names different related rows."""
    for n in range(start, start + count):
        unit = UnitFactory(organization=world.org, parent=world.root, name=f"新单位{n}")
        actor = UserFactory(username=f"hr{n}", first_name=f"{n}", last_name="人事")
        cadre_update(cadre=world.cadre, unit=unit, user=actor, actor=actor)
    return list(audit_log_for(world.cadre).filter(action="org.cadre.update"))


def test_related_rows_are_read_in_one_query_per_model_however_many_rows(world):
    few = _moves(world, 2)
    with CaptureQueriesContext(connection) as reading_few:
        audit_entries(few)
    many = _moves(world, 12, start=2)
    with CaptureQueriesContext(connection) as reading_many:
        entries = audit_entries(many)
    # one query for the units, one for the users, for 2 rows as for 14
    assert len(reading_few.captured_queries) == len(reading_many.captured_queries) == 2
    assert len(entries) == 14
    assert _changes(entries[0])["所在单位"] == ("新单位12", "新单位13")
    assert _changes(entries[0])["登录账号"] == ("12 人事", "13 人事")


def test_no_rows_read_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert audit_entries([]) == [] and audit_entries(None) == []


# --- the pages ----------------------------------------------------------------------------------------------------


def test_the_cadre_page_shows_the_history_in_words(world, as_persona):
    cadre_update(cadre=world.cadre, rank_grade="二级主任科员", actor=world.users["hr"], reason="职级晋升")
    body = as_persona("hr").get(reverse("org:cadre_detail", kwargs={"pk": world.cadre.pk})).content.decode()
    assert "修改干部信息" in body and "职级</span>:<del>一级主任科员</del> → 二级主任科员" in body
    assert "org.cadre.update" not in body and "rank_grade" not in body
