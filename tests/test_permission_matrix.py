"""Every URL of the project, as every persona: the status it gets, and that nothing outside the persona's scope
appears in what it is shown.

A URL joins the matrix by default: a new URL name without an entry in EXPECTED fails `test_every_url_is_in_the_matrix`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.analytics import matrix as matrix_analytics
from tests.assessments import (
    matrix_api,
    matrix_appeals,
    matrix_grid,
    matrix_imports,
    matrix_records,
    matrix_results_export,
    matrix_results_mine,
    matrix_results_pages,
    matrix_results_workflow,
    matrix_schemes,
)
from tests.assessments.conftest import make_scoring
from tests.ballots import matrix as matrix_ballots
from tests.conftest import ADMINISTRATORS, OTHER_ORG_MARKERS, PERSONAS, build_other_world, client_for
from tests.demotion import matrix_cases, matrix_exports, matrix_letters, matrix_measures, matrix_tolerance
from tests.org import matrix_upkeep
from tests.overview import matrix_year
from tests.papers import matrix as matrix_papers
from tests.recall import matrix_recall
from tests.security.matrix_admin import admin_page_status
from tests.teams import matrix as matrix_teams
from tests.tenure import matrix_tenure

STAFF = {"admin", "hr", "hr_other", "committee"}
HR = {"admin", "hr", "hr_other"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}
IN_SCOPE_OF_A = {"admin", "hr", "committee"}  # who may open the 综合科 side's rows


def _expect(ok: set, hidden: set, anonymous: int):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        if persona in ok:
            return 200
        if persona in hidden:
            return 404
        return 403

    return expect


def page(ok: set, *, hidden: set = frozenset()):
    """A page: `ok` get 200, `hidden` (staff whose scope lacks the row) 404, other roles 403, anonymous 302."""
    return _expect(ok, hidden, 302)


def api(ok: set, *, hidden: set = frozenset()):
    """An endpoint: the same, but anonymous callers get 401."""
    return _expect(ok, hidden, 401)


def fixed(status_by_persona: dict, default: int):
    return lambda persona: status_by_persona.get(persona, default)


# url name -> (kwargs from the world, expected status by persona)
EXPECTED = {
    "home": (None, fixed({"anonymous": 302, "norole": 403}, 302)),
    "me": (None, page({"cadre", "other_cadre"})),
    "committee_home": (None, page({"committee"})),
    "rater_home": (None, page({"rater"})),
    "healthz": (None, fixed({}, 200)),
    "login": (None, fixed({"anonymous": 200}, 302)),
    "logout": (None, fixed({"anonymous": 302}, 405)),  # POST only
    "set_language": (None, fixed({}, 302)),
    "org:unit_tree": (None, page(STAFF)),
    "org:unit_detail": (lambda w: {"pk": w.unit_a1.pk}, page(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "org:cadre_list": (None, page(STAFF)),
    "org:cadre_detail": (lambda w: {"pk": w.cadre.pk}, page(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "org:group_list": (None, page(STAFF)),
    "org:group_detail": (lambda w: {"pk": w.group.pk}, page(STAFF)),
    "org:roster_import": (None, page(HR)),
    "org:roster_template": (None, page(HR)),
    # A job is its requester's (and the admin's): another HR user gets 404, other roles 403.
    "org:roster_job": (lambda w: {"pk": w.roster_job.pk}, page({"admin", "hr"}, hidden={"hr_other"})),
    # The one progress page and API of every background job (common.jobs): the requester's and the admin's; staff
    # who may start a job get 404 for another's, other roles 403. The roster job made no file: no download.
    "jobs:job_detail": (lambda w: {"pk": w.roster_job.pk}, page({"admin", "hr"}, hidden={"hr_other", "committee"})),
    "jobs:job_download": (lambda w: {"pk": w.roster_job.pk}, page(set(), hidden=STAFF)),
    "jobs_api:job-detail": (lambda w: {"pk": w.roster_job.pk}, api({"admin", "hr"}, hidden={"hr_other", "committee"})),
    "notices:inbox": (None, page(SIGNED_IN)),
    "notices:mark_read": (lambda w: {"pk": w.notice.pk}, fixed({"anonymous": 302}, 405)),  # POST only
    "notices:mark_all_read": (None, fixed({"anonymous": 302}, 405)),  # POST only
    "notices:deadlines": (None, page(HR)),
    "notices:deadlines_export": (None, page(HR)),
    # The early-warning catalog: HR of the whole bureau only (the world's HR users are scoped to a subtree; the write
    # matrix's hr_all opens and sets it).
    "notices:warnings": (None, page(set())),
    "api_token": (None, fixed({}, 405)),  # POST only
    "api_logout": (None, fixed({}, 401)),  # a token signs itself out; a session is not a token
    # The schema and its documentation are for staff, who write integrations; a cadre is refused.
    "schema": (None, api(STAFF)),
    "api_docs": (None, api(STAFF)),
    # One's own sign-in: the password, the second factor (nobody here has an authenticator yet, so the code page sends
    # everyone to bind one).
    "password_change": (None, page(SIGNED_IN)),
    "two_factor_setup": (None, page(SIGNED_IN)),
    "two_factor_verify": (None, fixed({}, 302)),
    "two_factor_status": (None, page(SIGNED_IN)),
    "recovery_codes": (None, fixed({"anonymous": 302}, 405)),  # POST only
    # What is held about oneself (个人信息保护法): a cadre's own.
    "my_info": (None, page({"cadre", "other_cadre"})),
    # The audit trail: the audit administrator's alone.
    "security:audit_log": (None, page({"auditadmin"})),
    "security:audit_export": (lambda w: {"file_format": "csv"}, page({"auditadmin"})),
    "org_api:me": (None, api({"cadre", "other_cadre"})),
    "org_api:unit-list": (None, api(STAFF)),
    "org_api:unit-detail": (lambda w: {"pk": w.unit_a1.pk}, api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "org_api:post-list": (None, api(STAFF)),
    "org_api:post-detail": (lambda w: {"pk": w.post_a.pk}, api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "org_api:cadre-list": (None, api(STAFF)),
    "org_api:cadre-detail": (lambda w: {"pk": w.cadre.pk}, api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "org_api:cadre-appointments": (lambda w: {"pk": w.cadre.pk}, api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "org_api:appointment-list": (None, api(STAFF)),
    "org_api:appointment-detail": (
        lambda w: {"pk": w.cadre.appointments.first().pk},
        api(IN_SCOPE_OF_A, hidden={"hr_other"}),
    ),
    "org_api:group-list": (None, api(STAFF)),
    "org_api:group-detail": (lambda w: {"pk": w.group.pk}, api(STAFF)),
    "org_api:group-members": (lambda w: {"pk": w.group.pk}, api(STAFF)),
    "org_api:sanction-list": (None, api(STAFF)),
    "org_api:sanction-detail": (lambda w: {"pk": w.sanction.pk}, api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "notices_api:notice-list": (None, api(SIGNED_IN)),
    "notices_api:notice-read": (lambda w: {"pk": w.notice.pk}, fixed({"anonymous": 401}, 405)),  # POST only
    "notices_api:notice-read-all": (None, fixed({"anonymous": 401}, 405)),  # POST only
    "notices_api:deadline-list": (None, api(HR)),
    "notices_api:warning-catalog": (None, api(set())),
}

# Each area of the assessments app keeps its own entries next to its tests.
AREA_MATRICES = [
    matrix_schemes,
    matrix_grid,
    matrix_imports,
    matrix_records,
    matrix_api,
    matrix_results_export,
    matrix_results_mine,
    matrix_results_pages,
    matrix_results_workflow,
    matrix_appeals,
    matrix_cases,
    matrix_letters,
    matrix_measures,
    matrix_tolerance,
    matrix_exports,
    matrix_upkeep,
    matrix_recall,
    matrix_ballots,
    matrix_teams,
    matrix_tenure,
    matrix_year,
    matrix_analytics,
    matrix_papers,
]
for _area in AREA_MATRICES:
    EXPECTED.update(_area.ENTRIES)
# Downloads that are not text (PDF, XLSX): an area names them, and their CSV twins are read for leaks instead.
BINARY = {name for _area in AREA_MATRICES for name in getattr(_area, "BINARY", ())}

# Files the text check cannot read (their scoping is tested with their app: tests/recall/test_exports.py).
BINARY_DOWNLOADS = {
    "schema",
    "api_docs",
    "org:roster_template",
    "recall:batch_export_xlsx",
    "recall:register_export_xlsx",
    "recall:pay_export_xlsx",
    "recall:competition_template",
    "ballots:results_sheet",
}

# What each persona must never be shown: names and units on the other side of the tree.
FORBIDDEN_TEXT = {
    "hr": ["李四", "城关所", "B001"],
    "hr_other": ["张三", "综合科", "A001"],
    "cadre": ["李四", "城关所", "B001"],
    "other_cadre": ["张三", "综合科", "A001"],
    "rater": ["张三", "李四", "A001", "B001"],
    "norole": ["张三", "李四", "A001", "B001"],
    "anonymous": ["张三", "李四", "A001", "B001"],
    # 三员分立: the system and security administrators read no cadre's records. (The audit administrator's trail
    # names the people it is about: that is what it is for.)
    **{name: ["张三", "李四", "A001", "B001"] for name in ADMINISTRATORS if name != "auditadmin"},
}
# Nor, whatever its scope in the first organization, anything of the second (the superuser, who installs the
# application for every organization, and the audit trail excepted).
for _persona in set(PERSONAS) - {"admin", "auditadmin"}:
    FORBIDDEN_TEXT[_persona] = [*FORBIDDEN_TEXT.get(_persona, []), *OTHER_ORG_MARKERS]

# Rater privacy (assessments.selectors.rater_privacy): 王五 (R001), of the bureau's root unit, rates on both sides of
# the tree; on the pages and endpoints that show who rated, HR of one subtree sees him only as 评议人 A, B, … —
# never his name or number. (Elsewhere he is a cadre like any other: a ballot's candidate, a rater one may pick on
# the assignment page; so the check is made where ratings are shown.)
RATER_HIDDEN_FROM = {"hr": ["王五", "R001"], "hr_other": ["王五", "R001"]}
RATING_PAGES = {
    "assessments:score_list",
    "assessments:score_edit",
    "assessments_api:score-list",
    "assessments_api:score-detail",
    "assessments_api:assignment-list",
    "assessments_api:assignment-detail",
}
PSEUDONYM = "评议人 A"


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def project_url_names():
    names = {name for name, _ in _walk(get_resolver().url_patterns)}
    # The admin is Django's own; its pages are walked separately below.
    return sorted(n for n in names if not n.startswith("admin:"))


def admin_urls_without_arguments():
    for name, route in _walk(get_resolver().url_patterns):
        if (
            name.startswith("admin:")
            and "<" not in route
            and "(?P" not in route
            and name not in {"admin:logout", "admin:login", "admin:autocomplete"}
        ):
            yield name


def test_every_url_is_in_the_matrix():
    missing = [name for name in project_url_names() if name not in EXPECTED]
    assert not missing, f"URLs missing from the permission matrix: {missing}"
    stale = [name for name in EXPECTED if name not in project_url_names()]
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


def sanctions(world) -> None:
    import datetime

    from org.services import sanction_record_create

    world.sanction = sanction_record_create(
        cadre=world.cadre,
        kind="admonishment",
        decided_on=datetime.date(2025, 3, 1),
        effective_from=datetime.date(2025, 3, 1),
    )
    sanction_record_create(
        cadre=world.other_cadre,
        kind="gov_warning",
        decided_on=datetime.date(2025, 4, 1),
        effective_from=datetime.date(2025, 4, 1),
    )


def furnish(world) -> None:
    """Everything else the matrix's URLs name, in the world's organization."""
    from common.models import BackgroundJob

    world.roster_job = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.ROSTER_IMPORT,
        organization=world.org,
        file_name=f"{world.unit_a.name}花名册.xlsx",
        arguments={
            "year": 2025,
            "upload": "roster_uploads/" + ("0" if world.org.code == "test" else "1") * 32 + ".xlsx",
            "name_choices": {},
        },
        requested_by=world.users["hr"],
        status="succeeded",
        progress=100,
        result={"summary": [["新增干部", 1]]},
    )
    world.scoring = make_scoring(world)
    for area in AREA_MATRICES:
        area.setup(world)


@pytest.fixture
def matrix_world(world):
    """The world with every area's rows, and beside it `world.elsewhere`: the same in a second organization
    (临河县局, tests.conftest.OTHER_ORG), whose rows no persona of the first may open or be shown."""
    import datetime

    from notices import registry
    from notices.services import notices_generate
    from tests.factories import usernames_prefixed
    from tests.notices.conftest import TEST_KIND, make_kind

    elsewhere = build_other_world()
    sanctions(world)
    sanctions(elsewhere)
    # One open deadline on each side of the tree, so the deadline list, its export and the inboxes have rows to
    # leak; notices go to each cadre and, escalated, to every HR user of the organization.
    registry.register(make_kind())
    notices_generate(today=datetime.date(2023, 4, 10))
    world.notice = world.cadre.user.notices.first()
    elsewhere.notice = elsewhere.cadre.user.notices.first()
    furnish(world)
    with usernames_prefixed("lh_"):
        furnish(elsewhere)
    world.elsewhere = elsewhere
    yield world
    registry.unregister(TEST_KIND)


def across(status: int) -> frozenset:
    """What a persona of the first organization may get for the second's row: told it is not there wherever it
    would have been admitted (or told so) for its own; where its role is refused, refused (403) or told it is not
    there (404, when the row is looked up first); anonymous callers and POST-only answers as before."""
    if status in (200, 404):
        return frozenset({404})
    if status == 403:
        return frozenset({403, 404})
    return frozenset({status})


def matrix_rows(world, persona: str):
    """(url name, URL, the statuses expected) for the persona: every URL of the project built for the world's rows,
    then every URL that names a row, built again for the same row of the second organization. (Pages open to
    anyone, such as a ballot's vote page, are nobody's: they are not tried across.)"""
    rows, across_rows = [], []
    for name in project_url_names():
        kwargs_of, expect = EXPECTED[name]
        url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
        rows.append((name, url, frozenset({expect(persona)})))
        if kwargs_of is None or persona == "admin" or expect("anonymous") == 200:
            continue
        elsewhere = reverse(name, kwargs=kwargs_of(world.elsewhere))
        if elsewhere != url:
            across_rows.append((name, elsewhere, across(expect(persona))))
    return rows + across_rows


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(matrix_world, persona):
    client = client_for(matrix_world, persona)
    failures = []
    for name, url, wanted in matrix_rows(matrix_world, persona):
        response = client.get(url)
        if response.status_code not in wanted:
            failures.append(f"{persona} GET {url}: {response.status_code}, expected {' or '.join(map(str, wanted))}")
            continue
        if response.status_code == 200 and name not in BINARY_DOWNLOADS | BINARY:
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
                "utf-8-sig"
            )
            for text in FORBIDDEN_TEXT.get(persona, []):
                if text in body:
                    failures.append(f"{persona} GET {url}: shows {text!r}, which is outside its scope")
            if name in RATING_PAGES and persona in RATER_HIDDEN_FROM:
                failures += [f"{persona} GET {url}: names the rater {text!r}, who is outside its scope"
                             for text in RATER_HIDDEN_FROM[persona] if text in body]  # fmt: skip
                if PSEUDONYM not in body:
                    failures.append(f"{persona} GET {url}: no {PSEUDONYM!r} where the hidden rater's rows are")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_the_admin_only(matrix_world, persona):
    client = client_for(matrix_world, persona)
    failures = []
    for name in admin_urls_without_arguments():
        url = reverse(name)
        status = client.get(url).status_code
        wanted = 200 if persona == "admin" else 302  # everyone else is sent to the admin login
        if persona in ADMINISTRATORS:  # each of the three sees its own part (tests/security/matrix_admin.py)
            wanted = admin_page_status(persona, name)
        if persona == "admin" and name.endswith("_add") and status == 403:
            continue  # read-only models (audit log, lockout records) have no add page
        if status != wanted:
            failures.append(f"{persona} GET {url}: {status}, expected {wanted}")
    assert not failures, "\n".join(failures)
