"""The set-based computation agrees with the plain-Python reference on random groups: ties, groups of 1–12,
vetoes, no-grade cadres, sanctions, points beyond their caps, every rounding rule and veto cap."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessments.models import (
    ApprovalStatus,
    Component,
    PointEntry,
    PointItem,
    Result,
    ResultRun,
    Scheme,
    Score,
    SpecialStatus,
    VetoEntry,
    VetoItem,
)
from assessments.results.engine import compute_run
from assessments.services import scheme_create
from org.models import AssessmentGroup, GroupMembership, SanctionRecord
from tests.assessments.results_reference import RefCadre, RefComponent, RefScheme, compute_group
from tests.factories import CadreFactory, UnitFactory

YEAR = 2025
QUARTERS = ["Q1", "Q2", "Q3", "Q4"]
# Few distinct values, so that ties are common; two decimals, as scores are entered.
SCORE = st.sampled_from([Decimal(v) for v in ["58", "60", "69.99", "70", "75.5", "80", "80.01", "85", "90", "99.5"]])
EFFECT_KINDS = {"not_excellent": "gov_warning", "no_grade": "gov_demerit", "incompetent": "party_probation"}


@pytest.fixture
def arena(db):
    unit = UnitFactory(name="测试局")
    org = unit.organization
    cadres = [CadreFactory(organization=org, unit=unit, employee_no=f"C{i:02d}") for i in range(12)]
    raters = [CadreFactory(organization=org, unit=unit, employee_no=f"R{i}") for i in range(4)]
    scheme = scheme_create(
        organization=org,
        year=YEAR,
        template=Scheme.Template.CUSTOM,
        components=[
            {"code": "quarterly", "name": "季度述职评议", "weight": "60", "frequency": "quarterly"},
            {"code": "annual", "name": "年度考评", "weight": "40", "frequency": "yearly"},
        ],
    )
    bonus = PointItem.objects.get(organization=org, code="award_city")
    deduction = PointItem.objects.get(organization=org, code="admonishment")
    veto = VetoItem.objects.filter(organization=org).first()
    return {"org": org, "cadres": cadres, "raters": raters, "scheme": scheme, "items": (bonus, deduction, veto)}


RARELY = st.sampled_from([False] * 9 + [True])
COMMON = {
    "bonus": st.sampled_from([Decimal("0")] * 3 + [Decimal("0.5"), Decimal("2.5"), Decimal("4")]),
    "deduction": st.sampled_from([Decimal("0")] * 3 + [Decimal("1"), Decimal("12")]),
    "vetoed": RARELY,
    "special": st.sampled_from([""] * 12 + ["undetermined", "not_assessed"]),
    "effect": st.sampled_from([""] * 12 + ["not_excellent", "no_grade", "incompetent"]),
}


@st.composite
def varied_cadre(draw):
    """Scores drawn cell by cell: one to four raters per cell, now and then a component left unscored."""
    quarterly = [draw(st.lists(SCORE, min_size=1, max_size=4)) for _ in QUARTERS]
    if draw(RARELY):
        quarterly[draw(st.integers(0, 3))] = []  # a quarter without scores: the mean is over the others
    annual = [] if draw(RARELY) else draw(st.lists(SCORE, min_size=1, max_size=4))
    return {"quarterly": quarterly, "annual": annual, **{k: draw(v) for k, v in COMMON.items()}}


@st.composite
def uniform_cadre(draw):
    """Every cell the same value: composites tie across cadres, at the bottom cut and at the quota."""
    value = draw(st.sampled_from([Decimal("65"), Decimal("80"), Decimal("90")]))
    raters = draw(st.integers(1, 3))
    return {
        "quarterly": [[value] * raters for _ in QUARTERS],
        "annual": [value] * raters,
        **{k: draw(v) for k, v in COMMON.items()},
    }


cadre_strategy = st.one_of(varied_cadre(), uniform_cadre())

scheme_strategy = st.fixed_dictionaries(
    {
        "trimmed_quarterly": st.booleans(),
        "trimmed_annual": st.booleans(),
        "bottom_ratio": st.sampled_from([Decimal("0.1"), Decimal("0.2"), Decimal("0.25"), Decimal("0.333")]),
        "rounding": st.sampled_from(["floor", "round", "ceil"]),
        "bottom_minimum": st.sampled_from([0, 1, 2]),
        "bottom_minimum_group_size": st.sampled_from([1, 5, 10]),
        "quota": st.sampled_from([Decimal("0.2"), Decimal("0.25"), Decimal("0.15")]),
        "veto_cap": st.sampled_from(["basic", "incompetent", "none"]),
        "min_group_size": st.sampled_from([1, 1, 3, 6]),
    }
)


def _arrange(arena, scheme_params, people):
    org, scheme = arena["org"], arena["scheme"]
    bonus_item, deduction_item, veto_item = arena["items"]
    Scheme.objects.filter(pk=scheme.pk).update(
        bottom_ratio=scheme_params["bottom_ratio"],
        bottom_rounding=scheme_params["rounding"],
        bottom_minimum=scheme_params["bottom_minimum"],
        bottom_minimum_group_size=scheme_params["bottom_minimum_group_size"],
        excellent_quota=scheme_params["quota"],
        veto_cap=scheme_params["veto_cap"],
        min_group_size=scheme_params["min_group_size"],
    )
    scheme.refresh_from_db()
    components = {c.code: c for c in scheme.components.all()}
    Component.objects.filter(pk=components["quarterly"].pk).update(
        aggregation="trimmed" if scheme_params["trimmed_quarterly"] else "mean"
    )
    Component.objects.filter(pk=components["annual"].pk).update(
        aggregation="trimmed" if scheme_params["trimmed_annual"] else "mean"
    )
    periods = {p.kind: p for p in scheme.periods.all()}
    group = AssessmentGroup.objects.create(organization=org, year=YEAR, name="所长组")
    scores, refs = [], []
    for cadre, person in zip(arena["cadres"], people, strict=False):
        GroupMembership.objects.create(group=group, cadre=cadre, year=YEAR)
        ref = RefCadre(
            key=cadre.pk,
            scores={},
            vetoed=person["vetoed"],
            special=person["special"],
            effect=person["effect"],
        )
        cells = [("quarterly", q, values) for q, values in zip(QUARTERS, person["quarterly"], strict=True)]
        cells.append(("annual", "Y", person["annual"]))
        for code, kind, values in cells:
            ref.scores[(code, kind)] = list(values)
            for rater, value in zip(arena["raters"], values, strict=False):
                c = components[code]
                scores.append(
                    Score(
                        scheme=scheme,
                        component=c,
                        period=periods[kind],
                        rater=rater,
                        ratee=cadre,
                        value=value,
                        min_score=c.min_score,
                        max_score=c.max_score,
                    )
                )
        for item, amount, attr in [
            (bonus_item, person["bonus"], "bonus"),
            (deduction_item, person["deduction"], "deduction"),
        ]:
            if amount:
                PointEntry.objects.create(
                    cadre=cadre,
                    item=item,
                    year=YEAR,
                    occurred_on=datetime.date(YEAR, 3, 1),
                    evidence="通报",
                    points=amount,
                    status=ApprovalStatus.APPROVED,
                )
                setattr(ref, attr, amount)
        # A pending and a rejected entry never count.
        PointEntry.objects.create(
            cadre=cadre, item=bonus_item, year=YEAR, occurred_on=datetime.date(YEAR, 3, 2), evidence="x", points=1
        )
        if person["vetoed"]:
            VetoEntry.objects.create(
                cadre=cadre,
                item=veto_item,
                year=YEAR,
                occurred_on=datetime.date(YEAR, 5, 1),
                evidence="事故报告",
                status=ApprovalStatus.APPROVED,
            )
        else:
            VetoEntry.objects.create(
                cadre=cadre,
                item=veto_item,
                year=YEAR,
                occurred_on=datetime.date(YEAR, 5, 1),
                evidence="事故报告",
                status=ApprovalStatus.REJECTED,
            )
        if person["special"]:
            SpecialStatus.objects.create(cadre=cadre, year=YEAR, state=person["special"], reason="病假")
        if person["effect"]:
            SanctionRecord.objects.create(
                cadre=cadre,
                category="sanction",
                kind=EFFECT_KINDS[person["effect"]],
                decided_on=datetime.date(YEAR, 6, 1),
                effective_from=datetime.date(YEAR, 6, 1),
            )
        refs.append(ref)
    Score.objects.bulk_create(scores)
    ref_scheme = RefScheme(
        components=[
            RefComponent("quarterly", Decimal("60"), scheme_params["trimmed_quarterly"], QUARTERS),
            RefComponent("annual", Decimal("40"), scheme_params["trimmed_annual"], ["Y"]),
        ],
        bonus_cap=scheme.bonus_cap,
        deduction_cap=scheme.deduction_cap,
        bottom_ratio=scheme_params["bottom_ratio"],
        rounding=scheme_params["rounding"],
        bottom_minimum=scheme_params["bottom_minimum"],
        bottom_minimum_group_size=scheme_params["bottom_minimum_group_size"],
        quota=scheme_params["quota"],
        veto_cap=scheme_params["veto_cap"],
        min_group_size=scheme_params["min_group_size"],
    )
    return scheme, ref_scheme, refs


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(scheme_params=scheme_strategy, people=st.lists(cadre_strategy, min_size=1, max_size=12))
def test_the_engine_agrees_with_the_reference(arena, scheme_params, people):
    with transaction.atomic():
        scheme, ref_scheme, refs = _arrange(arena, scheme_params, people)
        run = ResultRun.objects.create(organization=arena["org"], year=YEAR, version=1, scheme=scheme)
        compute_run(run)
        expected = compute_group(ref_scheme, refs)
        got = {r.cadre_id: r for r in Result.objects.filter(run=run)}
        codes = {c.pk: c.code for c in scheme.components.all()}
        event(f"ranked: {sum(1 for r in expected.values() if r.rank)}")
        event(f"boundary tie: {any(r.boundary_tie for r in expected.values())}")
        event(f"in bottom: {any(r.in_bottom for r in expected.values())}")
        event(f"excellent: {any(r.grade == '1' for r in expected.values())}")
        event(f"excellent tie: {any(r.excellent_tie for r in expected.values())}")
        assert set(got) == set(expected)
        for key, want in expected.items():
            row = got[key]
            actual = {
                "composite": row.composite,
                "components": {codes[k]: v for k, v in row.component_scores().items()},
                "rank": row.rank,
                "group_size": row.group_size,
                "in_bottom": bool(row.in_bottom),
                "boundary_tie": bool(row.boundary_tie),
                "incomplete": bool(row.incomplete),
                "excellent_tie": bool(row.excellent_tie),
                "quota_reached": bool(row.quota_reached),
                "grade": row.grade,
            }
            wanted = {
                "composite": want.composite,
                "components": want.components,
                "rank": want.rank,
                "group_size": want.group_size,
                "in_bottom": want.in_bottom,
                "boundary_tie": want.boundary_tie,
                "incomplete": want.incomplete,
                "excellent_tie": want.excellent_tie,
                "quota_reached": want.quota_reached,
                "grade": want.grade,
            }
            assert actual == wanted, (key, scheme_params)
        transaction.set_rollback(True)


@pytest.fixture
def yearly_arena(db):
    unit = UnitFactory(name="年度局")
    org = unit.organization
    cadres = [CadreFactory(organization=org, unit=unit, employee_no=f"Y{i:02d}") for i in range(12)]
    raters = [CadreFactory(organization=org, unit=unit, employee_no=f"YR{i}") for i in range(4)]
    scheme = scheme_create(
        organization=org,
        year=YEAR,
        template=Scheme.Template.CUSTOM,
        components=[
            {"code": "goals", "name": "年度目标", "weight": "70", "frequency": "yearly", "aggregation": "trimmed"},
            {"code": "visit", "name": "现场观摩", "weight": "30", "frequency": "yearly"},
        ],
    )
    group = AssessmentGroup.objects.create(organization=org, year=YEAR, name="科长组")
    for cadre in cadres:
        GroupMembership.objects.create(group=group, cadre=cadre, year=YEAR)
    return {"org": org, "cadres": cadres, "raters": raters, "scheme": scheme}


# Per cadre and component: the raters' scores (none: the cadre lacks that component and is incomplete).
yearly_sheet = st.lists(
    st.tuples(st.lists(SCORE, min_size=0, max_size=4), st.lists(SCORE, min_size=1, max_size=4)),
    min_size=12,
    max_size=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(sheet=yearly_sheet)
def test_a_yearly_scheme_skips_the_period_pass_and_gets_the_same_results(yearly_arena, sheet):
    """With every component scored once a year the engine leaves out the pass that averages over periods; the
    results must be those of the full statement, field by field."""
    from django.db import connection

    from assessments.results.engine import build_statement

    scheme = yearly_arena["scheme"]
    components = {c.code: c for c in scheme.components.all()}
    period = scheme.periods.get()
    with transaction.atomic():
        Score.objects.bulk_create(
            Score(
                scheme=scheme,
                component=components[code],
                period=period,
                rater=rater,
                ratee=cadre,
                value=value,
                min_score=components[code].min_score,
                max_score=components[code].max_score,
            )
            for cadre, values in zip(yearly_arena["cadres"], sheet, strict=True)
            for code, scores in zip(["goals", "visit"], values, strict=True)
            for rater, value in zip(yearly_arena["raters"], scores, strict=False)
        )
        short = ResultRun.objects.create(organization=yearly_arena["org"], year=YEAR, version=1, scheme=scheme)
        full = ResultRun.objects.create(organization=yearly_arena["org"], year=YEAR, version=2, scheme=scheme)
        compute_run(short)
        sql, params = build_statement(scheme=scheme, group_id=None, vendor=connection.vendor, average_periods=True)
        params["run"] = full.pk
        if connection.vendor == "sqlite":
            params = {k: float(v) if isinstance(v, Decimal) else v for k, v in params.items()}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        fields = [f.attname for f in Result._meta.concrete_fields if f.attname not in {"id", "run_id"}]
        rows = {
            run.pk: sorted(Result.objects.filter(run=run).values_list(*fields), key=lambda r: r[1])
            for run in (short, full)
        }
        assert len(rows[short.pk]) == 12
        event(f"incomplete: {any(not goals for goals, _visit in sheet)}")
        assert rows[short.pk] == rows[full.pk]
        transaction.set_rollback(True)
