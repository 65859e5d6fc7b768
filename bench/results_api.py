"""The ranking list endpoint against a bare Django JSON view over the same page, measured in the same run.

Both are requested through django.test.Client, signed in as the same HR user whose scope is half of the units, with
the same filters and the same page of 100 out of 100,000 results on PostgreSQL. The endpoint goes through DRF (session
authentication, role permission, query validation, the organization's current run, scope, filters, pagination, the
row dicts); the bare view reads the user's scope, filters the named run's results the same way (grades and bottom set
as the committee settled them: results.workflow.with_final) and returns `values()` of the page and the count with
JsonResponse. Issue figure: the endpoint at most 2x the bare view.

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cadre_eval_bench_results_api), a
scratch database that this script creates if missing, migrates and empties (flush) unless --reuse.

    .venv/bin/python bench/results_api.py [--results 100000] [--requests 40] [--reuse]
"""

import argparse
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cadre_eval_bench_results_api"
YEAR = 2025
GROUPS = 1000
PAGE = 100


def setup_django(*, reuse: bool):
    import os
    import tempfile

    os.environ["CADRE_VAR_DIR"] = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre_eval.settings.local"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from notices_scan import _create_database_if_missing

    if connection.vendor != "postgresql":
        sys.exit("BENCH_DATABASE_URL must name a scratch PostgreSQL database")
    _create_database_if_missing(connection.settings_dict)
    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("flush", "--noinput", verbosity=0)
    setup_test_environment()  # the test client's host name


def build(results: int):
    """An organization of two halves (5 units each), `results` cadres in GROUPS groups, one computed run."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from assessments.models import ResultRun, Scheme
    from assessments.services import scheme_create
    from org.models import AssessmentGroup, Organization, RoleAssignment
    from org.services import role_assign, unit_create

    with transaction.atomic():
        org = Organization.objects.create(code="bench", name="基准测试局")
        root = unit_create(organization=org, name="基准测试局机关", kind="bureau")
        halves = [unit_create(organization=org, parent=root, name=name) for name in ("机关科室", "市场监管所")]
        units = [unit_create(organization=org, parent=h, name=f"{h.name}{i}") for h in halves for i in range(5)]
        scheme = scheme_create(organization=org, year=YEAR, template=Scheme.Template.FOUR_PART)
        user = get_user_model().objects.create_user("bench_hr", password="pw-Secret-123")
        role_assign(user=user, role=RoleAssignment.Role.HR, organization=org, unit=halves[0])
    AssessmentGroup.objects.bulk_create(
        [AssessmentGroup(organization=org, year=YEAR, name=f"考核组{g:04d}") for g in range(GROUPS)]
    )
    run = ResultRun.objects.create(
        organization=org, year=YEAR, version=1, scheme=scheme, status=ResultRun.Status.SUCCEEDED, progress=100
    )
    unit_ids = [u.pk for u in units]
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO org_cadre (created_at, updated_at, organization_id, unit_id, employee_no, name, gender,
                                   left_reason, rank_grade)
            SELECT now(), now(), %s, (%s::bigint[])[1 + i %% 10], 'B' || lpad(i::text, 6, '0'), '干部' || i, 'M', '', ''
            FROM generate_series(1, %s) i
            """,
            [org.pk, unit_ids, results],
        )
        # Composites 60.00–99.99 in groups of 100; the rank is the competition rank, grades and flags follow it.
        cur.execute(
            """
            INSERT INTO assessments_result (run_id, group_id, cadre_id, components, bonus, deduction, composite, rank,
                group_size, vetoed, in_bottom, boundary_tie, special_status, sanction_effect, incomplete,
                excellent_tie, quota_reached, grade)
            SELECT %(run)s, group_id, cadre_id, '1:80.00,2:80.00,3:80.00,4:80.00', 0, 0, composite,
                   RANK() OVER (PARTITION BY group_id ORDER BY composite DESC), n, false,
                   ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY composite) <= n / 10,
                   false, '', '', false, false, false,
                   CASE WHEN composite >= 95 THEN '1' WHEN composite >= 70 THEN '2' WHEN composite >= 62 THEN '3'
                        ELSE '4' END
            FROM (
                SELECT g.id AS group_id, c.id AS cadre_id, round((60 + random() * 39.99)::numeric, 2) AS composite,
                       COUNT(*) OVER (PARTITION BY g.id) AS n
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM org_cadre WHERE organization_id = %(org)s) c
                JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM org_assessmentgroup
                      WHERE organization_id = %(org)s) g ON g.k = c.k %% %(groups)s
            ) x
            """,
            {"run": run.pk, "org": org.pk, "groups": GROUPS},
        )
        cur.execute("ANALYZE")
    return org, run, user


# --- the two views, routed by a urlconf of this script -----------------------------------------------------------


def bare_view(request):
    """values() + JsonResponse over the same page: the same scope, filters, order and count, nothing else."""
    from django.db.models import F
    from django.http import HttpResponseForbidden, JsonResponse

    from assessments.models import Result
    from assessments.selectors.final import final_filter, with_final
    from assessments.serializers.results import ROW_VALUES
    from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    roles = get_roles(request.user)
    query = {"grade": request.GET.get("grade")}
    if request.GET.get("in_bottom"):
        query["in_bottom"] = request.GET["in_bottom"] == "true"
    qs = with_final(
        Result.objects.filter(run_id=int(request.GET["run"]))
        .filter(roles.unit_q(ROLE_HR, ROLE_COMMITTEE, prefix="cadre__unit__"))
        .filter(final_filter(query))
    )
    qs = qs.order_by("group_id", F("rank").asc(nulls_last=True), "cadre__employee_no", "id")
    offset = (int(request.GET.get("page", 1)) - 1) * PAGE
    rows = list(qs.values(*ROW_VALUES)[offset : offset + PAGE])
    return JsonResponse({"count": qs.count(), "results": rows})


def install_urls():
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    from assessments.api.results import ResultViewSet

    module = types.ModuleType("bench_results_api_urls")
    module.urlpatterns = [
        path("api/assessments/results/", ResultViewSet.as_view({"get": "list"}), name="bench-result-list"),
        path("bench/bare/", bare_view),
        path("", include("cadre_eval.urls")),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def measure(client, url: str, requests: int) -> tuple[list[float], int, bytes]:
    """Times of `requests` requests, after one untimed request whose queries are counted."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    return times, len(queries), response.content


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per view and scenario")
    parser.add_argument("--reuse", action="store_true", help="keep the data of the previous run")
    args = parser.parse_args()
    setup_django(reuse=args.reuse)
    import json

    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessments.models import ResultRun

    start = time.perf_counter()
    run = ResultRun.objects.filter(organization__code="bench").first() if args.reuse else None
    if run is None:
        org, run, user = build(args.results)
    else:
        org, user = run.organization, get_user_model().objects.get(username="bench_hr")
    print(f"built {run.results.count():,} results in {GROUPS:,} groups in {time.perf_counter() - start:.1f} s")
    install_urls()
    client = Client()
    client.force_login(user)

    scenarios = [
        ("page 1, no filter", "", 1),
        ("page 5, grade=2 & in_bottom=false", "&grade=2&in_bottom=false", 5),
        ("page 3, in_bottom=true", "&in_bottom=true", 3),
    ]
    ratios = []
    for label, filters, page in scenarios:
        api_url = f"/api/assessments/results/?organization={org.pk}&year={YEAR}{filters}&page={page}"
        bare_url = f"/bench/bare/?run={run.pk}{filters}&page={page}"
        # Interleaved rounds, so a busy moment of the machine falls on both alike.
        api_times, bare_times = [], []
        api_queries = bare_queries = 0
        api_body = bare_body = b""
        for _ in range(4):
            t, api_queries, api_body = measure(client, api_url, args.requests // 4)
            api_times += t
            t, bare_queries, bare_body = measure(client, bare_url, args.requests // 4)
            bare_times += t
        api, bare = json.loads(api_body), json.loads(bare_body)
        assert api["count"] == bare["count"] and [r["id"] for r in api["results"]] == [
            r["id"] for r in bare["results"]
        ], "the two views must return the same page"
        a, b = statistics.median(api_times), statistics.median(bare_times)
        ratios.append(a / b)
        print(
            f"{label}: {len(api['results'])} of {api['count']:,} rows | endpoint {a * 1000:.1f} ms "
            f"({api_queries} queries) | bare view {b * 1000:.1f} ms ({bare_queries} queries) | ratio {a / b:.2f}x"
        )
    print(f"worst ratio endpoint / bare view: {max(ratios):.2f}x (target at most 2x)")


if __name__ == "__main__":
    main()
