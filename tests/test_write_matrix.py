"""Every URL that writes, as every persona: who gets through, who is refused, and that a refused write changed
nothing.

The GET matrix (tests/test_permission_matrix.py) proves who may look; this one proves who may act. Each write is sent
with a payload that would succeed for someone allowed to send it, so that a refusal is about access, not validation.
The personas a rule admits must get through (and, in most cases, rows must change: the payload is a good one);
everyone else is refused — 302 to the login page (anonymous, pages), 401 (anonymous, API), 403 (a role that may
not), 404 (an object outside the caller's scope) or, where the object is named in the body rather than the URL, what
the endpoint answers for a reference out of scope (400 from the API, the form shown again on a page) — and a refused
write leaves every row of the project's tables, the media directory and the outbox exactly as they were.

Each attempt runs in a savepoint rolled back afterwards, so every persona writes into the same world.

Besides the world's personas there are two more: "hr_all", HR whose scope is the whole organization (who sets up
schemes), and "pingyi", 王五 (the rater of 张三 and 李四, tests.assessments.conftest), so that "a rater saves only
their own cells" is tried by a rater who has cells.

A URL joins the table by default: a URL name in neither WRITES nor READ_ONLY fails `test_every_url_is_classified`,
a write method added to an API endpoint fails `test_class_based_write_methods_are_in_the_table`, and a page listed as
read-only that writes when posted to fails `test_read_only_urls_write_nothing`.
"""

import datetime
from binascii import unhexlify
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import TOTP
from knox.models import AuthToken
from rest_framework.test import APIClient

from assessments.forms.schemes import SchemeSettingsForm
from assessments.models import Period, PointItem, RaterAssignment, ResultRun, Scheme, Score, VetoItem
from assessments.selectors.appeals import appeal_options
from assessments.selectors.readiness import year_fingerprint
from assessments.selectors.ties import tie_groups
from assessments.services import period_close, rater_assign_bulk
from assessments.services.publication import posting_start, run_confirm
from assessments.services.ties import tie_group_decide
from notices.models import Notice
from org.models import RoleAssignment
from org.services import role_assign
from tests.analytics import writes as writes_analytics
from tests.assessments.matrix_results_workflow import confirm_on
from tests.assessments.test_api_support import make_hr_all
from tests.assessments.test_imports_records import points_csv, prow, vetoes_csv, vrow
from tests.assessments.test_imports_scores import scores_csv, srow
from tests.ballots import writes as writes_ballots
from tests.conftest import PASSWORD, PERSONAS
from tests.demotion import writes_cases, writes_exports, writes_letters, writes_measures, writes_tolerance
from tests.factories import OrganizationFactory, usernames_prefixed
from tests.org import writes_upkeep
from tests.org.test_roster import csv_bytes as roster_csv
from tests.org.test_roster import row as roster_row
from tests.overview import writes_year
from tests.papers import writes as writes_papers
from tests.recall import writes_recall
from tests.teams import writes as writes_teams
from tests.tenure import writes_tenure
from tests.test_permission_matrix import EXPECTED as GET_MATRIX
from tests.test_permission_matrix import (
    matrix_world,  # noqa: F401  (fixture)
    project_url_names,
)

ALL = [*PERSONAS, "hr_all", "pingyi"]
SIGNED_IN = frozenset(ALL) - {"anonymous"}
SETUP = frozenset({"admin", "hr_all"})  # scheme setup: the admin and organization-wide HR
HR_OF_A = frozenset({"admin", "hr", "hr_all"})  # HR whose scope holds 张三 (the cases' target)
HR_ANY = HR_OF_A | {"hr_other"}  # HR of the organization, whatever their subtree
STAFF = HR_ANY | {"committee"}
TOKEN_HOLDERS = STAFF - {"admin"}  # API_TOKEN_ROLES: HR and the committee
YEAR = 2025

WRITES_ROWS = "writes"  # admitted, and rows change
ADMITTED = "admitted"  # admitted (not refused for access); whether rows change depends on the persona's own data
ACCESS_REFUSALS = {401, 403, 404}


# --- the cases ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One write to one URL. `writers` get through and change rows, `admitted` get through, `hidden` get 404,
    `answer` names other exact answers (a refusal all the same: nothing may change); anyone else gets 403, and
    anonymous callers 302 (pages) or 401 (API). `prepare` brings the world to where the write makes sense (inside
    the attempt's savepoint); `send` replaces the single request for flows of several (upload, then confirm)."""

    label: str
    method: str = "post"
    kwargs: Callable | None = None  # world -> URL kwargs
    data: Callable | None = None  # (world, persona) -> body
    writers: frozenset = frozenset()
    admitted: frozenset = frozenset()
    hidden: frozenset = frozenset()
    answer: dict = field(default_factory=dict)
    api: bool = False
    prepare: Callable | None = None
    send: Callable | None = None
    # Tried again on the second organization's rows (`test_write_matrix_across_organizations`): None, when the URL
    # or the body names a row of the world (a `send` of its own says True here; False: never).
    across: bool | None = None

    def expected(self, persona: str):
        if persona in self.answer:
            return self.answer[persona]
        if persona == "anonymous":
            return 401 if self.api else 302
        if persona in self.hidden:
            return 404
        if persona in self.writers:
            return WRITES_ROWS
        if persona in self.admitted:
            return ADMITTED
        return 403


def api(label: str, **kwargs) -> Case:
    return Case(label, api=True, **kwargs)


# --- what the payloads name -------------------------------------------------------------------------------------


def _scheme(w) -> Scheme:
    return Scheme.objects.get(organization=w.org, year=YEAR, status=Scheme.Status.CURRENT)


def _period(w, kind: str) -> Period:
    return _scheme(w).periods.get(kind=kind)


def _component(w, code: str = "quarterly_review"):
    return _scheme(w).components.get(code=code)


def _own_cell(w) -> Score:
    """王五's quarterly review of 张三 in Q1 (scored by tests.assessments.matrix_grid)."""
    return Score.objects.get(period=_period(w, "Q1"), component=_component(w), rater=w.scoring.rater, ratee=w.cadre)


def _plain(value) -> str:
    return f"{value.normalize():f}"


def _unassigned(w):
    """A cadre 王五 does not rate: 赵一 of the tied group (tests.assessments.matrix_results_workflow)."""
    return w.tied.people["赵一"]


def _fresh_assignment(w) -> None:
    """李四 to rate 张三 on the quarterly review: an assignment without scores, so it may be removed."""
    rater_assign_bulk(scheme=_scheme(w), components=[_component(w)], raters=[w.other_cadre], ratees=[w.cadre])
    w.fresh_assignment = RaterAssignment.objects.get(rater=w.other_cadre, ratee=w.cadre, component=_component(w))


def _close_q1(w) -> None:
    period_close(period=_period(w, "Q1"), actor=w.users["admin"])


def _ties(w) -> list:
    """The tied run's ties, each with the cadres the committee picks: the first ones, as many as the places left.
    (Other areas' setups score 张三 and 李四 too, so who is tied is read from the run, not assumed.)"""
    return [(g.group_id, g.kind, [result.cadre_id for result, _ in g.rows][: g.slots]) for g in tie_groups(w.tied.run)]


def _year_over(w) -> None:
    """Every period of the year closed, so that the tied run may be confirmed. The matrix checks who may act, not the
    results: the tied run is taken as current for the year (its inputs' fingerprint stamped afresh)."""
    Period.objects.filter(scheme=w.tied.scheme).update(status=Period.Status.CLOSED)
    ResultRun.objects.filter(pk=w.tied.run.pk).update(
        inputs_fingerprint=year_fingerprint(organization_id=w.org.pk, year=YEAR)
    )
    w.tied.run.refresh_from_db()


def _decide_ties(w) -> None:
    _year_over(w)
    for group_id, kind, chosen in _ties(w):
        tie_group_decide(
            run=w.tied.run,
            group_id=group_id,
            kind=kind,
            chosen_cadre_ids=chosen,
            reason="党组会议研究决定",
            actor=w.users["committee"],
        )


def _confirmed(w):
    _decide_ties(w)
    return run_confirm(run=w.tied.run, actor=w.users["committee"])


def _posting_over(w) -> None:
    start = timezone.localdate() - datetime.timedelta(days=30)
    _decide_ties(w)
    publication = confirm_on(start, run=w.tied.run, actor=w.users["committee"])
    posting_start(publication=publication, actor=None, start_date=start)


def _scheme_edit_form(w, persona) -> dict:
    """What the edit page submits when only the name is changed (with the reason the scored scheme requires)."""
    scheme = _scheme(w)
    form = SchemeSettingsForm(None, scheme=scheme, require_reason=True)
    data = {}
    for name in form.fields:
        value = form.initial.get(name, "")
        data[name] = value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else str(value))
    components = list(scheme.components.order_by("sort_order", "id"))
    data.update(
        {
            "name": f"{scheme.name}(修订)",
            "reason": "党组会议决定",
            "components-TOTAL_FORMS": str(len(components)),
            "components-INITIAL_FORMS": str(len(components)),
            "components-MIN_NUM_FORMS": "0",
            "components-MAX_NUM_FORMS": "1000",
        }
    )
    for i, c in enumerate(components):
        for name in ["code", "name", "weight", "min_score", "max_score", "frequency", "aggregation"]:
            data[f"components-{i}-{name}"] = str(getattr(c, name))
    return data


def _grid_form(w, persona) -> dict:
    score = _own_cell(w)
    key = f"{w.cadre.pk}-{score.component_id}"
    return {f"v-{key}": "86", f"o-{key}": _plain(score.value), f"rev-{key}": score.revision}


def _cell(w, ratee, **extra) -> dict:
    score = Score.objects.filter(
        period=_period(w, "Q1"), component=_component(w), rater=w.scoring.rater, ratee=ratee
    ).first()
    return {
        "period": _period(w, "Q1").pk,
        "component": _component(w).pk,
        "ratee": ratee.pk,
        "value": "86",
        "revision": score.revision if score else 0,
        **extra,
    }


def _score_api(w, ratee, **extra) -> dict:
    body = _cell(w, ratee, **extra)
    body["expected_revision"] = body.pop("revision")
    return body


def _appeal_form(w, persona) -> dict:
    """张三's first open appeal option, named by 工号 as HR does (a cadre's own form ignores the 工号)."""
    option = next(o for o in appeal_options(cadre=w.cadre) if o.is_open)
    return {"cadre": w.cadre.employee_no, "option": option.key, "reason": "通报所述情况与事实不符"}


def _upload_then_confirm(url_name: str, file_name: str, content: Callable) -> Callable:
    """The import pages write in two steps: the upload keeps the file and its preview job checks it, the
    confirmation starts the import job. A preview that finds a row out of the user's scope offers no confirmation:
    its answer is the answer."""

    def send(client, w, persona):
        from tests.common.import_previews import post_and_follow

        url = reverse(url_name)
        upload = SimpleUploadedFile(file_name, content())
        data = {"action": "preview", "organization": w.org.pk, "year": YEAR, "file": upload}
        response = post_and_follow(client, url, data)
        token = response.context.get("preview_job") if response.status_code == 200 and response.context else None
        if token is None:
            return response
        return client.post(url, {"action": "confirm", "preview": token})

    return send


def _pk(attr: str) -> Callable:
    return lambda w: {"pk": getattr(w, attr).pk}


def _q(kind: str) -> Callable:
    return lambda w: {"pk": _period(w, kind).pk}


def _tied_run(w) -> dict:
    return {"pk": w.tied.run.pk}


def _roster() -> bytes:
    """张三's row with a new rank (the factory's is 一级主任科员)."""
    return roster_csv(
        [roster_row("A001", "张三", "综合科一组", "组长", "中层负责人", "2023-03-01", rank="二级主任科员")]
    )


def _change_password(client, w, persona):
    """On a client of its own: the change moves the session to a new key, which the rollback then forgets, and the
    shared client would be signed out for the cases after this one."""
    if persona != "anonymous":
        client = Client()
        client.force_login(w.users[persona])
    new = "Another-Secret-456"
    return client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )


def _bind_authenticator(client, w, persona):
    """Open the page (the secret waits in the session), then send the code an authenticator app would show."""
    response = client.get(reverse("two_factor_setup"))
    key = client.session.get("security.totp_pending_key") if response.status_code == 200 else None
    if key is None:
        return response
    code = f"{TOTP(unhexlify(key), step=30, digits=6).token():06d}"
    return client.post(reverse("two_factor_setup"), {"code": code})


def _logout_with_own_token(client, w, persona):
    """A token holder signs out the token it was given; anyone else has only its session to send."""
    if persona not in TOKEN_HOLDERS:
        return client.post(reverse("api_logout"))
    _row, token = AuthToken.objects.create(user=w.users[persona])
    return APIClient().post(reverse("api_logout"), HTTP_AUTHORIZATION=f"Token {token}")


# --- the table --------------------------------------------------------------------------------------------------

# url name -> its writes. The cases aim at 张三's side of the tree (综合科), so "hr_other" (城关所) is out of scope.
WRITES: dict[str, list[Case]] = {
    # The roster and the imports: HR within scope. 城关所's HR previewing 张三's row is told the row is not theirs.
    "org:roster_import": [
        Case(
            "upload and confirm a roster changing 张三",
            send=_upload_then_confirm("org:roster_import", "花名册.csv", _roster),
            writers=HR_OF_A,
            answer={"hr_other": 200},
            across=True,
        )
    ],
    "assessments:score_import": [
        Case(
            "upload and confirm 张三's score",
            send=_upload_then_confirm("assessments:score_import", "评分.csv", lambda: scores_csv([srow(score="86")])),
            writers=HR_OF_A,
            answer={"hr_other": 200},
            across=True,
        )
    ],
    "assessments:point_import": [
        Case(
            "upload and confirm a deduction of 张三",
            send=_upload_then_confirm("assessments:point_import", "加减分.csv", lambda: points_csv([prow()])),
            writers=HR_OF_A,
            answer={"hr_other": 200},
            across=True,
        )
    ],
    "assessments:veto_import": [
        Case(
            "upload and confirm a veto of 张三",
            send=_upload_then_confirm("assessments:veto_import", "一票否决.csv", lambda: vetoes_csv([vrow()])),
            writers=HR_OF_A,
            answer={"hr_other": 200},
            across=True,
        )
    ],
    # Notices: each user their own.
    "notices:mark_read": [
        Case("张三's notice", kwargs=_pk("notice"), writers=frozenset({"cadre"}), hidden=SIGNED_IN - {"cadre"})
    ],
    "notices:mark_all_read": [Case("one's own notices", admitted=SIGNED_IN)],
    "notices_api:notice-read": [
        api("张三's notice", kwargs=_pk("notice"), writers=frozenset({"cadre"}), hidden=SIGNED_IN - {"cadre"})
    ],
    "notices_api:notice-read-all": [api("one's own notices", admitted=SIGNED_IN)],
    # The early-warning catalog's switch: HR of the whole bureau only.
    "notices:warnings": [
        Case(
            "switch the retirement warning off",
            data=lambda w, p: {"organization": w.org.pk, "kind": "org.retirement", "enabled": "0"},
            writers=frozenset({"hr_all"}),
        )
    ],
    "notices_api:warning-catalog": [
        api(
            "switch the retirement warning off",
            data=lambda w, p: {"organization": w.org.pk, "kind": "org.retirement", "enabled": False},
            writers=frozenset({"hr_all"}),
        )
    ],
    # Scheme setup and periods: the admin and organization-wide HR.
    "assessments:scheme_create": [
        Case(
            "a 2026 scheme",
            data=lambda w, p: {
                "organization": w.org.pk,
                "year": 2026,
                "template": "four_part",
                "effective_date": "2026-01-01",
            },
            writers=SETUP,
        )
    ],
    "assessments:scheme_edit": [
        Case("rename the scheme", kwargs=lambda w: {"pk": _scheme(w).pk}, data=_scheme_edit_form, writers=SETUP)
    ],
    "assessments:period_open": [Case("open Q2", kwargs=_q("Q2"), writers=SETUP)],
    "assessments:period_close": [Case("close Q1", kwargs=_q("Q1"), writers=SETUP)],
    "assessments_api:scheme-list": [
        api(
            "create a 2026 scheme",
            data=lambda w, p: {"organization": w.org.pk, "year": 2026, "template": "four_part"},
            writers=SETUP,
        )
    ],
    "assessments_api:scheme-detail": [
        api(
            "change the bonus cap",
            method="patch",
            kwargs=lambda w: {"pk": _scheme(w).pk},
            data=lambda w, p: {"bonus_cap": "4", "reason": "党组会议决定"},
            writers=SETUP,
        )
    ],
    "assessments_api:period-open": [api("open Q2", kwargs=_q("Q2"), writers=SETUP)],
    "assessments_api:period-close": [api("close Q1", kwargs=_q("Q1"), writers=SETUP)],
    # Rater assignment: HR, over ratees in scope.
    "assessments:assign_raters": [
        Case(
            "李四 to rate 张三",
            kwargs=lambda w: {"pk": _scheme(w).pk},
            data=lambda w, p: {
                "action": "save",
                "components": [_component(w).pk],
                # Any cadre of the organization may rate; one outside the HR user's units is named by 工号.
                "rater_numbers": w.other_cadre.employee_no,
                "ratees": [w.cadre.pk],
            },
            writers=HR_OF_A,
            answer={"hr_other": 200},
        ),
        Case(
            "remove an assignment of 张三",
            kwargs=lambda w: {"pk": _scheme(w).pk},
            prepare=_fresh_assignment,
            data=lambda w, p: {"action": "remove", "assignment": w.fresh_assignment.pk},
            writers=HR_OF_A,
            hidden=frozenset({"hr_other"}),
        ),
    ],
    "assessments_api:assignment-list": [
        api(
            "李四 to rate 张三",
            data=lambda w, p: {
                "scheme": _scheme(w).pk,
                "components": [_component(w).pk],
                "raters": [w.other_cadre.pk],
                "ratees": [w.cadre.pk],
            },
            writers=HR_OF_A,
            answer={"hr_other": 400},
        )
    ],
    "assessments_api:assignment-detail": [
        api(
            "remove an assignment of 张三",
            method="delete",
            prepare=_fresh_assignment,
            kwargs=lambda w: {"pk": w.fresh_assignment.pk},
            writers=HR_OF_A,
            hidden=frozenset({"hr_other"}),
        )
    ],
    # Scores: a rater their own assigned cells while the period is open; HR corrects within scope.
    "assessments:rater_grid": [
        Case(
            "王五's grid, 张三's cell",
            kwargs=_q("Q1"),
            data=_grid_form,
            writers=frozenset({"pingyi"}),
            hidden=frozenset({"rater"}),  # the rater role without a cadre has no grid
        )
    ],
    "assessments:score_cell_save": [
        Case(
            "王五's own cell",
            data=lambda w, p: _cell(w, w.cadre),
            writers=frozenset({"pingyi"}),
            hidden=frozenset({"rater"}),
        ),
        Case(
            "a cell that is not 王五's",
            data=lambda w, p: _cell(w, _unassigned(w)),
            hidden=frozenset({"rater", "pingyi"}),
        ),
    ],
    "assessments:score_edit": [
        Case(
            "correct 张三's score once Q1 is closed",
            kwargs=_pk("grid_score"),
            prepare=_close_q1,
            data=lambda w, p: {"value": "86", "reason": "评分录入错误", "revision": _own_cell(w).revision},
            # 王五 works outside the subtree of HR 甲, who sees neither him nor his score (rater_privacy): HR of the
            # whole organization corrects it.
            writers=HR_OF_A - {"hr"},
            hidden=frozenset({"hr_other"}),
        )
    ],
    "assessments_api:score-list": [
        api(
            "save one's own cell",
            data=lambda w, p: _score_api(w, w.cadre),
            writers=frozenset({"pingyi"}),
        ),
        api(
            "save a cell that is not one's own",
            data=lambda w, p: _score_api(w, _unassigned(w)),
            answer={"pingyi": 400},
        ),
        api(
            "correct 张三's cell by 王五, with a reason",
            data=lambda w, p: _score_api(w, w.cadre, rater=w.scoring.rater.pk, reason="评分录入错误"),
            # 王五 naming himself saves his own cell, as a rater may. HR 甲 may not name him: he is a rater outside
            # 甲's subtree (rater_privacy), refused like an unknown one.
            writers=(HR_OF_A - {"hr"}) | {"pingyi"},
            answer={"hr_other": 400, "hr": 400},
        ),
    ],
    # Points and vetoes: HR records within scope, the party committee decides.
    "assessments:point_create": [
        Case(
            "a bonus for 张三",
            data=lambda w, p: {
                "cadre": "A001",
                "item": PointItem.objects.get(organization=w.org, code="award_city").pk,
                "occurred_on": "2025-03-03",
                "evidence": "市级表彰文件",
            },
            writers=HR_OF_A,
            answer={"hr_other": 200},
        )
    ],
    "assessments:veto_create": [
        Case(
            "a veto for 张三",
            data=lambda w, p: {
                "cadre": "A001",
                "item": VetoItem.objects.get(organization=w.org, code="safety_incident").pk,
                "occurred_on": "2025-03-04",
                "evidence": "事故调查报告",
            },
            writers=HR_OF_A,
            answer={"hr_other": 200},
        )
    ],
    "assessments:point_decide": [
        Case(
            "approve 张三's pending point",
            kwargs=_pk("point_entry"),
            data=lambda w, p: {"decision": "approve", "confirmed": "1"},
            writers=frozenset({"committee"}),
        )  # fmt: skip
    ],
    "assessments:veto_decide": [
        Case(
            "approve 张三's pending veto",
            kwargs=_pk("veto_entry"),
            data=lambda w, p: {"decision": "approve", "confirmed": "1"},
            writers=frozenset({"committee"}),
        )  # fmt: skip
    ],
    "assessments_api:point-list": [
        api(
            "a bonus for 张三",
            data=lambda w, p: {
                "cadre": w.cadre.pk,
                "item": PointItem.objects.get(organization=w.org, code="award_city").pk,
                "year": YEAR,
                "occurred_on": "2025-03-05",
                "evidence": "市级表彰文件",
            },
            writers=HR_OF_A,
            answer={"hr_other": 400},
        )
    ],
    "assessments_api:veto-list": [
        api(
            "a veto for 张三",
            data=lambda w, p: {
                "cadre": w.cadre.pk,
                "item": VetoItem.objects.get(organization=w.org, code="safety_incident").pk,
                "year": YEAR,
                "occurred_on": "2025-03-06",
                "evidence": "事故调查报告",
            },
            writers=HR_OF_A,
            answer={"hr_other": 400},
        )
    ],
    "assessments_api:point-approve": [
        api("张三's pending point", kwargs=_pk("point_entry"), writers=frozenset({"committee"}))
    ],
    "assessments_api:point-reject": [
        api(
            "张三's pending point",
            kwargs=_pk("point_entry"),
            data=lambda w, p: {"reason": "依据不足"},
            writers=frozenset({"committee"}),
        )  # fmt: skip
    ],
    "assessments_api:veto-approve": [
        api("张三's pending veto", kwargs=_pk("veto_entry"), writers=frozenset({"committee"}))
    ],
    "assessments_api:veto-reject": [
        api(
            "张三's pending veto",
            kwargs=_pk("veto_entry"),
            data=lambda w, p: {"reason": "依据不足"},
            writers=frozenset({"committee"}),
        )  # fmt: skip
    ],
    # Results: HR computes, the committee settles ties and confirms, HR posts and publishes (any HR of the
    # organization: assessments.services.publication._require_hr); staff export, and an export is audited.
    "assessments:results_home": [
        Case(
            "compute 2025",
            data=lambda w, p: {"organization": w.org.pk, "year": YEAR, "reason": "年终考核"},
            writers=HR_ANY,
        )
    ],
    "assessments:results_ties_decide": [
        Case(
            "decide the bottom tie",
            kwargs=_tied_run,
            data=lambda w, p: dict(
                zip(["group", "kind", "chosen"], _ties(w)[0], strict=True), reason="党组会议研究决定"
            ),
            writers=frozenset({"committee"}),
        )
    ],
    "assessments:results_confirm": [
        Case("confirm the settled run", kwargs=_tied_run, prepare=_decide_ties, writers=frozenset({"committee"}))
    ],
    "assessments:results_no_grade": [
        Case(
            "record 张三's no-grade state",
            kwargs=lambda w: {"pk": w.tied.run.pk, "cadre": w.cadre.pk},
            data=lambda w, p: {"state": "undetermined", "reason_kind": "probation", "reason": "试用期未满"},
            writers=HR_OF_A,
            hidden=frozenset({"hr_other"}),
        )
    ],
    "assessments:results_posting_start": [
        Case(
            "post the 优秀 candidates",
            kwargs=_tied_run,
            prepare=_confirmed,
            data=lambda w, p: {"start_date": timezone.localdate().isoformat()},
            writers=SETUP,  # organization-wide HR: both act on every group of the year
        )
    ],
    "assessments:results_publish": [
        Case(
            "publish once the posting is over",
            kwargs=_tied_run,
            prepare=_posting_over,
            data=lambda w, p: {"published_on": timezone.localdate().isoformat()},
            writers=SETUP,  # organization-wide HR: both act on every group of the year
        )
    ],
    "assessments:results_export_xlsx": [Case("start an export", kwargs=_pk("result_run"), writers=STAFF)],
    # A read that writes: each CSV download is recorded in the audit log (a disclosure of personnel data).
    "assessments:results_export_csv": [Case("download", method="get", kwargs=_pk("result_run"), writers=STAFF)],
    # Appeals: a cadre files for themselves, HR for a cadre in scope; the party committee decides.
    "assessments:appeal_create": [
        Case(
            "an appeal of 张三's",
            data=_appeal_form,
            writers=HR_OF_A | {"cadre"},
            # A cadre's form is their own whatever it names, and 张三's item is not among 李四's (nor 王五's);
            # 城关所's HR does not find 张三.
            answer={"other_cadre": 200, "pingyi": 200, "hr_other": 200},
        )
    ],
    "assessments:appeal_detail": [
        Case(
            "uphold 张三's appeal",
            kwargs=_pk("appeal"),
            data=lambda w, p: {"decision": "uphold", "reason": "经复核,通报属实"},
            writers=frozenset({"committee"}),
        )
    ],
    # The roles that need the API (API_TOKEN_ROLES: HR and the committee) obtain a token with their own password;
    # other roles are refused one, and a wrong password gets none.
    "api_token": [
        api(
            "one's own credentials",
            data=lambda w, p: (
                {"username": "admin", "password": "wrong"}
                if p == "anonymous"
                else {"username": w.users[p].username, "password": PASSWORD}
            ),
            across=False,  # one's own credentials name no row
            writers=TOKEN_HOLDERS,
            answer={"anonymous": 400},
        )
    ],
    "api_logout": [
        api(
            "sign out one's own token",
            send=_logout_with_own_token,
            admitted=TOKEN_HOLDERS,
            # a session is no token to revoke
            answer={p: 401 for p in ALL if p not in TOKEN_HOLDERS},
        )
    ],
    # One's own password and second factor.
    "password_change": [Case("one's own password", send=_change_password, writers=SIGNED_IN)],
    "two_factor_setup": [Case("bind an authenticator", send=_bind_authenticator, writers=SIGNED_IN)],
    # Without an authenticator, renewing recovery codes sends the user to bind one first.
    "recovery_codes": [Case("renew one's recovery codes", admitted=SIGNED_IN)],
}

# Signing in and out and choosing a language change the session only, never the project's rows; the sweep below
# leaves them out, since logging out would sign its own client out.
SESSION_ONLY = {"login", "logout", "set_language", "two_factor_verify"}

# URLs that change nothing: pages, which read a POST as a GET, and endpoints without a write method. A new URL
# goes into WRITES or here, by someone who has looked at what it does with a POST.
READ_ONLY = {
    "home", "me", "committee_home", "rater_home", "healthz", "schema", "api_docs",
    "org:unit_tree", "org:unit_detail", "org:cadre_list", "org:cadre_detail", "org:group_list", "org:group_detail",
    "org:roster_template", "org:roster_job", "jobs:job_detail", "jobs:job_download", "jobs_api:job-detail",
    "notices:inbox", "notices:deadlines", "notices:deadlines_export",
    "assessments:scheme_list", "assessments:scheme_detail", "assessments:score_list", "assessments:my_scores",
    "assessments:import_job", "assessments:point_list", "assessments:point_detail", "assessments:veto_list",
    "assessments:veto_detail", "assessments:approvals", "assessments:results_run", "assessments:results_group",
    "assessments:results_settle", "assessments:my_results", "assessments:results_export",
    "assessments:results_export_job", "assessments:results_export_download", "assessments:appeal_list",
    "org_api:me", "org_api:post-detail", "org_api:cadre-appointments",
    "org_api:appointment-detail", "org_api:group-list", "org_api:group-detail", "org_api:group-members",
    "org_api:sanction-list", "org_api:sanction-detail",
    "notices_api:notice-list", "notices_api:deadline-list",
    "assessments_api:my-scores", "assessments_api:period-list", "assessments_api:period-detail",
    "assessments_api:score-mine", "assessments_api:score-detail", "assessments_api:point-detail",
    "assessments_api:veto-detail", "assessments_api:point-item-list", "assessments_api:veto-item-list",
    "assessments_api:result-list",
    "two_factor_status", "my_info", "security:audit_log", "security:audit_export",
}  # fmt: skip


# The demotion app's areas (and org's upkeep, recall, ballots, teams and tenure) keep their entries next to their tests.
for _area in (
    writes_cases,
    writes_letters,
    writes_measures,
    writes_tolerance,
    writes_exports,
    writes_upkeep,
    writes_recall,
    writes_ballots,
    writes_teams,
    writes_tenure,
    writes_year,
    writes_analytics,
    writes_papers,
):
    WRITES.update(_area.writes(Case, api))
    READ_ONLY |= _area.READ_ONLY


# --- running a case ---------------------------------------------------------------------------------------------


# --- the same writes on the second organization's rows ---------------------------------------------------------


def names_a_row(case: Case, world) -> bool:
    """Whether the case's URL or body names a row of the world, so that it is tried again on the same row of the
    second organization (world.elsewhere); not so for one's own notices or one's password. Its expectations there
    are the first organization's seen from outside: where a persona was admitted or told the row is not there, the
    row is not there (404) — or, for a row named in the body rather than the URL, the answer is the endpoint's
    refusal of a reference it cannot see; where its role is refused, refused. Whatever the answer, nothing may
    change."""
    if case.across is not None or case.send is not None:
        return bool(case.across)
    if case.expected("anonymous") in (WRITES_ROWS, ADMITTED):
        return False  # open to anyone (a ballot cast with its code): nobody's row
    elsewhere = world.elsewhere
    try:
        in_url = case.kwargs is not None and case.kwargs(elsewhere) != case.kwargs(world)
        in_body = case.data is not None and any(
            case.data(elsewhere, p) != case.data(world, p) for p in ("hr", "committee", "pingyi")
        )
    except (AttributeError, KeyError, ObjectDoesNotExist):  # it names what its `prepare` makes
        return True
    return in_url or in_body


def across_verdict(case: Case, persona: str, response, changed: list[str]) -> str | None:
    wanted = case.expected(persona)
    status = response.status_code
    problems = []
    if changed:
        problems.append(f"a write aimed at the other organization changed {', '.join(changed)}")
    if status >= 500:
        problems.append(f"answered {status}")
    elif wanted in (302, 401, 405):  # anonymous, or a method refused before any row is looked at
        if status != wanted:
            problems.append(f"answered {status}, expected {wanted}")
    else:
        # A row in the URL is not there (or, where the role is refused, refused). One named in the body is refused
        # as the endpoint refuses a reference it cannot see: 400 from the API, the form shown again (200) or sent
        # back with a message (302) on a page — the reference may be checked before the role.
        if case.kwargs is not None and case.send is None:
            refused = {404, 403} if wanted == 403 else {404}
        else:
            refused = {400, 403, 404} if case.api else {200, 302, 400, 403, 404}
        if status not in refused:
            problems.append(f"answered {status}, expected {' or '.join(map(str, sorted(refused)))}")
    return "; ".join(problems) or None


def attempt_across(name: str, case: Case, clients, world, persona) -> str | None:
    page, json = clients[persona]
    elsewhere = world.elsewhere
    with transaction.atomic():
        if case.prepare is not None:
            case.prepare(elsewhere)
        before = snapshot()
        try:
            response = _send(name, case, json if case.api else page, elsewhere, persona)
        except Exception as error:  # noqa: BLE001 — one crash must not hide the rest of the matrix
            transaction.set_rollback(True)
            return f"raised {error!r}"
        after = snapshot()
        transaction.set_rollback(True)
    return across_verdict(case, persona, response, _changes(before, after))


def _watched_models():
    """Every table of the project's apps, the users and their API tokens (not sessions, nor axes' login log, nor the
    record of reads)."""
    apps_ = {
        "common",
        "org",
        "notices",
        "assessments",
        "demotion",
        "security",
        "otp_totp",
        "recall",
        "ballots",
        "teams",
        "tenure",
        "papers",
    }
    # Reading a person's records is itself recorded (common.read_audit): a read page writes that row by design.
    unwatched = {"common.ReadLog"}
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in apps_ and not m._meta.proxy and m._meta.label not in unwatched
    ]
    return [*models, apps.get_model("auth", "User"), apps.get_model("knox", "AuthToken")]


def snapshot() -> dict:
    """Every row of the watched tables, the files under MEDIA_ROOT and the number of e-mails sent. Plain SQL: the
    matrix takes hundreds of these, and the ORM would triple their cost."""
    state = {}
    with connection.cursor() as cursor:
        for model in _watched_models():
            table, pk = (
                connection.ops.quote_name(model._meta.db_table),
                connection.ops.quote_name(model._meta.pk.column),
            )
            # The check of an uploaded file (an import's preview job) is kept whoever may upload, whatever it finds:
            # the rows it reads are not written; what the confirmation writes is watched.
            where = " WHERE kind <> 'import_preview'" if model._meta.label == "common.BackgroundJob" else ""
            cursor.execute(f"SELECT * FROM {table}{where} ORDER BY {pk}")  # noqa: S608 — names from the models
            state[model._meta.label] = cursor.fetchall()
    media = django_settings.MEDIA_ROOT
    # Files, not folders: a folder an upload was stored in and removed from again holds nothing.
    state["files"] = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    state["mail"] = len(mail.outbox)
    return state


def _changes(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after[key]]


def _clients(world) -> dict:
    """A page client and an API client per persona, signed in before any savepoint (a session created inside one
    would be rolled back with it)."""
    clients = {}
    for persona in ALL:
        page, json = Client(), APIClient()
        if persona != "anonymous":
            page.force_login(world.users[persona])
            json.force_login(world.users[persona])
        clients[persona] = (page, json)
    return clients


def _send(name: str, case: Case, client, world, persona):
    if case.send is not None:
        return case.send(client, world, persona)
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    data = case.data(world, persona) if case.data else {}
    if case.api:
        return getattr(client, case.method)(url, data, format="json")
    return getattr(client, case.method)(url, data)


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(resolve_url(django_settings.LOGIN_URL))


def _verdict(case: Case, persona: str, response, changed: list[str]) -> str | None:
    """What is wrong with the answer, or None."""
    wanted = case.expected(persona)
    status = response.status_code
    if wanted in (WRITES_ROWS, ADMITTED):
        if status in ACCESS_REFUSALS or _login_redirect(response):
            return f"refused with {status}, expected to get through"
        if wanted == WRITES_ROWS and not changed:
            return f"answered {status} but changed nothing (is the payload still valid?)"
        return None
    problems = []
    if status != wanted:
        problems.append(f"answered {status}, expected {wanted}")
    elif status == 302 and persona == "anonymous" and not case.api and not _login_redirect(response):
        problems.append(f"redirected to {response['Location']}, expected the login page")
    if changed:
        problems.append(f"a refused write changed {', '.join(changed)}")
    return "; ".join(problems) or None


def attempt(name: str, case: Case, clients, world, persona) -> str | None:
    """Send the case as the persona inside a savepoint that is then rolled back; return what went wrong."""
    page, json = clients[persona]
    with transaction.atomic():
        if case.prepare is not None:
            case.prepare(world)
        before = snapshot()
        try:
            response = _send(name, case, json if case.api else page, world, persona)
        except Exception as error:  # noqa: BLE001 — one crash must not hide the rest of the matrix
            transaction.set_rollback(True)
            return f"raised {error!r}"
        after = snapshot()
        transaction.set_rollback(True)
    return _verdict(case, persona, response, _changes(before, after))


@pytest.fixture
def write_world(matrix_world, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    world = matrix_world
    for w in (world, world.elsewhere):
        with usernames_prefixed("" if w is world else "lh_"):
            w.users["hr_all"] = make_hr_all(w)
        # Assigning 王五 as a rater gave his log-in the rater role (assessments.services.raters.rater_assign_bulk).
        assert RoleAssignment.objects.filter(user=w.scoring.rater_user, role=RoleAssignment.Role.RATER).exists()
        w.users["pingyi"] = w.scoring.rater_user
    return world


# --- the tests --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_write_matrix(write_world, persona):
    clients = _clients(write_world)
    failures = []
    for name in sorted(WRITES):
        for case in WRITES[name]:
            problem = attempt(name, case, clients, write_world, persona)
            if problem:
                failures.append(f"{persona} {case.method.upper()} {name} ({case.label}): {problem}")
    assert not failures, "\n".join(failures)


# The superuser installs the application for every organization: it is not tried across.
@pytest.mark.parametrize("persona", [p for p in ALL if p != "admin"])
def test_write_matrix_across_organizations(write_world, persona):
    """Every write that names a row, aimed at the same row of the second organization (临河县局) by each persona of
    the first: refused, and nothing changed."""
    clients = _clients(write_world)
    failures = []
    for name in sorted(WRITES):
        for case in WRITES[name]:
            if not names_a_row(case, write_world):
                continue
            problem = attempt_across(name, case, clients, write_world, persona)
            if problem:
                failures.append(f"{persona} {case.method.upper()} {name} ({case.label}), other organization: {problem}")
    assert not failures, "\n".join(failures)


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p.callback


WRITE_METHODS = {"post", "put", "patch", "delete"}


def _class_write_methods(callback) -> set[str] | None:
    """The write methods of a class-based view (DRF or Django) as routed; None for a function view."""
    actions = getattr(callback, "actions", None)  # a DRF viewset route: {method: action}
    if actions is not None:
        return set(actions) & WRITE_METHODS
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return None
    return {m for m in WRITE_METHODS if hasattr(view_class, m)}


def test_every_url_is_classified():
    names = set(project_url_names())
    missing = sorted(names - set(WRITES) - READ_ONLY - SESSION_ONLY)
    assert not missing, f"URLs in neither WRITES nor READ_ONLY of the write matrix: {missing}"
    both = sorted(set(WRITES) & READ_ONLY)
    assert not both, f"URLs both written and read-only: {both}"
    stale = sorted((set(WRITES) | READ_ONLY | SESSION_ONLY) - names)
    assert not stale, f"Write-matrix entries for URLs that no longer exist: {stale}"


def test_class_based_write_methods_are_in_the_table():
    """An API endpoint's write methods are known from its class: each must be tried in WRITES."""
    problems = []
    for name, callback in _walk(get_resolver().url_patterns):
        methods = _class_write_methods(callback)
        if name.startswith("admin:") or name in SESSION_ONLY or methods is None:
            continue
        tried = {case.method for case in WRITES.get(name, [])}
        if methods - tried:
            problems.append(f"{name}: {sorted(methods - tried)} not in WRITES")
        if name in READ_ONLY and methods:
            problems.append(f"{name}: listed read-only but routes {sorted(methods)}")
    assert not problems, "\n".join(problems)


def test_post_only_urls_are_writes():
    """A URL the GET matrix expects to answer 405 (POST only) to someone it admits is a write."""
    post_only = {name for name, (_, expect) in GET_MATRIX.items() if any(expect(p) == 405 for p in PERSONAS)}
    missing = sorted(post_only - set(WRITES) - SESSION_ONLY)
    assert not missing, f"POST-only URLs missing from WRITES: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_only_urls_write_nothing(write_world, persona):
    """POSTed to by everyone the GET matrix admits, a read-only URL changes nothing (an endpoint refuses)."""
    clients = _clients(write_world)
    failures = []
    for name in sorted(READ_ONLY):
        kwargs_of, expect = GET_MATRIX[name]
        status = expect(persona)
        if status in ACCESS_REFUSALS or (persona == "anonymous" and status == 302):
            continue  # refused before any view code runs (the GET matrix proves it)
        url = reverse(name, kwargs=kwargs_of(write_world) if kwargs_of else None)
        is_api = url.startswith("/api/")
        page, json = clients[persona]
        with transaction.atomic():
            before = snapshot()
            response = (json if is_api else page).post(url, {})
            changed = _changes(before, snapshot())
            transaction.set_rollback(True)
        if changed:
            failures.append(f"{persona} POST {url}: changed {', '.join(changed)}")
        if is_api and name not in {"schema", "api_docs"} and response.status_code not in (403, 405):
            # 405 to those the endpoint admits; 403 where its write route would be for others (scores/mine/)
            failures.append(f"{persona} POST {url}: answered {response.status_code}, expected 405 (or 403)")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("url", ["/notices/read-all/", "/api/notices/read-all/"])
def test_marking_all_read_touches_only_ones_own_notices(write_world, url):
    def unread() -> dict:
        return dict(Counter(Notice.objects.filter(read_at__isnull=True).values_list("recipient__username", flat=True)))

    # given unread notices for several people, on both sides of the tree
    everyone = unread()
    assert {"cadre", "other_cadre", "hr", "hr_other"} <= set(everyone), everyone
    clients = _clients(write_world)
    for persona in sorted(SIGNED_IN):
        with transaction.atomic():
            # when one of them marks all read
            page, json = clients[persona]
            response = (json if url.startswith("/api/") else page).post(url)
            # then theirs are read and nobody else's has changed
            assert response.status_code in (200, 302), (persona, response.status_code)
            assert unread() == {k: v for k, v in everyone.items() if k != persona}, persona
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    "url",
    [
        "/assessments/points/{point}/decide/",
        "/api/assessments/points/{point}/approve/",
        "/assessments/vetoes/{veto}/decide/",
        "/api/assessments/vetoes/{veto}/approve/",
    ],
)
def test_a_committee_seat_elsewhere_gives_the_admin_no_say_here(write_world, url):
    """Deciding points and vetoes is the committee's, within its units: an administrator who sits on another
    organization's committee is told the entry is not there, on the page as through the API."""
    w = write_world
    # given the admin on the committee of another organization
    elsewhere = OrganizationFactory(code="other", name="另一局")
    role_assign(user=w.users["admin"], role=RoleAssignment.Role.COMMITTEE, organization=elsewhere)
    page, json = _clients(w)["admin"]
    before = snapshot()

    # when the admin approves 张三's pending entry of this organization
    target = url.format(point=w.point_entry.pk, veto=w.veto_entry.pk)
    if target.startswith("/api/"):
        response = json.post(target, {}, format="json")
    else:
        response = page.post(target, {"decision": "approve", "confirmed": "1"})

    # then it is not found, and nothing has changed
    assert response.status_code == 404
    assert _changes(before, snapshot()) == []
