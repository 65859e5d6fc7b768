from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exports import csv_response
from common.workdays import format_date, weekday_zh
from notices import selectors, services
from notices.forms import DeadlineFilterForm
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR

INBOX_PAGE_SIZE = 30
DEADLINE_PAGE_SIZE = 50


def inbox(request):
    unread = request.GET.get("unread") == "1"
    total, unread_count = selectors.inbox_counts(request.user)
    paginator = Paginator(selectors.inbox_for(request.user, unread=unread), INBOX_PAGE_SIZE)
    paginator.count = unread_count if unread else total  # counted above, with the bell's number
    page = paginator.get_page(request.GET.get("page"))
    # What the template shows of each notice, formatted here: the date filter and the url tag cost a page of 30
    # notices about a millisecond.
    for notice in page:
        notice.due_date_text = format_date(notice.due_date) if notice.due_date else ""  # type: ignore[attr-defined]  # for the template only
        notice.created_text = f"{timezone.localtime(notice.created_at):%Y-%m-%d %H:%M}"  # type: ignore[attr-defined]
        notice.mark_read_url = reverse("notices:mark_read", args=[notice.pk])  # type: ignore[attr-defined]
    return render(request, "notices/inbox.html", {"page": page, "unread": unread, "unread_notice_count": unread_count})


@require_POST
def mark_read(request, pk):
    """Marks the notice read and opens what it is about. Another person's notice does not exist here."""
    notice = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
    services.notice_mark_read(notice=notice, user=request.user)
    target = notice.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notices:inbox")


@require_POST
def mark_all_read(request):
    services.notice_mark_all_read(user=request.user)
    return redirect("notices:inbox")


def _deadlines(request):
    form = DeadlineFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {"kind": None, "unit": None}
    today = timezone.localdate()
    rows = selectors.deadline_rows(request.user, today=today, **filters)
    return form, rows, today


@role_required(ROLE_ADMIN, ROLE_HR)
def deadlines(request):
    form, rows, today = _deadlines(request)
    page = Paginator(rows, DEADLINE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notices/deadlines.html",
        {
            "form": form,
            "page": page,
            "total": len(rows),
            "overdue": sum(1 for r in rows if r.status == selectors.STATUS_OVERDUE),
            "query": query.urlencode(),
            # Replaces the navigation bar's warning: it also covers the due dates shown here.
            "calendar_warning": selectors.deadline_calendar_warning(rows, today),
        },
    )


@role_required(ROLE_ADMIN, ROLE_HR)
def deadlines_export(request):
    _form, rows, today = _deadlines(request)
    header = [_("期限类别"), _("事项"), _("单位"), _("截止日期"), _("星期"), _("剩余天数"), _("状态"), _("链接")]
    base = request.build_absolute_uri("/").rstrip("/")
    lines = (
        [
            r.kind_label,
            r.subject,
            r.unit_name,
            r.due_date,
            weekday_zh(r.due_date),
            r.days_left,
            r.status_label,
            f"{base}{r.url}" if r.url.startswith("/") else r.url,
        ]
        for r in rows
    )
    return csv_response(f"期限清单-{today:%Y%m%d}.csv", header, lines)
