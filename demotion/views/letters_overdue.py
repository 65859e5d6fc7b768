"""The ways on for an overdue commitment letter, from its page: HR over the cadre records the paper-signed letter
with its scan, sends a reminder (催办, once a day), or refers it to the party committee. The scan is served only to
those who may open the letter. The rules are in demotion.services.letters_overdue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.errors import ApplicationError, add_error_to_form
from demotion.forms.letters import LetterEscalateForm, PaperLetterForm
from demotion.selectors import letters as selectors
from demotion.services.letters_overdue import (
    commitment_letter_escalate,
    commitment_letter_record_paper,
    commitment_letter_remind,
    scan_filename,
)
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR

EVERYONE = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE, ROLE_CADRE)


def may_act(user, letter) -> bool:
    return selectors.hr_users_covering(letter.cadre.unit).filter(pk=user.pk).exists()


def overdue_forms(data=None, files=None, action: str = "") -> dict:
    """The forms of the overdue-letter card; the one posted bound."""
    return {
        "paper": PaperLetterForm(data if action == "paper" else None, files if action == "paper" else None),
        "escalate": LetterEscalateForm(data if action == "escalate" else None),
    }


DONE = {
    "paper": gettext_lazy("已登记纸质签署的承诺书。"),
    "remind": gettext_lazy("已催办,承诺人将收到通知。"),
    "escalate": gettext_lazy("已提交党组研究。"),
}


@require_POST
@role_required(ROLE_HR)
def letter_overdue_action(request, pk):
    letter = get_object_or_404(selectors.letter_list(user=request.user), pk=pk)
    if not may_act(request.user, letter):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in DONE:
        raise Http404
    forms = overdue_forms(request.POST, request.FILES, action)
    form = forms.get(action)
    error = None
    if form is None or form.is_valid():
        try:
            if action == "paper":
                data = form.cleaned_data
                commitment_letter_record_paper(
                    letter=letter, actor=request.user, signed_on=data["signed_on"], scan=data["scan"]
                )
            elif action == "remind":
                commitment_letter_remind(letter=letter, actor=request.user)
            else:
                commitment_letter_escalate(letter=letter, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as e:
            if form is None:
                error = e.message
            else:
                add_error_to_form(form, e)
        else:
            messages.success(request, DONE[action])
            return redirect("demotion:letter_detail", pk=letter.pk)
    from demotion.views.letters import detail_context

    context = detail_context(request, selectors.letter_visible(user=request.user).get(pk=letter.pk))
    context["overdue_forms"] = forms
    context["overdue_error"] = error
    return render(request, "demotion/letter_detail.html", context)


@role_required(*EVERYONE)
def letter_scan(request, pk):
    letter = get_object_or_404(selectors.letter_visible(user=request.user), pk=pk)
    if not letter.paper_scan:
        raise Http404
    return FileResponse(letter.paper_scan.open("rb"), as_attachment=True, filename=scan_filename(letter))


urlpatterns = [
    path("letters/<int:pk>/overdue/", letter_overdue_action, name="letter_overdue_action"),
    path("letters/<int:pk>/scan/", letter_scan, name="letter_scan"),
]
