from django.http import HttpResponse

from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_import(request):
    return HttpResponse("TODO")


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_template(request):
    return HttpResponse("TODO")
