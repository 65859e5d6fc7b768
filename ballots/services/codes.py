"""Writes of one-time codes: issue a batch for a unit and rater category, void a lost code or a whole batch.
Keyword-only, atomic, validated, audited — the audit rows name batches and serial numbers, never a code.

The codes themselves are returned once, to be printed (ballots.documents) or handed to an API caller, and are not
kept: only their HMACs are stored (ballots.codes).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import codes as code_rules
from ballots.models import BallotCode, CodeBatch, Evaluation, RaterCategory
from ballots.selectors.evaluations import can_manage, units_under
from common.audit import audit_log_record
from common.errors import ApplicationError
from org.models import Unit

MAX_BATCH = 1000
_ATTEMPTS = 5  # a collision of two 49.5-bit codes is all but impossible; retried all the same


@dataclass(frozen=True)
class IssuedBatch:
    batch: CodeBatch
    codes: list[str]  # in serial order: codes[i] is slip i + 1


def _require_manager(*, actor, evaluation: Evaluation) -> None:
    if not can_manage(user=actor, evaluation=evaluation):
        raise ApplicationError(_("该测评不在您的管理范围内。"), code="permission_denied")


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


@transaction.atomic
def code_batch_issue(
    *, evaluation: Evaluation, actor, unit: Unit, category: RaterCategory, size: int, file_format: str
) -> IssuedBatch:
    """Issue `size` codes for the raters of `category` in `unit` (a unit under the evaluation's organizing unit)."""
    _require_manager(actor=actor, evaluation=evaluation)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.is_closed:
        raise ApplicationError(_("测评已结束,不能再发放测评码。"))
    if not units_under(evaluation.unit).filter(pk=unit.pk).exists():
        raise _invalid("unit", _("发放单位应在组织单位“%(unit)s”之下。") % {"unit": evaluation.unit.name})
    if category.evaluation_id != evaluation.pk:
        raise _invalid("category", _("请选择本测评的参评人员类别。"))
    if not 1 <= size <= MAX_BATCH:
        raise _invalid("size", _("每批数量应在1到%(n)s之间。") % {"n": MAX_BATCH})
    if file_format not in CodeBatch.Format.values:
        raise _invalid("file_format", _("请选择文件格式。"))
    number = (CodeBatch.objects.filter(evaluation=evaluation).aggregate(n=Max("number"))["n"] or 0) + 1
    batch = CodeBatch.objects.create(
        evaluation=evaluation, unit=unit, category=category, number=number, size=size, file_format=file_format,
        issued_by=actor,
    )  # fmt: skip
    for _attempt in range(_ATTEMPTS):
        plain = [code_rules.generate() for _ in range(size)]
        if len(set(plain)) != size:
            continue
        try:
            with transaction.atomic():
                BallotCode.objects.bulk_create(
                    BallotCode(
                        batch=batch,
                        evaluation=evaluation,
                        unit=unit,
                        category=category,
                        serial=i,
                        code_hash=code_rules.code_hash(code),
                    )
                    for i, code in enumerate(plain, start=1)
                )
        except IntegrityError:
            continue
        break
    else:  # pragma: no cover — five collisions in a row
        raise ApplicationError(_("生成测评码失败,请重试。"))
    audit_log_record(
        actor=actor,
        action="ballots.codes.issue",
        subject=evaluation,
        after={
            "batch": number,
            "unit_name": unit.name,
            "category_name": category.name,
            "size": size,
            "format": file_format,
        },  # fmt: skip
    )
    return IssuedBatch(batch=batch, codes=plain)


def _void(code: BallotCode, *, actor, reason: str) -> None:
    now = timezone.now()
    changed = BallotCode.objects.filter(pk=code.pk, state=BallotCode.State.ISSUED).update(
        state=BallotCode.State.VOIDED, voided_at=now, voided_by=actor
    )
    if not changed:
        code.refresh_from_db()
        if code.state == BallotCode.State.USED:
            raise _invalid(
                "code",
                _("测评码 %(serial)s 已经投票,不能作废(选票与测评码互不关联,已投的票无法撤回)。") % {"serial": code},
            )
        raise _invalid("code", _("测评码 %(serial)s 已作废。") % {"serial": code})
    audit_log_record(
        actor=actor,
        action="ballots.code.void",
        subject=code,
        before={"state": BallotCode.State.ISSUED},
        after={"state": BallotCode.State.VOIDED},
        reason=reason,
    )


@transaction.atomic
def code_void(
    *,
    evaluation: Evaluation,
    actor,
    reason: str,
    code: str = "",
    batch_number: int | None = None,
    serial: int | None = None,
) -> BallotCode:
    """Void one unused code: by the code itself (the slip is at hand) or by its batch and serial number (the slip is
    lost; both are printed on it)."""
    _require_manager(actor=actor, evaluation=evaluation)
    if evaluation.is_closed:
        raise ApplicationError(_("测评已结束,测评码已全部失效,无需作废。"))
    if not reason.strip():
        raise _invalid("reason", _("请填写作废原因。"))
    codes = BallotCode.objects.select_related("batch").filter(evaluation=evaluation)
    if code.strip():
        typed = code_rules.normalize(code)
        found = codes.filter(code_hash=code_rules.code_hash(typed)).first() if code_rules.well_formed(typed) else None
        if found is None:
            raise _invalid("code", _("本测评没有这个测评码,请核对。"))
    elif batch_number is not None and serial is not None:
        found = codes.filter(batch__number=batch_number, serial=serial).first()
        if found is None:
            raise _invalid(
                "serial", _("找不到第%(batch)s批第%(serial)s号测评码。") % {"batch": batch_number, "serial": serial}
            )
    else:
        raise _invalid("code", _("请输入测评码,或填写批次号和序号。"))
    _void(found, actor=actor, reason=reason.strip())
    found.refresh_from_db()
    return found


@transaction.atomic
def code_batch_void(*, batch: CodeBatch, actor, reason: str) -> int:
    """Void every unused code of a batch (a sheet lost or not handed out). Returns how many were voided."""
    evaluation = batch.evaluation
    _require_manager(actor=actor, evaluation=evaluation)
    if evaluation.is_closed:
        raise ApplicationError(_("测评已结束,测评码已全部失效,无需作废。"))
    if not reason.strip():
        raise _invalid("reason", _("请填写作废原因。"))
    now = timezone.now()
    voided = BallotCode.objects.filter(batch=batch, state=BallotCode.State.ISSUED).update(
        state=BallotCode.State.VOIDED, voided_at=now, voided_by=actor
    )
    if not voided:
        raise _invalid("reason", _("该批次没有未使用的测评码。"))
    audit_log_record(
        actor=actor,
        action="ballots.batch.void",
        subject=batch,
        after={"voided": voided},
        reason=reason.strip(),
    )
    return voided
