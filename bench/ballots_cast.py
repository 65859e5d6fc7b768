"""民主测评: the cost of casting a ballot as the pool grows, and of the seal.

Every vote rewrites its evaluation's whole pool of pending ballots in a random order (ballots.services.voting), so a
vote costs more the more ballots are already in. This measures N votes (default 500) on a form of 20 cadres × 5
items and prints the mean time of the first and of the last 50 votes, then the seal of the N ballots (chain and
results). The baseline, in the same run: the same vote without the rewrite — the code marked used and one ballot row
inserted — which is what a naive design would cost and what the anonymity costs on top of.

    .venv/bin/python bench/ballots_cast.py [--votes N]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_eval_bench .venv/bin/python bench/ballots_cast.py
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WINDOW = 50


def setup_django():
    scratch = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["CADRE_VAR_DIR"] = scratch
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre_eval.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ.get("BENCH_DATABASE_URL"):
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)


def make_evaluation(votes: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ballots.form_rules import CategorySpec, ItemSpec
    from ballots.services.codes import code_batch_issue
    from ballots.services.evaluations import evaluation_create, evaluation_publish
    from org import services
    from org.models import RoleAssignment

    org = services.organization_create(code="bench", name="基准局")
    unit = services.unit_create(organization=org, name="基准局机关")
    cadres = [
        services.cadre_create(organization=org, employee_no=f"C{i:03d}", unit=unit, name=f"干部{i}", gender="M")
        for i in range(20)
    ]
    hr = get_user_model().objects.create_user(username="bench_hr", password="x")  # noqa: S106
    services.role_assign(user=hr, role=RoleAssignment.Role.HR, organization=org)
    now = timezone.now()
    evaluation = evaluation_create(
        actor=hr, unit=unit, title="基准测评", year=2025, subject_kind="cadre",
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1), subjects=cadres,
        items=[ItemSpec(t, "grade4") for t in "德能勤绩廉"],
        categories=[CategorySpec("职工代表", Decimal("100"))], min_ballots=5,
    )  # fmt: skip
    evaluation_publish(evaluation=evaluation, actor=hr)
    category = evaluation.categories.get()
    codes = []
    for _ in range(0, 2 * votes, 1000):
        size = min(1000, 2 * votes - len(codes))
        codes += code_batch_issue(
            evaluation=evaluation, actor=hr, unit=unit, category=category, size=size, file_format="xlsx"
        ).codes
    return evaluation, hr, codes


def answers(evaluation, rng):
    subjects = list(evaluation.subjects.values_list("pk", flat=True))
    items = list(evaluation.items.values_list("pk", flat=True))
    grades = ["excellent", "competent", "competent", "basic"]
    return {s: {i: rng.choice(grades) for i in items} for s in subjects}


def naive_cast(evaluation, code, given):
    """The baseline: mark the code used and insert one ballot row — no rewrite of the pool."""
    from django.db import transaction

    from ballots import codes as code_rules
    from ballots.models import BallotCode, PendingBallot

    with transaction.atomic():
        found = BallotCode.objects.get(code_hash=code_rules.code_hash(code), evaluation=evaluation, state="issued")
        BallotCode.objects.filter(pk=found.pk, state="issued").update(state="used")
        PendingBallot.objects.create(
            evaluation=evaluation,
            category_id=found.category_id,
            answers={str(s): {str(i): v for i, v in row.items()} for s, row in given.items()},
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--votes", type=int, default=500)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from ballots.models import PendingBallot
    from ballots.services.evaluations import evaluation_close
    from ballots.services.voting import ballot_cast

    rng = random.Random(7)
    evaluation, hr, codes = make_evaluation(args.votes)
    real_codes, naive_codes = codes[: args.votes], codes[args.votes :]
    ballots = [answers(evaluation, rng) for _ in range(args.votes)]

    naive = []
    for code, given in zip(naive_codes, ballots, strict=True):
        start = time.perf_counter()
        naive_cast(evaluation, code, given)
        naive.append(time.perf_counter() - start)
    PendingBallot.objects.filter(evaluation=evaluation).delete()

    real = []
    for code, given in zip(real_codes, ballots, strict=True):
        start = time.perf_counter()
        ballot_cast(evaluation=evaluation, code=code, answers=given)
        real.append(time.perf_counter() - start)

    start = time.perf_counter()
    evaluation_close(evaluation=evaluation, actor=hr, now=evaluation.closes_at)
    seal = time.perf_counter() - start

    def ms(values):
        return statistics.mean(values) * 1000

    first, last, base = ms(real[:WINDOW]), ms(real[-WINDOW:]), ms(naive)
    print(f"database: {connection.vendor}; {args.votes} votes of 20 cadres × 5 items")
    print(f"baseline (code used + one row, no rewrite): {base:.1f} ms a vote")
    print(f"vote, first {WINDOW}: {first:.1f} ms  ({first / base:.1f}x baseline)")
    print(f"vote, last {WINDOW} (pool of ~{args.votes}): {last:.1f} ms  ({last / base:.1f}x baseline)")
    print(f"all {args.votes} votes: {sum(real):.1f} s (baseline {sum(naive):.1f} s)")
    print(f"seal of {args.votes} ballots (shuffle, digests, chain, results): {seal:.2f} s")


if __name__ == "__main__":
    main()
