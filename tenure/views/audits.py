"""Pages of the economic responsibility audits (经济责任审计).

- `audit_list`: the audits of the cadres in one's units (a cadre: their own), by state;
- `audit_new`: HR plans an audit;
- `audit_detail`: the audit, its steps so far, and the next step's form for whoever may take it — HR for the audit
  group's steps, the audited cadre for the written reply to the draft.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from org.models import Appointment
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_HR
from org.selectors import writable_cadres
from tenure.access import hr_covers, is_own
from tenure.forms.audits import (
    AuditPlanForm,
    CancelForm,
    CloseForm,
    DraftForm,
    FieldworkForm,
    NotifyForm,
    RectifyForm,
    ReplyForm,
    ReportForm,
)
from tenure.models import EconomicAudit
from tenure.selectors.audits import audit_list as visible_audits
from tenure.selectors.audits import state_counts
from tenure.selectors.checks import audit_hold_reason
from tenure.services import audits as services
from tenure.views.base import STAFF_ROLES, submitted

State = EconomicAudit.State
PAGE_SIZE = 50


@role_required(*STAFF_ROLES, ROLE_CADRE)
def audit_list(request):
    scoped = visible_audits(user=request.user)
    state = request.GET.get("state", "")
    qs = scoped.filter(state=state) if state in State.values else scoped
    page = Paginator(qs.order_by("-period_to", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = state_counts(scoped)
    context = {
        "page": page,
        "state": state,
        "states": [(value, label, counts[value]) for value, label in State.choices],
        "total": sum(counts.values()),
        "can_plan": writable_cadres(user=request.user).exists(),
    }
    return render(request, "tenure/audit_list.html", context)


@role_required(ROLE_ADMIN, ROLE_HR)
def audit_new(request):
    cadres = writable_cadres(user=request.user).filter(left_on__isnull=True).order_by("employee_no")
    appointments = Appointment.objects.filter(cadre__in=cadres, post__kind__in=["principal", "deputy"]).select_related(
        "cadre", "post__unit"
    )
    form = AuditPlanForm(request.POST or None, cadres=cadres, appointments=appointments)
    done = submitted(
        request,
        form,
        write=lambda d: services.audit_plan(actor=request.user, **d),
        message=_("已列入经济责任审计计划。"),
        to=lambda audit: reverse("tenure:audit_detail", args=[audit.pk]),
    )
    return done or render(request, "tenure/audit_form.html", {"form": form, "title": _("列入经济责任审计计划")})


# step → (form, the states it is taken from, who: "hr" or "reply")
STEPS = {
    "notify": (NotifyForm, (State.PLANNED,), "hr"),
    "fieldwork": (FieldworkForm, (State.NOTIFIED,), "hr"),
    "draft": (DraftForm, (State.FIELDWORK,), "hr"),
    "reply": (ReplyForm, (State.DRAFT,), "reply"),
    "report": (ReportForm, (State.DRAFT,), "hr"),
    "rectify": (RectifyForm, (State.REPORTED,), "hr"),
    "close": (CloseForm, (State.REPORTED, State.RECTIFYING), "hr"),
    "cancel": (CancelForm, (State.PLANNED, State.NOTIFIED), "hr"),
}
WORDS = {
    "notify": _("已登记审计通知书送达。"),
    "fieldwork": _("已开始现场审计。"),
    "draft": _("已登记征求意见稿送达,被审计人书面意见期限已确定。"),
    "reply": _("已提交书面意见。"),
    "report": _("已登记审计报告。"),
    "rectify": _("已责令整改。"),
    "close": _("审计已办结。"),
    "cancel": _("审计已取消。"),
}


def _write(step, audit, user, data):
    if step == "notify":
        return services.audit_notify(audit=audit, actor=user, **data)
    if step == "fieldwork":
        return services.audit_fieldwork_start(audit=audit, actor=user, on=data["on"])
    if step == "draft":
        return services.audit_draft_send(audit=audit, actor=user, sent_on=data["sent_on"])
    if step == "reply":
        return services.audit_reply(audit=audit, actor=user, text=data["text"], replied_on=data.get("replied_on"))
    if step == "report":
        return services.audit_report(audit=audit, actor=user, **data)
    if step == "rectify":
        return services.audit_rectify(audit=audit, actor=user, due=data["due"])
    if step == "close":
        return services.audit_close(audit=audit, actor=user, closed_on=data["closed_on"], note=data["note"])
    return services.audit_cancel(audit=audit, actor=user, reason=data["reason"])


def _steps(user, audit) -> list[str]:
    hr, own = hr_covers(user, audit.cadre.unit), is_own(user, audit.cadre)
    steps = []
    for step, (_form, states, who) in STEPS.items():
        if audit.state not in states:
            continue
        if who == "reply" and audit.reply_on is None and (own or hr) or who == "hr" and hr and not own:
            steps.append(step)
    return steps


@role_required(*STAFF_ROLES, ROLE_CADRE)
def audit_detail(request, pk):
    audit = get_object_or_404(visible_audits(user=request.user), pk=pk)
    steps = _steps(request.user, audit)
    today = timezone.localdate()
    action = request.POST.get("action", "")
    forms = {}
    for step in steps:
        cls = STEPS[step][0]
        forms[step] = cls(request.POST if action == step else None, prefix=step, initial=_initial(step, today))
        if step == "reply" and is_own(request.user, audit.cadre):
            del forms[step].fields["replied_on"]  # the cadre's own reply is dated the day it is sent
    if request.method == "POST":
        if action not in forms:
            raise PermissionDenied
        done = submitted(
            request,
            forms[action],
            write=lambda data: _write(action, audit, request.user, data),
            message=WORDS[action],
            to=reverse("tenure:audit_detail", args=[audit.pk]),
        )
        if done:
            return done
    context = {
        "audit": audit,
        "forms": forms,
        "own": is_own(request.user, audit.cadre),
        "hold": audit_hold_reason(audit.cadre, today),
        "today": today,
        "audit_log": audit_log_for(audit)[:30],
    }
    return render(request, "tenure/audit_detail.html", context)


def _initial(step: str, today) -> dict:
    field = {"notify": "served_on", "fieldwork": "on", "draft": "sent_on", "report": "reported_on"}
    field |= {"close": "closed_on", "reply": "replied_on"}
    return {field[step]: today} if step in field else {}


urlpatterns = [
    path("audits/", audit_list, name="audit_list"),
    path("audits/new/", audit_new, name="audit_new"),
    path("audits/<int:pk>/", audit_detail, name="audit_detail"),
]
