"""Helpers shared by the letters' and the exports' tests (no tests here)."""

import datetime

from assessments.models import Publication, ResultRun, Scheme
from demotion.models import CommitmentLetter, StepDownCase, StepDownPolicy
from demotion.services.letters import commitment_letters_sync


def policy(world, letters_from=datetime.date(2020, 1, 1), **extra) -> StepDownPolicy:
    return StepDownPolicy.objects.create(organization=world.org, letters_from=letters_from, **extra)


def zhang_letter(world, *, today=datetime.date(2023, 3, 2)) -> CommitmentLetter:
    """张三's letter for 组长 of 综合科一组 (appointed 2023-03-01, due 2023-04-01)."""
    if not StepDownPolicy.objects.filter(organization=world.org).exists():
        policy(world)
    commitment_letters_sync(organization=world.org, today=today)
    return CommitmentLetter.objects.get(cadre=world.cadre)


def publication(world, year=2025, published_on=datetime.date(2026, 1, 23)) -> Publication:
    scheme = Scheme.objects.filter(organization=world.org, year=year).first() or Scheme.objects.create(
        organization=world.org, year=year, name=f"{year}年度考核方案", effective_date=datetime.date(year, 1, 1)
    )
    run = ResultRun.objects.create(
        organization=world.org, year=year, version=900, scheme=scheme, status=ResultRun.Status.SUCCEEDED
    )
    return Publication.objects.create(
        organization=world.org,
        year=year,
        run=run,
        state=Publication.State.PUBLISHED,
        confirmed_by=world.users["committee"],
        published_on=published_on,
    )


def case(world, pub, cadre, *, reason=StepDownCase.Reason.BOTTOM, group="科长组", rank=None, **extra) -> StepDownCase:
    return StepDownCase.objects.create(
        organization=world.org,
        year=pub.year,
        cadre=cadre,
        publication=pub,
        run=pub.run,
        reason=reason,
        group_name=group,
        rank=rank,
        group_size=10,
        published_on=pub.published_on,
        deadline=datetime.date(2026, 1, 28),
        **extra,
    )
