"""The cadre's own 年度考核登记表 work (`mine`): write the year's 个人总结 online up to the deadline HR set, and sign
the 本人意见 once the year's results are published."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.selectors import published
from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_CADRE, get_roles
from papers.forms import AcknowledgeForm, SummaryForm
from papers.models import PersonalSummary, SummaryDeadline
from papers.services.summaries import summary_acknowledge, summary_write


def _year(request, cadre) -> int:
    raw = request.GET.get("year", "") or request.POST.get("year", "")
    if raw.isdigit() and len(raw) == 4:
        return int(raw)
    latest = SummaryDeadline.objects.filter(organization_id=cadre.organization_id).order_by("-year").first()
    return latest.year if latest else timezone.localdate().year - 1


@role_required(ROLE_CADRE)
def mine(request):
    cadre = get_roles(request.user).cadre
    year = _year(request, cadre)
    summary = PersonalSummary.objects.filter(cadre=cadre, year=year).first()
    deadline = SummaryDeadline.objects.filter(organization_id=cadre.organization_id, year=year).first()
    state = published.publication_state(organization_id=cadre.organization_id, year=year)
    summary_form = SummaryForm(initial={"text": summary.text if summary else ""})
    acknowledge_form = AcknowledgeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "summary":
                summary_form = SummaryForm(request.POST)
                if summary_form.is_valid():
                    summary_write(actor=request.user, cadre=cadre, year=year, text=summary_form.cleaned_data["text"])
                    messages.success(request, _("个人总结已保存。"))
                    return redirect(f"{request.path}?year={year}")
            elif action == "acknowledge":
                acknowledge_form = AcknowledgeForm(request.POST)
                if acknowledge_form.is_valid():
                    summary_acknowledge(
                        actor=request.user, cadre=cadre, year=year, opinion=acknowledge_form.cleaned_data["opinion"]
                    )
                    messages.success(request, _("本人意见已签署。"))
                    return redirect(f"{request.path}?year={year}")
            else:
                messages.error(request, _("无效的操作。"))
        except ApplicationError as error:
            add_error_to_form(summary_form if action == "summary" else acknowledge_form, error)
    today = timezone.localdate()
    context = {
        "year": year,
        "summary": summary,
        "deadline": deadline,
        "open": deadline is not None and today <= deadline.deadline,
        "on_paper": bool(summary and summary.source == PersonalSummary.Source.PAPER),
        "published": state.published,
        "summary_form": summary_form,
        "acknowledge_form": acknowledge_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "papers/mine.html", context, status=status)
