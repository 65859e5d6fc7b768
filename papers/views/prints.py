"""The papers page and its downloads, for HR and the party committee (the admin all), each scoped to the user's units:

- `index`: a year's print buttons — the 年度考核登记表 of a group, of a unit or of one cadre, and the meeting pack —
  with each cadre's summary state; organization-wide HR set the summary deadline, HR of the cadre's units file a
  paper summary.
- `forms_pdf` (`?org=&year=` and one of `group=`, `unit=`, `cadre=`), `pack_pdf` (`?org=&year=`): the PDFs, each
  print recorded in the audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assessments.selectors import published
from common.errors import ApplicationError
from org.models import AssessmentGroup
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from org.selectors import cadres_in_scope, organization_list, organization_wide_hr, unit_list
from papers.forms import DeadlineForm, PaperForm
from papers.models import PersonalSummary
from papers.selectors.forms import cadres_under, registration_forms, summary_deadline
from papers.selectors.pack import meeting_pack
from papers.services.printing import forms_print, pack_print
from papers.services.summaries import summary_deadline_set, summary_paper_upload

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
PDF = "application/pdf"


def _organization_and_year(request):
    organizations = organization_list(user=request.user).order_by("pk")
    raw = request.GET.get("org", "")
    organization = organizations.filter(pk=int(raw)).first() if raw.isdigit() else organizations.first()
    if organization is None:
        raise Http404
    raw_year = request.GET.get("year", "")
    if raw_year.isdigit() and len(raw_year) == 4:
        year = int(raw_year)
    else:
        years = published.published_years(organization_id=organization.pk)
        year = years[0] if years else None
    return organization, year


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


@role_required(*STAFF)
@require_safe
def index(request):
    organization, year = _organization_and_year(request)
    context = {"organization": organization, "organizations": organization_list(user=request.user), "year": year}
    if year is not None:
        cadres = cadres_in_scope(user=request.user).filter(organization=organization)
        forms = registration_forms(organization=organization, year=year, cadres=cadres)
        summaries = {
            s.cadre_id: s for s in PersonalSummary.objects.filter(year=year, cadre_id__in=[f.cadre_id for f in forms])
        }
        writable = set(cadres_in_scope(user=request.user, roles=(ROLE_HR,)).values_list("pk", flat=True))
        context.update(
            rows=[(f, summaries.get(f.cadre_id), f.cadre_id in writable) for f in forms],
            groups=AssessmentGroup.objects.filter(organization=organization, year=year).order_by("name"),
            units=unit_list(user=request.user).filter(organization=organization),
            deadline=summary_deadline(organization_id=organization.pk, year=year),
            can_set_deadline=organization_wide_hr(request.user, organization.pk),
            years=published.published_years(organization_id=organization.pk),
            deadline_form=DeadlineForm(initial={"year": year}),
        )
    return render(request, "papers/index.html", context)


@role_required(*STAFF)
@require_safe
def forms_pdf(request):
    organization, year = _organization_and_year(request)
    if year is None:
        raise Http404
    cadres = cadres_in_scope(user=request.user).filter(organization=organization)
    group_id, scope, name = None, "organization", organization.name
    if request.GET.get("cadre", "").isdigit():
        cadre = get_object_or_404(cadres, pk=int(request.GET["cadre"]))
        cadres, scope, name = cadres.filter(pk=cadre.pk), f"cadre:{cadre.pk}", cadre.name
    elif request.GET.get("group", "").isdigit():
        group = get_object_or_404(AssessmentGroup, organization=organization, year=year, pk=int(request.GET["group"]))
        group_id, scope, name = group.pk, f"group:{group.pk}", group.name
    elif request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(unit_list(user=request.user), organization=organization, pk=int(request.GET["unit"]))
        cadres, scope, name = cadres_under(cadres, unit), f"unit:{unit.pk}", unit.name
    forms = registration_forms(organization=organization, year=year, cadres=cadres, group_id=group_id)
    content = forms_print(actor=request.user, organization=organization, year=year, forms=forms, scope=scope)
    return _pdf(content, _("%(year)d年度考核登记表-%(name)s.pdf") % {"year": year, "name": name})


@role_required(*STAFF)
@require_safe
def pack_pdf(request):
    organization, year = _organization_and_year(request)
    if year is None:
        raise Http404
    cadres = cadres_in_scope(user=request.user).filter(organization=organization)
    pack = meeting_pack(organization=organization, year=year, cadres=cadres)
    content = pack_print(actor=request.user, pack=pack, scope="organization")
    return _pdf(content, _("%(org)s%(year)d年度党组会议材料.pdf") % {"org": organization.name, "year": year})


def _back(organization, year):
    return redirect(f"{reverse('papers:index')}?org={organization.pk}&year={year}")


@role_required(ROLE_ADMIN, ROLE_HR)
@require_POST
def deadline_set(request):
    organization, _year = _organization_and_year(request)
    if not organization_wide_hr(request.user, organization.pk):
        raise PermissionDenied
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}:{error}" if field in form.fields else error)
        return _back(organization, _year or "")
    year = form.cleaned_data["year"]
    try:
        summary_deadline_set(
            actor=request.user, organization=organization, year=year, deadline=form.cleaned_data["deadline"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已设置%(year)d年度个人总结截止日期。") % {"year": year})
    return _back(organization, year)


@role_required(ROLE_ADMIN, ROLE_HR)
@require_POST
def paper_upload(request, pk):
    cadre = get_object_or_404(cadres_in_scope(user=request.user, roles=(ROLE_HR,)), pk=pk)
    form = PaperForm(request.POST, request.FILES)
    year = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            summary_paper_upload(actor=request.user, cadre=cadre, year=year, upload=form.cleaned_data["paper"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已上传%(name)s的纸质个人总结。") % {"name": cadre.name})
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}:{error}" if field in form.fields else error)
    return _back(cadre.organization, year or request.POST.get("year", ""))
