"""Write-matrix entries for HR's upkeep of the organization and the logins, merged into tests/test_write_matrix.py
(which defines Case and api and passes them in, so that this module need not import it).

Every write aims at 张三's side of the tree (综合科, 综合科一组): HR of 综合科, organization-wide HR and the admin get
through; 城关所's HR does not find what a URL names (404) and is refused what a body names (the form again, 400 from
the API, or the list again with the reason for the bulk account actions). `prepare` lays down, inside the attempt's
savepoint, what a write needs: an empty unit to close, a post nobody holds, a 2026 group, a cadre without a login.
The activation page is public: anyone may activate a login with its code, and a signed-in user is asked to sign out
first (nothing changes).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from org.models import Appointment, Post
from org.services import (
    account_activation_issue,
    cadre_account_ensure,
    cadre_create,
    group_create,
    post_create,
    unit_create,
)
from tests.conftest import ADMINISTRATORS

READ_ONLY: set = {"org:account_list", "org_api:account-list"}

HR_OF_A = frozenset({"admin", "hr", "hr_all"})
SIGNED_IN = frozenset(
    {"admin", "hr", "hr_other", "hr_all", "committee", "rater", "cadre", "other_cadre", "norole", "pingyi"}
    | set(ADMINISTRATORS)
)
WRITES_ROWS = "writes"
TODAY = timezone.localdate().isoformat()


def _sibling(w) -> None:
    w.sibling = unit_create(organization=w.org, parent=w.unit_a, name="综合科二组")


def _empty_unit(w) -> None:
    w.empty_unit = unit_create(organization=w.org, parent=w.unit_a, name="综合科三组")


def _free_post(w) -> None:
    w.free_post = post_create(unit=w.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)


def _group_2026(w) -> None:
    w.group_2026 = group_create(organization=w.org, year=2026, name="科长组")


def _without_login(w) -> None:
    w.no_login = cadre_create(organization=w.org, employee_no="A010", unit=w.unit_a1, name="周十", gender="M")


def _switched_off(w) -> None:
    """周十 of 综合科一组 with a login switched off (not 张三's: he is a persona, and would be signed out)."""
    _without_login(w)
    cadre_account_ensure(cadres=[w.no_login], actor=None)
    get_user_model().objects.filter(pk=w.no_login.user_id).update(is_active=False)


def _code_for_li_si(w) -> None:
    w.li_si_code = account_activation_issue(cadres=[w.other_cadre], actor=None)[0].code


def _appointment(w) -> dict:
    return {"pk": Appointment.objects.filter(cadre=w.cadre, end_date__isnull=True).order_by("pk").first().pk}


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _data(body):
    return lambda w, persona: body(w)


UNIT_ADD = _data(lambda w: {"parent": w.unit_a1.pk, "name": "新设小组", "kind": "office", "sort_order": 0})
CADRE_ADD = _data(lambda w: {"employee_no": "A009", "name": "王九", "gender": "M", "unit": w.unit_a1.pk})
APPOINT = _data(
    lambda w: {
        "post": w.free_post.pk,
        "cadre": w.cadre.pk,
        "start_date": "2025-06-01",
        "start_reason": "appointed",
        "document_no": "测组〔2025〕1号",
        "document_date": "2025-05-28",
    }
)
DISMISS = _data(
    lambda w: {
        "end_date": "2025-06-30",
        "end_reason": "removed",
        "document_no": "测组〔2025〕2号",
        "document_date": "2025-06-28",
    }
)
LEAVE = _data(lambda w: {"left_on": TODAY, "end_reason": "exchange", "reason": "调任外单位"})
CLOSE = _data(lambda w: {"closed_on": TODAY, "reason": "机构调整"})
END_POST = _data(lambda w: {"ended_on": TODAY, "reason": "机构调整"})


def _activation(w, persona) -> dict:
    return {
        "username": w.other_cadre.user.username,
        "code": w.li_si_code,
        "password1": "Zx-activate-2025",
        "password2": "Zx-activate-2025",
    }


def writes(Case, api) -> dict:
    a_only = {"writers": HR_OF_A, "hidden": frozenset({"hr_other"})}
    return {
        "account_activate": [
            Case(
                "李四 activates with his code",
                prepare=_code_for_li_si,
                data=_activation,
                answer={"anonymous": WRITES_ROWS, **dict.fromkeys(SIGNED_IN, 200)},
            )
        ],
        "org:unit_add": [Case("a unit under 综合科一组", data=UNIT_ADD, writers=HR_OF_A, answer={"hr_other": 200})],
        "org:unit_rename": [
            Case("rename 综合科一组", kwargs=_pk("unit_a1"), data=_data(lambda w: {"name": "综合科第一组"}), **a_only)
        ],
        "org:unit_move": [
            Case(
                "综合科一组 under 综合科二组",
                kwargs=_pk("unit_a1"),
                prepare=_sibling,
                data=_data(lambda w: {"parent": w.sibling.pk}),
                **a_only,
            )
        ],
        "org:unit_close": [Case("an empty unit", kwargs=_pk("empty_unit"), prepare=_empty_unit, data=CLOSE, **a_only)],
        "org:post_add": [
            Case(
                "副组长 in 综合科一组",
                kwargs=_pk("unit_a1"),
                data=_data(lambda w: {"name": "副组长", "kind": "deputy", "is_leadership": "on", "headcount": 1}),
                **a_only,
            )
        ],
        "org:post_end": [
            Case("a post nobody holds", kwargs=_pk("free_post"), prepare=_free_post, data=END_POST, **a_only)
        ],
        "org:cadre_add": [Case("王九 in 综合科一组", data=CADRE_ADD, writers=HR_OF_A, answer={"hr_other": 200})],
        "org:cadre_edit": [
            Case(
                "张三 to 综合科, a new rank",
                kwargs=_pk("cadre"),
                data=_data(
                    lambda w: {
                        "name": "张三",
                        "gender": "M",
                        "birth_date": "1985-05-01",
                        "rank_grade": "二级主任科员",
                        "unit": w.unit_a.pk,
                    }
                ),
                **a_only,
            )
        ],
        "org:cadre_appoint": [Case("张三 as 副组长", kwargs=_pk("cadre"), prepare=_free_post, data=APPOINT, **a_only)],
        "org:appointment_end": [Case("end 张三's 组长", kwargs=_appointment, data=DISMISS, **a_only)],
        "org:cadre_group": [
            Case(
                "张三 into 2026 科长组",
                kwargs=_pk("cadre"),
                prepare=_group_2026,
                data=_data(lambda w: {"group": w.group_2026.pk}),
                **a_only,
            )
        ],
        "org:cadre_leave": [Case("张三 leaves", kwargs=_pk("cadre"), data=LEAVE, **a_only)],
        # The bulk account actions name their cadres in the body: 城关所's HR is sent back to the list with the reason.
        "org:account_create": [
            Case(
                "a login for 周十",
                prepare=_without_login,
                data=_data(lambda w: {"cadres": [w.no_login.pk]}),
                writers=HR_OF_A,
                answer={"hr_other": 302},
            )
        ],
        "org:account_lock": [
            Case(
                "switch off 张三's login",
                data=_data(lambda w: {"cadres": [w.cadre.pk]}),
                writers=HR_OF_A,
                answer={"hr_other": 302},
            )
        ],
        "org:account_unlock": [
            Case(
                "switch 周十's login back on",
                prepare=_switched_off,
                data=_data(lambda w: {"cadres": [w.no_login.pk]}),
                writers=HR_OF_A,
                answer={"hr_other": 302},
            )
        ],
        "org:account_sheet": [
            Case(
                "print 张三's code",
                data=_data(lambda w: {"cadres": [w.cadre.pk], "format": "pdf"}),
                writers=HR_OF_A,
                answer={"hr_other": 200},
            )
        ],
        "org_api:unit-list": [api("a unit under 综合科一组", data=UNIT_ADD, writers=HR_OF_A, answer={"hr_other": 400})],
        "org_api:unit-detail": [
            api(
                "rename 综合科一组",
                method="patch",
                kwargs=_pk("unit_a1"),
                data=_data(lambda w: {"name": "综合科第一组"}),
                **a_only,
            )
        ],
        "org_api:unit-move": [
            api(
                "综合科一组 under 综合科二组",
                kwargs=_pk("unit_a1"),
                prepare=_sibling,
                data=_data(lambda w: {"parent": w.sibling.pk}),
                **a_only,
            )
        ],
        "org_api:unit-close": [
            api("an empty unit", kwargs=_pk("empty_unit"), prepare=_empty_unit, data=CLOSE, **a_only)
        ],
        "org_api:post-list": [
            api(
                "副组长 in 综合科一组",
                data=_data(lambda w: {"unit": w.unit_a1.pk, "name": "副组长", "kind": "deputy"}),
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "org_api:post-end": [
            api("a post nobody holds", kwargs=_pk("free_post"), prepare=_free_post, data=END_POST, **a_only)
        ],
        "org_api:cadre-list": [api("王九 in 综合科一组", data=CADRE_ADD, writers=HR_OF_A, answer={"hr_other": 400})],
        "org_api:cadre-detail": [
            api(
                "张三's rank",
                method="patch",
                kwargs=_pk("cadre"),
                data=_data(lambda w: {"rank_grade": "二级主任科员"}),
                **a_only,
            )
        ],
        "org_api:cadre-group": [
            api(
                "张三 into 2026 科长组",
                kwargs=_pk("cadre"),
                prepare=_group_2026,
                data=_data(lambda w: {"group": w.group_2026.pk}),
                **a_only,
            )
        ],
        "org_api:cadre-leave": [api("张三 leaves", kwargs=_pk("cadre"), data=LEAVE, **a_only)],
        "org_api:appointment-list": [
            api("张三 as 副组长", prepare=_free_post, data=APPOINT, writers=HR_OF_A, answer={"hr_other": 400})
        ],
        "org_api:appointment-end": [api("end 张三's 组长", kwargs=_appointment, data=DISMISS, **a_only)],
        "org_api:account-logins": [
            api(
                "a login for 周十",
                prepare=_without_login,
                data=_data(lambda w: {"cadres": [w.no_login.pk]}),
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "org_api:account-lock": [
            api(
                "switch off 张三's login",
                data=_data(lambda w: {"cadres": [w.cadre.pk]}),
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "org_api:account-unlock": [
            api(
                "switch 周十's login back on",
                prepare=_switched_off,
                data=_data(lambda w: {"cadres": [w.no_login.pk]}),
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
    }
