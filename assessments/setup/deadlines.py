"""Wiring of the year's dates counted in working days, so that entering a year's calendar (日历调整) counts them
again (notices.recompute): the end of the 优秀 candidates' 公示 (five working days; HR is told of a later end and
publication waits for it) and the cadre's appeal window of an approved deduction or veto (counted at each read; the
day the cadre was told is kept). Neither is chased by reminders."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, register
from org.models import RoleAssignment

POSTING_END = "assessments.posting_end"
APPEAL_DEDUCTION = "assessments.appeal_deduction"
APPEAL_VETO = "assessments.appeal_veto"


def _postings():
    from assessments.models import Publication

    return Publication.objects.filter(state=Publication.State.POSTED, posting_ends_on__isnull=False).select_related(
        "organization", "run"
    )


def _posting_recompute(publication):
    from assessments.services.publication import posting_end

    return posting_end(publication.posted_on)


def _posting_move(publication, old, new) -> bool:
    from assessments.models import Publication

    # Guarded: only a posting still running, of the run and the end it was read with. Lengthened, never shortened.
    return bool(
        Publication.objects.filter(
            pk=publication.pk, state=Publication.State.POSTED, run_id=publication.run_id, posting_ends_on=old
        ).update(posting_ends_on=new)
    )


def _organization_hr(publication):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=RoleAssignment.Role.HR,
            role_assignments__organization_id=publication.organization_id,
            role_assignments__unit__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def _posting_describe(publication):
    return (
        _("%(year)s年度优秀人选公示") % {"year": publication.year},
        _("公示期满后方可公布考核结果。"),
        reverse("assessments:results_settle", args=[publication.run_id]),
    )


POSTING = DeadlineKind(
    code=POSTING_END,
    label=gettext_lazy("优秀人选公示期"),
    queryset=_postings,
    due_date=lambda publication: publication.posting_ends_on,
    recipients=_organization_hr,
    describe=_posting_describe,
    reminders=(),
    milestone=True,
    scanned=False,
    recompute=_posting_recompute,
    move=_posting_move,
)


def _appeal_kind(code: str, label, target: str, model_name: str) -> DeadlineKind:
    def model():
        from assessments import models

        return getattr(models, model_name)

    def queryset():
        from assessments.selectors.appeals import open_appeal_entries

        return open_appeal_entries(model())

    def due_date(entry):
        from assessments.selectors.appeals import _entry_deadline_for

        return _entry_deadline_for(entry)

    def recompute(entry):
        from assessments.selectors.appeals import _entry_count_for

        return _entry_count_for(entry)

    def keep(entry, day) -> bool:
        from django.db.models import Q

        # Guarded: the day kept only grows.
        return bool(
            model()
            .objects.filter(Q(appeal_deadline_told__isnull=True) | Q(appeal_deadline_told__lt=day), pk=entry.pk)
            .update(appeal_deadline_told=day)
        )

    def describe(entry):
        from assessments.selectors.appeals import appeal_subject_label

        return (
            appeal_subject_label(target=target, entry=entry, year=entry.year),
            _("如对该记录有异议,可在期限内提出申诉。"),
            reverse("assessments:appeal_create"),
        )

    return DeadlineKind(
        code=code,
        label=label,
        queryset=queryset,
        due_date=due_date,
        recipients=lambda entry: [entry.cadre.user],
        describe=describe,
        reminders=(),
        unit_of=lambda entry: entry.cadre.unit,
        unit_field="cadre__unit",
        scanned=False,
        live=True,
        recompute=recompute,
        move=lambda entry, old, new: keep(entry, new),
        hold=keep,
    )


def ready() -> None:
    from assessments.models import Appeal

    register(POSTING)
    register(_appeal_kind(APPEAL_DEDUCTION, gettext_lazy("扣分申诉期限"), Appeal.Target.DEDUCTION, "PointEntry"))
    register(_appeal_kind(APPEAL_VETO, gettext_lazy("一票否决申诉期限"), Appeal.Target.VETO, "VetoEntry"))
