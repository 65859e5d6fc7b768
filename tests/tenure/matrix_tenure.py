"""Permission-matrix entries for the tenure pages and endpoints (merged into tests/test_permission_matrix.py).

`setup(world)` gives the world's organization a tenure policy and, on the 综合科 side, 钱七 — principal (主任) of
综合科一组 since 2024, so with a term — with a proposed goal of 综合科一组, the 2025 evaluation round (open, the
committee on its team) holding 钱七's row (and 李四's, 城关所所长 being a principal post), and a planned audit of 钱七.
Those rows are the staff's whose units hold 综合科一组; 城关所's HR and both cadres are told they do not exist.
Organization-wide work (the rounds, a new policy version) is the admin's and organization-wide HR's."""

import datetime

STAFF = {"admin", "hr", "hr_other", "committee"}
HR_ANY = {"admin", "hr", "hr_other"}
CADRES = {"cadre", "other_cadre"}
OF_A = {"admin", "hr", "committee"}
HIDDEN_FROM_A = {"hr_other", "cadre", "other_cadre"}
# Downloads that are not text: their CSV twins are read for leaks.
BINARY = {"tenure:goal_template", "tenure:evaluation_pdf", "tenure:terms_export_xlsx", "tenure:round_export_xlsx",
          "tenure:audits_export_xlsx"}  # fmt: skip


def _expect(ok: set, hidden: set = frozenset(), anonymous: int = 302, refused: dict | None = None):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        if persona in (refused or {}):
            return refused[persona]
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _api(ok: set, hidden: set = frozenset()):
    return _expect(ok, hidden, anonymous=401)


def _post_only(admitted: set):
    """GET on a POST-only action: 405 to those the endpoint's view admits at all, 403 to the rest."""

    def expect(persona):
        if persona == "anonymous":
            return 401
        return 405 if persona in admitted else 403

    return expect


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


ENTRIES: dict = {
    "tenure:policy": (None, _expect(STAFF)),
    "tenure:term_list": (None, _expect(STAFF)),
    "tenure:term_detail": (_pk("tenure_term"), _expect(OF_A, HIDDEN_FROM_A)),
    "tenure:placements": (None, _expect(STAFF)),
    "tenure:level_caps": (None, _expect(STAFF)),
    "tenure:mine": (None, _expect(CADRES)),
    "tenure:goal_list": (None, _expect(STAFF | CADRES)),
    # Proposing: HR within its units, the admin, and 李四 who leads 城关所 (张三 leads as a middle manager only).
    "tenure:goal_new": (None, _expect(HR_ANY | {"other_cadre"})),
    "tenure:goal_public": (None, _expect(STAFF | CADRES)),
    "tenure:goal_import": (None, _expect(HR_ANY)),
    "tenure:goal_template": (None, _expect(HR_ANY)),
    # 张三 is of 综合科一组's team: he reads its shared goals.
    "tenure:goal_detail": (_pk("tenure_goal"), _expect(OF_A | {"cadre"}, {"hr_other", "other_cadre"})),
    "tenure:goal_edit": (_pk("tenure_goal"), _expect({"admin", "hr"}, {"hr_other", "other_cadre"})),
    "tenure:round_list": (None, _expect(STAFF)),
    "tenure:round_new": (None, _expect({"admin"})),
    "tenure:round_detail": (_pk("tenure_round"), _expect(STAFF)),
    "tenure:round_team": (_pk("tenure_round"), _expect({"admin"})),
    "tenure:round_democratic": (_pk("tenure_round"), _expect({"admin"})),
    "tenure:evaluation_detail": (_pk("tenure_evaluation"), _expect(OF_A, HIDDEN_FROM_A)),
    "tenure:evaluation_print": (_pk("tenure_evaluation"), _expect(OF_A, HIDDEN_FROM_A)),
    "tenure:evaluation_pdf": (_pk("tenure_evaluation"), _expect(OF_A, HIDDEN_FROM_A)),
    "tenure:audit_list": (None, _expect(STAFF | CADRES)),
    "tenure:audit_new": (None, _expect(HR_ANY)),
    "tenure:audit_detail": (_pk("tenure_audit"), _expect(OF_A, HIDDEN_FROM_A)),
    "tenure:terms_export_csv": (None, _expect(STAFF)),
    "tenure:terms_export_xlsx": (None, _expect(STAFF)),
    "tenure:round_export_csv": (_pk("tenure_round"), _expect(STAFF)),
    "tenure:round_export_xlsx": (_pk("tenure_round"), _expect(STAFF)),
    "tenure:audits_export_csv": (None, _expect(STAFF)),
    "tenure:audits_export_xlsx": (None, _expect(STAFF)),
    "tenure_api:policy-list": (None, _api(STAFF)),
    "tenure_api:policy-detail": (_pk("tenure_policy"), _api(STAFF)),
    "tenure_api:policy-current": (None, _api(STAFF)),
    "tenure_api:term-list": (None, _api(STAFF | CADRES)),
    "tenure_api:term-detail": (_pk("tenure_term"), _api(OF_A, HIDDEN_FROM_A)),
    "tenure_api:term-mine": (None, _api(CADRES)),
    "tenure_api:term-level-caps": (None, _api(STAFF)),
    "tenure_api:term-placement": (_pk("tenure_term"), _post_only(STAFF | CADRES)),
    "tenure_api:goal-list": (None, _api(STAFF | CADRES)),
    "tenure_api:goal-detail": (_pk("tenure_goal"), _api(OF_A | {"cadre"}, {"hr_other", "other_cadre"})),
    "tenure_api:goal-public": (None, _api(STAFF | CADRES)),
    "tenure_api:goal-import-goals": (None, _post_only(STAFF | CADRES)),
    "tenure_api:goal-review": (_pk("tenure_goal"), _post_only(STAFF | CADRES)),
    "tenure_api:goal-approve": (_pk("tenure_goal"), _post_only(STAFF | CADRES)),
    "tenure_api:goal-return-goal": (_pk("tenure_goal"), _post_only(STAFF | CADRES)),
    "tenure_api:round-list": (None, _api(STAFF)),
    "tenure_api:round-detail": (_pk("tenure_round"), _api(STAFF)),
    "tenure_api:round-rows": (_pk("tenure_round"), _post_only(STAFF)),
    "tenure_api:round-team": (_pk("tenure_round"), _post_only(STAFF)),
    "tenure_api:round-democratic": (_pk("tenure_round"), _post_only(STAFF)),
    "tenure_api:round-rank": (_pk("tenure_round"), _post_only(STAFF)),
    "tenure_api:round-settle": (_pk("tenure_round"), _post_only(STAFF)),
    "tenure_api:round-close": (_pk("tenure_round"), _post_only(STAFF)),
    "tenure_api:evaluation-list": (None, _api(STAFF | CADRES)),
    "tenure_api:evaluation-detail": (_pk("tenure_evaluation"), _api(OF_A, HIDDEN_FROM_A)),
    "tenure_api:evaluation-mine": (None, _api(CADRES)),
    "tenure_api:evaluation-attainment": (_pk("tenure_evaluation"), _post_only(STAFF | CADRES)),
    "tenure_api:evaluation-comment": (_pk("tenure_evaluation"), _post_only(STAFF | CADRES)),
    "tenure_api:audit-list": (None, _api(STAFF | CADRES)),
    "tenure_api:audit-detail": (_pk("tenure_audit"), _api(OF_A, HIDDEN_FROM_A)),
    **{
        f"tenure_api:audit-{step}": (_pk("tenure_audit"), _post_only(STAFF | CADRES))
        for step in ("notify", "fieldwork", "draft", "report", "rectify", "close", "cancel")
    },
    "tenure_api:audit-reply": (_pk("tenure_audit"), _post_only(STAFF | CADRES)),
}


def setup(world) -> None:
    from org.models import Post
    from org.services import appointment_start, post_create
    from tenure.models import TenurePolicy
    from tenure.services import audits, evaluations, goals
    from tenure.services.policy import policy_defaults, tenure_policy_create
    from tests.factories import CadreFactory

    world.tenure_policy = TenurePolicy.objects.filter(organization=world.org).first() or tenure_policy_create(
        organization=world.org, actor=None, effective_from=datetime.date(2000, 1, 1), values=policy_defaults()
    )
    post = post_create(unit=world.unit_a1, name="主任", kind=Post.Kind.PRINCIPAL)
    qian = CadreFactory(organization=world.org, unit=world.unit_a1, name="钱七", employee_no="A007")
    appointment = appointment_start(
        cadre=qian,
        post=post,
        start_date=datetime.date(2024, 3, 1),
        document_no="测任〔2024〕7号",
        document_date=datetime.date(2024, 2, 20),
    )
    world.tenure_cadre = qian
    world.tenure_term = appointment.tenure_terms.get()
    world.tenure_goal = goals.goal_propose(
        unit=world.unit_a1,
        actor=world.users["admin"],
        values={"responsibility": "shared", "scope": "annual", "year": 2025, "area": "duties", "kind": "quantified",
                "title": "年度抽检", "target": 100, "measure_unit": "批次", "weight": 10},
    )  # fmt: skip
    world.tenure_round = evaluations.evaluation_round_open(
        organization=world.org, year=2025, stage="annual", actor=world.users["admin"]
    )
    evaluations.evaluation_team_set(
        round_=world.tenure_round, users=[world.users["committee"]], actor=world.users["admin"]
    )
    world.tenure_evaluation = world.tenure_round.evaluations.get(cadre=qian)
    world.tenure_audit = audits.audit_plan(
        cadre=qian,
        actor=world.users["admin"],
        kind="in_term",
        period_from=datetime.date(2024, 3, 1),
        period_to=datetime.date(2025, 12, 31),
        appointment=appointment,
    )
