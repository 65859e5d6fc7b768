"""Publication day's data for bench/web.py: one organization of N cadres (default 10,000) in groups of 100, its
year computed and published, a cadre with 200 notices, HR users scoped to either half of the units, and signed-in
sessions made directly (no password hashing, no login request).

    build(cadres=10_000) -> dict of what the pages need (ids, session keys, URLs)
"""

import datetime

YEAR = 2025
GROUP_SIZE = 100
NOTICES = 200


def _session_for(user) -> str:
    """A signed-in session row, as django.contrib.auth.login would leave it, without hashing a password."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from security.receivers import PASSWORD_CHANGED_SESSION_KEY

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[PASSWORD_CHANGED_SESSION_KEY] = timezone.now().isoformat()
    store.set_expiry(settings.SESSION_COOKIE_AGE)
    store.create()
    return store.session_key


def build(cadres: int = 10_000) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from assessments.models import Publication, ResultRun, Scheme
    from assessments.services import scheme_create
    from notices.models import Notice
    from org.models import AssessmentGroup, Cadre, Organization, RoleAssignment
    from org.services import role_assign, unit_create

    groups = max(1, cadres // GROUP_SIZE)
    User = get_user_model()
    with transaction.atomic():
        org = Organization.objects.create(code="web", name="发布日测试局")
        root = unit_create(organization=org, name="发布日测试局机关", kind="bureau")
        halves = [unit_create(organization=org, parent=root, name=name) for name in ("机关科室", "市场监管所")]
        units = [unit_create(organization=org, parent=h, name=f"{h.name}{i}") for h in halves for i in range(5)]
        scheme = scheme_create(organization=org, year=YEAR, template=Scheme.Template.FOUR_PART)
        hr_a = User.objects.create(username="web_hr_a", password="!")  # noqa: S106 (unusable)
        hr_b = User.objects.create(username="web_hr_b", password="!")  # noqa: S106
        role_assign(user=hr_a, role=RoleAssignment.Role.HR, organization=org, unit=halves[0])
        role_assign(user=hr_b, role=RoleAssignment.Role.HR, organization=org, unit=halves[1])
        cadre_user = User.objects.create(username="web_ganbu", password="!")  # noqa: S106
    AssessmentGroup.objects.bulk_create(
        [AssessmentGroup(organization=org, year=YEAR, name=f"考核组{g:04d}") for g in range(groups)]
    )
    run = ResultRun.objects.create(
        organization=org, year=YEAR, version=1, scheme=scheme, status=ResultRun.Status.SUCCEEDED, progress=100
    )
    unit_ids = [u.pk for u in units]
    with connection.cursor() as cur:
        # Cadre i is in unit i % 10 (so every group of 100 has both halves) and group (i - 1) // 100.
        cur.execute(
            """
            INSERT INTO org_cadre (created_at, updated_at, organization_id, unit_id, employee_no, name, gender, left_reason,
                                   rank_grade)
            SELECT now(), now(), %s, (%s::bigint[])[1 + i %% 10], 'W' || lpad(i::text, 6, '0'), '干部' || i, 'M', '', ''
            FROM generate_series(1, %s) i
            """,
            [org.pk, unit_ids, cadres],
        )
        cur.execute(
            """
            INSERT INTO org_groupmembership (created_at, updated_at, group_id, cadre_id, year)
            SELECT now(), now(), g.id, c.id, %(year)s
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM org_cadre WHERE organization_id = %(org)s) c
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM org_assessmentgroup
                  WHERE organization_id = %(org)s) g ON g.k = c.k / %(size)s
            """,
            {"org": org.pk, "year": YEAR, "size": GROUP_SIZE},
        )
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
                SELECT m.group_id, m.cadre_id, round((60 + random() * 39.99)::numeric, 2) AS composite,
                       COUNT(*) OVER (PARTITION BY m.group_id) AS n
                FROM org_groupmembership m JOIN org_cadre c ON c.id = m.cadre_id
                WHERE c.organization_id = %(org)s AND m.year = %(year)s
            ) x
            """,
            {"run": run.pk, "org": org.pk, "year": YEAR},
        )
    cadre = Cadre.objects.filter(organization=org).order_by("id").first()
    Cadre.objects.filter(pk=cadre.pk).update(user=cadre_user)
    today = datetime.date.today()
    Publication.objects.create(
        organization=org,
        year=YEAR,
        run=run,
        state=Publication.State.PUBLISHED,
        published_on=today - datetime.timedelta(days=1),
        posted_on=today - datetime.timedelta(days=10),
        posting_ends_on=today - datetime.timedelta(days=3),
    )
    content_type = ContentType.objects.get_for_model(ResultRun)
    Notice.objects.bulk_create(
        [
            Notice(
                recipient=cadre_user,
                kind="bench",
                subject_type=content_type,
                subject_id=str(i),
                occurrence="d0",
                due_date=today + datetime.timedelta(days=i % 30),
                title=f"通知{i}",
                body="请按期完成。",
                url="/assessments/my-results/",
                email_status="sent",
            )
            for i in range(NOTICES)
        ]
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    group_id = cadre.memberships.get(year=YEAR).group_id
    return {
        "org": org.pk,
        "run": run.pk,
        "group": group_id,
        "sessions": {
            "cadre": _session_for(cadre_user),
            "hr_a": _session_for(hr_a),
            "hr_b": _session_for(hr_b),
        },
        "pages": {
            "my_results": ("cadre", "/assessments/my-results/"),
            "group": ("hr_a", f"/assessments/results/runs/{run.pk}/groups/{group_id}/"),
            "api_ranking": ("hr_a", f"/api/assessments/results/?organization={org.pk}&year={YEAR}"),
            "inbox": ("cadre", "/notices/"),
        },
    }
