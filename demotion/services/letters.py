"""主动让贤承诺书 (沂源县市场监管局《中层负责人主动让贤实施办法》): every middle manager appointed on or after the organization's
`StepDownPolicy.letters_from` signs a commitment letter within `letter_months` months of the appointment (month-end
rule, 民法典 Art. 202). The letter's wording is written once, when the letter is created, and never
changes afterwards: what the cadre signed stays what it was.

- `commitment_letters_sync` creates the missing letters (idempotent: one letter per appointment, enforced by the
  database; two runs at once create each letter once and neither fails).
- `commitment_letter_sign`: the cadre signs his own letter by typing his name, once; late signing is allowed (the
  pages show it as 逾期签署).
- `step_down_policy_update`: organization-wide HR set the policy's numbers.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.selectors import published
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from common.workdays import add_months
from demotion.models import CommitmentLetter, StepDownPolicy
from org.models import Appointment, Organization, Post
from org.selectors import organization_wide_hr

POLICY_FIELDS = ["letters_from", "letter_months", "application_working_days"]
LETTER_FIELDS = ["signed_at", "signed_name", "signed_by_id"]
MAX_LETTER_MONTHS = 12
MAX_APPLICATION_DAYS = 30

LETTER_TEXT = """主动让贤承诺书

{organization}党组:

本人{cadre},现任{unit}{post}。本人已认真学习《中层负责人主动让贤实施办法》,自愿作出如下承诺:

一、本人自愿接受年度考核和日常管理监督,认真履行岗位职责,主动担当作为。

二、如本人年度考核成绩位列组内排名{bottom}或存在“一票否决”项,本人自愿在考核成绩公布后{days}个工作日内向局党组提交《主动让贤申请书》,主动辞去现任中层职务,保留职级,服从局党组安排适当工作。

三、本承诺书自签署之日起生效,在本人担任现任中层职务期间有效。"""


def letter_text(*, organization: Organization, appointment: Appointment, working_days: int, bottom: str) -> str:
    """The wording of a letter, from the organization, the cadre, the post, the policy's working days and the bottom
    set as the organization's scheme names it (`bottom`: 后10%)."""
    post = appointment.post
    return LETTER_TEXT.format(
        organization=organization.name,
        cadre=appointment.cadre.name,
        unit=post.unit.name,
        post=post.name,
        days=working_days,
        bottom=bottom,
    )


def letter_bottom_label(*, organization: Organization, today: datetime.date) -> str:
    """The bottom set a letter names: as the organization's scheme of this year (else of last year) names it, or with
    a new scheme's ratio when it has none yet."""
    for year in (today.year, today.year - 1):
        facts = published.scheme_facts(organization_id=organization.pk, year=year)
        if facts is not None:
            return facts.bottom_label
    return published.bottom_label(published.DEFAULT_BOTTOM_RATIO)


def letter_due_date(*, start_date: datetime.date, policy: StepDownPolicy) -> datetime.date:
    return add_months(start_date, policy.letter_months)


# --- the policy -------------------------------------------------------------------------------------------------


def _policy_get_or_create(*, organization: Organization, today: datetime.date) -> StepDownPolicy:
    """The organization's policy; when it has none yet, one that starts today (the rule does not reach back)."""
    policy = StepDownPolicy.objects.filter(organization=organization).first()
    if policy is not None:
        return policy
    try:
        with transaction.atomic():
            policy = StepDownPolicy.objects.create(organization=organization, letters_from=today)
            audit_log_record(
                actor=None,
                action="demotion.policy.create",
                subject=policy,
                after=snapshot(policy, POLICY_FIELDS),
                reason="首次生成承诺书时按默认办法设立(承诺书适用于今后的任职,不溯及既往)",
            )
    except IntegrityError:  # another run created it first
        policy = StepDownPolicy.objects.get(organization=organization)
    return policy


def _checked_policy_values(*, letters_from, letter_months, application_working_days) -> dict:
    errors: dict[str, list[str]] = {}
    if not isinstance(letters_from, datetime.date):
        errors["letters_from"] = [_("请填写有效的日期。")]
    if not isinstance(letter_months, int) or not 1 <= letter_months <= MAX_LETTER_MONTHS:
        errors["letter_months"] = [_("签署期限须为 1 至 %(n)s 个月。") % {"n": MAX_LETTER_MONTHS}]
    if not isinstance(application_working_days, int) or not 1 <= application_working_days <= MAX_APPLICATION_DAYS:
        errors["application_working_days"] = [_("申请期限须为 1 至 %(n)s 个工作日。") % {"n": MAX_APPLICATION_DAYS}]
    if errors:
        raise ApplicationError(_("主动让贤办法的设置有误。"), field_errors=errors)
    return {
        "letters_from": letters_from,
        "letter_months": letter_months,
        "application_working_days": application_working_days,
    }


@transaction.atomic
def step_down_policy_update(
    *, organization: Organization, actor, letters_from, letter_months, application_working_days, reason: str = ""
) -> StepDownPolicy:
    """Organization-wide HR (and the admin) set the policy; letters already issued keep their due date and text."""
    if not organization_wide_hr(actor, organization.pk):
        raise ApplicationError(_("只有全局组织人事部门可以修改主动让贤办法。"), code="forbidden")
    values = _checked_policy_values(
        letters_from=letters_from, letter_months=letter_months, application_working_days=application_working_days
    )
    policy = StepDownPolicy.objects.select_for_update().filter(organization=organization).first()
    if policy is None:
        policy = StepDownPolicy.objects.create(organization=organization, **values)
        audit_log_record(
            actor=actor,
            action="demotion.policy.create",
            subject=policy,
            after=snapshot(policy, POLICY_FIELDS),
            reason=reason,
        )
        return policy
    before = snapshot(policy, POLICY_FIELDS)
    for name, value in values.items():
        setattr(policy, name, value)
    after = snapshot(policy, POLICY_FIELDS)
    if after == before:
        return policy
    policy.save(update_fields=[*POLICY_FIELDS, "updated_at"])
    audit_log_record(
        actor=actor, action="demotion.policy.update", subject=policy, before=before, after=after, reason=reason
    )
    return policy


# --- creating letters ---------------------------------------------------------------------------------------------


def letters_missing(*, organization: Organization, policy: StepDownPolicy):
    """Current middle-manager appointments from `letters_from` on that have no letter yet."""
    return (
        Appointment.objects.filter(
            post__unit__organization=organization,
            post__kind=Post.Kind.MIDDLE,
            end_date__isnull=True,
            start_date__gte=policy.letters_from,
            commitment_letter__isnull=True,
        )
        .select_related("cadre", "post", "post__unit")
        .order_by("start_date", "id")
    )


def _letter_create(
    *, appointment: Appointment, organization: Organization, policy: StepDownPolicy, bottom: str
) -> bool:
    """One letter for the appointment, unless it has one; True when this call created it."""
    try:
        with transaction.atomic():
            letter, created = CommitmentLetter.objects.get_or_create(
                appointment=appointment,
                defaults={
                    "organization": organization,
                    "cadre": appointment.cadre,
                    "due_date": letter_due_date(start_date=appointment.start_date, policy=policy),
                    "text": letter_text(
                        organization=organization,
                        appointment=appointment,
                        working_days=policy.application_working_days,
                        bottom=bottom,
                    ),
                },
            )
            if created:
                audit_log_record(
                    actor=None,
                    action="demotion.letter.create",
                    subject=letter,
                    after=snapshot(letter, ["cadre_id", "appointment_id", "due_date"]),
                )
    except IntegrityError:  # created by a concurrent run between the lookup and the insert
        return False
    return created


def commitment_letters_sync(*, organization: Organization | None = None, today: datetime.date | None = None) -> int:
    """Create the missing letters of every organization (or one); returns how many were created. Safe to run
    twice, or twice at once."""
    today = today or timezone.localdate()
    organizations = [organization] if organization is not None else list(Organization.objects.order_by("pk"))
    created = 0
    for org in organizations:
        policy = _policy_get_or_create(organization=org, today=today)
        missing = list(letters_missing(organization=org, policy=policy))
        if not missing:
            continue
        bottom = letter_bottom_label(organization=org, today=today)
        for appointment in missing:
            created += _letter_create(appointment=appointment, organization=org, policy=policy, bottom=bottom)
    return created


# --- signing ------------------------------------------------------------------------------------------------------


def _already_signed(letter: CommitmentLetter) -> str:
    signed = timezone.localtime(letter.signed_at).strftime("%Y-%m-%d %H:%M")
    return _("这份承诺书已于%(time)s签署,不能重复签署。") % {"time": signed}


@transaction.atomic
def commitment_letter_sign(*, letter: CommitmentLetter, actor, signed_name: str) -> CommitmentLetter:
    """The cadre signs his own letter by typing his name; once. Allowed after the due date (signed late)."""
    letter = CommitmentLetter.objects.select_related("cadre").get(pk=letter.pk)
    if actor is None or not getattr(actor, "is_authenticated", False) or letter.cadre.user_id != actor.pk:
        raise ApplicationError(_("只有承诺人本人可以签署这份承诺书。"), code="forbidden")
    if letter.is_signed:
        raise ApplicationError(_already_signed(letter), code="already_signed")
    name = (signed_name or "").strip()
    if not name:
        message = _("请输入本人姓名作为签名。")
        raise ApplicationError(message, field_errors={"signed_name": [message]})
    if name != letter.cadre.name.strip():
        message = _("签名须与本人姓名一致")
        raise ApplicationError(message, field_errors={"signed_name": [message]})
    before = snapshot(letter, LETTER_FIELDS)
    now = timezone.now()
    # Guarded: a second signature sent at the same moment finds the letter signed and changes nothing.
    updated = CommitmentLetter.objects.filter(pk=letter.pk, signed_at__isnull=True).update(
        signed_at=now, signed_name=name, signed_by=actor, updated_at=now
    )
    if updated != 1:
        letter.refresh_from_db()
        raise ApplicationError(_already_signed(letter), code="already_signed")
    letter.refresh_from_db()
    late = timezone.localtime(now).date() > letter.due_date
    audit_log_record(
        actor=actor,
        action="demotion.letter.sign",
        subject=letter,
        before=before,
        after={**snapshot(letter, LETTER_FIELDS), "late": late},
    )
    return letter
