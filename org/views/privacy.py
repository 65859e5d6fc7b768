"""我的信息 (个人信息保护法 art. 44–45: a person may know what is held about them): everything the system holds
about the signed-in cadre, why each part is held, and — if PRIVACY_SHOW_READERS is on — who read their records."""

from django.conf import settings
from django.shortcuts import render

from common.read_audit import reads_of_person, what_label
from org.permissions import role_required
from org.roles import ROLE_CADRE, get_roles
from org.views.pages import cadre_context


@role_required(ROLE_CADRE)
def my_info(request):
    cadre = get_roles(request.user).cadre
    assert cadre is not None  # role_required(ROLE_CADRE)
    context = cadre_context(request, cadre)
    context["account"] = request.user
    context["show_readers"] = settings.PRIVACY_SHOW_READERS
    if settings.PRIVACY_SHOW_READERS:
        readers = list(reads_of_person(cadre_id=cadre.pk, own_user_id=request.user.pk))
        for row in readers:
            row.view_label = what_label(row.view)
        context["readers"] = readers
    return render(request, "org/my_info.html", context)
