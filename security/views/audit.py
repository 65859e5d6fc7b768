"""The audit administrator's page: the change and read trails, filtered by person, actor, action and date, with the
chains' heads to note down, and the export of what is shown. Opening it is itself a read, recorded like any other."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from common.audit_chain import CHAINS, chain_head, chain_model
from common.audit_display import action_label, audit_entries
from common.read_audit import registered, what_label
from org.permissions import role_required
from org.roles import ROLE_AUDITADMIN
from security.audit_exports import XLSX_MAX_ROWS, audit_export_response
from security.forms import AuditFilterForm
from security.selectors import audit_change_actions, audit_changes, audit_reads


def _rows(form: AuditFilterForm):
    kind = form.cleaned_data["kind"] if form.is_valid() else "changes"
    select = audit_changes if kind == "changes" else audit_reads
    return kind, select(**form.filters())


def _actions(kind: str) -> list[tuple[str, str]]:
    if kind == "reads":
        options = [(name, what_label(name)) for name in registered()]
    else:
        options = [(code, action_label(code)) for code in audit_change_actions()]
    return sorted(options, key=lambda option: option[1])


@role_required(ROLE_AUDITADMIN)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    kind, rows = _rows(form)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "kind": kind,
        "page": page,
        "actions": _actions(kind),
        "chosen_action": request.GET.get("action", ""),
        "heads": [(label, chain_model(label)._meta.verbose_name, *chain_head(chain_model(label))) for label in CHAINS],
        "xlsx_max_rows": XLSX_MAX_ROWS,
    }
    if kind == "changes":
        context["entries"] = audit_entries(page.object_list)
    else:
        for row in page.object_list:
            row.view_label = what_label(row.view)
    return render(request, "security/audit_log.html", context)


@role_required(ROLE_AUDITADMIN)
def audit_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    kind, rows = _rows(form)
    return audit_export_response(kind=kind, rows=rows, file_format=file_format)
