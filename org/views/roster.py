"""HR pages of the roster import: upload → preview (or the rows in error) → confirm → result."""

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.jobs.selectors import job_list
from common.models import BackgroundJob
from org import roster
from org.models import Appointment, Organization
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.roster.columns import GENDER_LABELS
from org.roster.jobs import roster_job_create
from org.roster.plan import NEW
from org.roster.reading import SUPPORTED_EXTENSIONS, file_extension
from org.roster.uploads import upload_delete, upload_load, upload_save

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PENDING_KEY = "roster_import_pending"
MAX_LISTED = 200  # rows listed per section of the preview; the counts are always complete
MAX_ISSUES_LISTED = 1000


class RosterUploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("机构"), queryset=Organization.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("考核年度"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=gettext_lazy("花名册文件"), help_text=gettext_lazy("xlsx 或 csv 文件,表头与模板一致。")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = roster.roster_organizations(user=user)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if file_extension(upload.name) not in SUPPORTED_EXTENSIONS:
            raise forms.ValidationError(_("仅支持 .xlsx 和 .csv 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 %(size)d MB。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


def _section(title: str, columns: list[str], rows: list, total: int | None = None) -> dict:
    total = len(rows) if total is None else total
    return {
        "title": title,
        "columns": columns,
        "rows": rows[:MAX_LISTED],
        "total": total,
        "more": max(total - MAX_LISTED, 0),
    }


def _sections(plan: roster.RosterPlan) -> list[dict]:
    """The preview's tables, each cut to its first rows."""
    reassigned = Appointment.EndReason.REASSIGNED.label
    no, name = _("工号"), _("姓名")
    sections = [
        _section(
            _("新增干部"),
            [_("行号"), no, name, _("性别"), _("单位"), _("职级")],
            [
                [
                    op.row.number,
                    op.employee_no,
                    op.name,
                    GENDER_LABELS[op.row.gender],
                    op.node.label,
                    op.row.rank_grade or "—",
                ]
                for op in plan.new_cadres[:MAX_LISTED]
            ],
            len(plan.new_cadres),
        ),
        _section(
            _("更新干部"),
            [_("行号"), no, name, _("变更")],
            [
                [op.row.number, op.employee_no, op.name, ";".join(f"{c.label}:{c.old} → {c.new}" for c in op.changes)]
                for op in plan.updated_cadres[:MAX_LISTED]
            ],
            len(plan.updated_cadres),
        ),
        _section(_("新增单位"), [_("单位")], [[node.label] for node in plan.new_units]),
        _section(
            _("新增职务"),
            [_("职务"), _("职务类别"), _("职数")],
            [[ref.label, ref.kind_label, ref.headcount] for ref in plan.new_posts],
        ),
        _section(
            _("职数调整"),
            [_("职务"), _("原职数"), _("新职数")],
            [[change.post.label, change.old, change.new] for change in plan.headcounts],
        ),
        _section(
            _("新任职"),
            [_("行号"), no, name, _("职务"), _("任职日期")],
            [
                [op.row.number, op.row.employee_no, op.row.name, op.post.label, op.start_date.isoformat()]
                for op in plan.started[:MAX_LISTED]
            ],
            len(plan.started),
        ),
        _section(
            _("结束任职"),
            [_("行号"), no, name, _("原任职务"), _("原任职日期"), _("免职日期"), _("原因")],
            [
                [
                    op.row.number,
                    op.row.employee_no,
                    op.row.name,
                    op.post_label,
                    op.appointment.start_date.isoformat(),
                    op.end_date.isoformat(),
                    reassigned,
                ]
                for op in plan.ended[:MAX_LISTED]
            ],
            len(plan.ended),
        ),
        _section(_("新增考核组"), [_("年度"), _("考核组")], [[plan.year, g] for g in plan.new_groups]),
        _section(
            _("考核组变更"),
            [_("行号"), no, name, _("原考核组"), _("新考核组")],
            [
                [op.row.number, op.row.employee_no, op.row.name, op.old_group_name or "—", op.group_name]
                for op in plan.memberships[:MAX_LISTED]
            ],
            len(plan.memberships),
        ),
    ]
    sections.append(_section(_("新建登录账号"), [no], [[number] for number in plan.new_logins]))
    return [s for s in sections if s["total"]]


def _plan_context(plan: roster.RosterPlan) -> dict:
    issues = plan.sorted_issues()
    return {
        "plan": plan,
        "issues": issues[:MAX_ISSUES_LISTED],
        "issue_count": len(issues),
        "more_issues": max(len(issues) - MAX_ISSUES_LISTED, 0),
        "sections": _sections(plan) if plan.is_valid else [],
        "near_duplicates": plan.near_duplicates if plan.is_valid else [],
    }


def _name_choices(request, plan: roster.RosterPlan) -> dict[str, str]:
    """HR's answers about the plan's new names close to existing ones: only answers the preview offered."""
    choices = {}
    for near in plan.near_duplicates:
        value = request.POST.get(f"choice:{near.key}", "")
        if value == NEW or value in {str(pk) for pk, _label in near.candidates}:
            choices[near.key] = value
    return choices


def _pending(request) -> dict:
    return request.session.get(PENDING_KEY, {})


def _remember(request, token: str, entry: dict) -> None:
    pending = _pending(request)
    pending[token] = entry
    request.session[PENDING_KEY] = pending


def _forget(request, token: str, entry: dict) -> None:
    pending = _pending(request)
    pending.pop(token, None)
    request.session[PENDING_KEY] = pending
    upload_delete(token=token, extension=entry["extension"])


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_import(request):
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    organizations = cast(forms.ModelChoiceField, form.fields["organization"]).queryset
    assert organizations is not None  # the form sets the user's organizations
    if not form.is_bound and len(organizations) == 1:
        form.fields["organization"].initial = organizations[0].pk
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        organization, year = form.cleaned_data["organization"], form.cleaned_data["year"]
        upload = form.cleaned_data["file"]
        scope = roster.roster_scope(user=request.user, organization=organization)
        if scope is None:
            raise PermissionDenied
        content = upload.read()
        plan = roster.roster_preview(
            organization=organization, year=year, content=content, file_name=upload.name, scope=scope
        )
        context.update(_plan_context(plan))
        if plan.is_valid and plan.has_changes:
            extension = file_extension(upload.name)
            token = upload_save(content=content, extension=extension)
            _remember(
                request,
                token,
                {
                    "organization": organization.pk,
                    "year": year,
                    "file_name": upload.name,
                    "extension": extension,
                    "fingerprint": plan.fingerprint,
                },
            )
            context["token"] = token
    return render(request, "org/roster_import.html", context)


def _confirm(request):
    """Check the file again against the data as it is now; when it still plans the previewed changes, hand the
    import to a background job and follow it on its own page."""
    token = request.POST.get("token", "")
    entry = _pending(request).get(token)
    content = upload_load(token=token, extension=entry["extension"]) if entry else None
    organization = Organization.objects.filter(pk=entry["organization"]).first() if entry else None
    if entry is None or content is None or organization is None:
        messages.error(request, _("该导入预览已失效,请重新上传花名册。"))
        return redirect("org:roster_import")
    scope = roster.roster_scope(user=request.user, organization=organization)
    if scope is None:
        raise PermissionDenied
    form = RosterUploadForm(initial={"organization": organization.pk, "year": entry["year"]}, user=request.user)
    context: dict[str, object] = {"form": form}
    plan = roster.roster_preview(
        organization=organization, year=entry["year"], content=content, file_name=entry["file_name"], scope=scope
    )
    if not plan.is_valid:
        _forget(request, token, entry)
        context.update(_plan_context(plan))
        context["notice"] = _("确认时重新校验发现错误,未导入任何数据。")
        return render(request, "org/roster_import.html", context)
    if plan.fingerprint == entry["fingerprint"] and plan.near_duplicates:
        # The preview asked about new names close to existing ones: the import goes ahead with HR's answers.
        choices = _name_choices(request, plan)
        if len(choices) < len(plan.near_duplicates):
            context.update(_plan_context(plan))
            context["notice"] = _("请为每个与已有名称相近的新名称作出选择:使用已有的,或新建。")
            context["token"] = token
            return render(request, "org/roster_import.html", context)
        plan = roster.roster_preview(
            organization=organization,
            year=entry["year"],
            content=content,
            file_name=entry["file_name"],
            scope=scope,
            name_choices=choices,
        )
        if not plan.is_valid:
            _forget(request, token, entry)
            context.update(_plan_context(plan))
            context["notice"] = _("按所作选择重新校验发现错误,未导入任何数据。")
            return render(request, "org/roster_import.html", context)
        return _start_job(request, token=token, entry=entry, plan=plan, organization=organization)
    if plan.fingerprint != entry["fingerprint"]:
        context.update(_plan_context(plan))
        context["notice"] = _("预览之后系统数据已发生变化,请核对新的导入预览后再确认。")
        if plan.has_changes:
            entry["fingerprint"] = plan.fingerprint
            _remember(request, token, entry)
            context["token"] = token
        else:
            _forget(request, token, entry)
        return render(request, "org/roster_import.html", context)
    return _start_job(request, token=token, entry=entry, plan=plan, organization=organization)


def _start_job(request, *, token: str, entry: dict, plan: roster.RosterPlan, organization):
    pending = _pending(request)
    pending.pop(token, None)  # the job owns the file from here on
    request.session[PENDING_KEY] = pending
    job = roster_job_create(
        organization=organization,
        year=entry["year"],
        file_name=entry["file_name"],
        token=token,
        extension=entry["extension"],
        fingerprint=plan.fingerprint,
        user=request.user,
        name_choices=plan.choices,
    )
    return redirect("org:roster_job", pk=job.pk)


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_job(request, pk):
    """The job's progress; the page polls itself (htmx) until the job has finished."""
    job = get_object_or_404(job_list(user=request.user, kinds=(BackgroundJob.Kind.ROSTER_IMPORT,)), pk=pk)
    template = "org/_roster_job_status.html" if request.htmx else "org/roster_job.html"
    return render(request, template, {"job": job})


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_template(request):
    response = HttpResponse(roster.roster_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _("干部花名册模板.xlsx"))
    return response
