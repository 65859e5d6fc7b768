"""Pages of the codes: issuing a batch (the answer is the batch's file, the only copy of its codes), voiding a lost
code or a whole batch."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ballots.forms.codes import BatchVoidForm, IssueForm, VoidForm
from ballots.models import CodeBatch
from ballots.selectors import evaluations as selectors
from ballots.services.codes import code_batch_issue, code_batch_void, code_void
from ballots.slips import batch_response
from ballots.views.evaluations import WRITERS, vote_url
from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required


@never_cache
@role_required(*WRITERS)
def codes_issue(request, pk):
    evaluation = get_object_or_404(selectors.manageable_evaluations(user=request.user), pk=pk)
    units = selectors.units_under(evaluation.unit)
    categories = evaluation.categories.all()
    if request.method == "POST":
        form = IssueForm(request.POST, units=units, categories=categories)
        if form.is_valid():
            try:
                issued = code_batch_issue(evaluation=evaluation, actor=request.user, **form.cleaned_data)
            except ApplicationError as e:
                add_error_to_form(form, e)
            else:
                return batch_response(
                    evaluation=evaluation,
                    batch=issued.batch,
                    codes=issued.codes,
                    vote_url=vote_url(request, evaluation),
                )
    else:
        form = IssueForm(initial={"unit": evaluation.unit_id}, units=units, categories=categories)
    return render(request, "ballots/codes_issue.html", {"evaluation": evaluation, "form": form})


@require_POST
@role_required(*WRITERS)
def code_void_step(request, pk):
    evaluation = get_object_or_404(selectors.manageable_evaluations(user=request.user), pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            voided = code_void(evaluation=evaluation, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("已作废测评码 %(serial)s。") % {"serial": voided})
            return redirect("ballots:evaluation_detail", pk=pk)
    return render(request, "ballots/code_void.html", {"evaluation": evaluation, "form": form})


@require_POST
@role_required(*WRITERS)
def batch_void_step(request, pk):
    evaluations = selectors.manageable_evaluations(user=request.user)
    batch = get_object_or_404(
        CodeBatch.objects.select_related("evaluation", "unit", "category"), pk=pk, evaluation__in=evaluations
    )
    form = BatchVoidForm(request.POST)
    if form.is_valid():
        try:
            voided = code_batch_void(batch=batch, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(
                request, _("已作废第%(n)s批未使用的测评码%(count)s个。") % {"n": batch.number, "count": voided}
            )
            return redirect("ballots:evaluation_detail", pk=batch.evaluation_id)
    context = {"evaluation": batch.evaluation, "batch": batch, "form": form}
    return render(request, "ballots/batch_void.html", context)


urlpatterns = [
    path("<int:pk>/codes/", codes_issue, name="codes_issue"),
    path("<int:pk>/codes/void/", code_void_step, name="code_void"),
    path("batches/<int:pk>/void/", batch_void_step, name="batch_void"),
]
