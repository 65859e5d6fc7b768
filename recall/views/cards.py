"""Pages of the yellow and red cards: HR and the committee list the cards of their units with the warnings (cadres one
yellow card from a red one); HR records a card; the committee approves or rejects it; the cadre sees their own."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR
from org.selectors import cadres_in_scope
from recall.forms.cards import CardDecisionForm, CardForm, CardRejectForm
from recall.models import Card
from recall.rules import is_committee_of, is_own
from recall.selectors.cards import card_list, own_cards, red_card_warnings, staff_cards
from recall.services.cards import card_approve, card_record, card_reject

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HR = (ROLE_ADMIN, ROLE_HR)
PAGE_SIZE = 50


@role_required(*STAFF)
def card_list_page(request):
    qs = staff_cards(user=request.user)
    chosen = {k: request.GET.get(k, "").strip() for k in ("color", "state")}
    if chosen["color"] in Card.Color.values:
        qs = qs.filter(color=chosen["color"])
    if chosen["state"] in Card.State.values:
        qs = qs.filter(state=chosen["state"])
    context = {
        "page": Paginator(qs.order_by("-issued_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page")),
        "chosen": chosen,
        "colors": Card.Color.choices,
        "card_states": Card.State.choices,
        "warnings": red_card_warnings(user=request.user, today=timezone.localdate()),
    }
    return render(request, "recall/card_list.html", context)


@role_required(*HR)
def card_create(request):
    cadres = cadres_in_scope(user=request.user, roles=(ROLE_HR,))
    form = CardForm(request.POST or None, request.FILES or None, cadres=cadres, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            card = card_record(
                cadre=data["cadre"],
                color=data["color"],
                source=data["source"],
                issued_on=data["issued_on"],
                reason=data["reason"],
                evidence_file=data["evidence_file"],
                evidence_note=data["evidence_note"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("已登记,等待党组审定。"))
            return redirect("recall:card_detail", pk=card.pk)
    return render(request, "recall/card_form.html", {"form": form})


@role_required(*STAFF, ROLE_CADRE)
def card_detail(request, pk):
    card = get_object_or_404(card_list(user=request.user), pk=pk)
    deciding = is_committee_of(request.user, card.cadre) and not is_own(request.user, card.cadre)
    forms = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("approve", "reject"):
            return HttpResponseBadRequest(_("未知的操作。"))
        if not deciding:
            raise PermissionDenied
        form = (CardDecisionForm if action == "approve" else CardRejectForm)(request.POST)
        forms[action] = form
        if form.is_valid():
            service = card_approve if action == "approve" else card_reject
            try:
                service(card=card, actor=request.user, reason=form.cleaned_data["reason"])
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("已审定。") if action == "approve" else _("已作出不予认定的决定。"))
                return redirect("recall:card_detail", pk=card.pk)
        card = get_object_or_404(card_list(user=request.user), pk=pk)
    if deciding and card.state == Card.State.PENDING:
        forms.setdefault("approve", CardDecisionForm())
        forms.setdefault("reject", CardRejectForm())
    context = {
        "card": card,
        "forms": forms,
        "yellows": list(card.yellows.order_by("issued_on")) if card.color == Card.Color.RED else [],
        "cases": list(card.recall_cases.all()),
        "audit": audit_log_for(card)[:50],
    }
    return render(request, "recall/card_detail.html", context)


@role_required(*STAFF, ROLE_CADRE)
def card_evidence(request, pk):
    """The evidence file, for whoever may open the card (never a public media URL)."""
    card = get_object_or_404(card_list(user=request.user), pk=pk)
    if not card.evidence_file:
        raise Http404
    name = card.evidence_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(card.evidence_file.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@role_required(ROLE_CADRE)
def my_cards(request):
    return render(request, "recall/card_mine.html", {"cards": list(own_cards(user=request.user))})


urlpatterns = [
    path("cards/", card_list_page, name="card_list"),
    path("cards/new/", card_create, name="card_create"),
    path("cards/mine/", my_cards, name="my_cards"),
    path("cards/<int:pk>/", card_detail, name="card_detail"),
    path("cards/<int:pk>/evidence/", card_evidence, name="card_evidence"),
]
