"""A new organization for a new installation: the organization, its root unit, and its first HR user (whole
organization), whose login is activated with a one-time code — no demo and no admin needed."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import refuse
from org.models import Organization, RoleAssignment, Unit
from org.services.accounts import IssuedCode, user_activation_issue
from org.services.records import role_assign
from org.services.scope import clean_name
from org.services.structure import organization_create, unit_create

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class OrganizationSetup:
    organization: Organization
    root: Unit
    hr_user: "User"
    activation: IssuedCode


@transaction.atomic
def organization_setup(
    *, code: str, name: str, hr_username: str, hr_full_name: str = "", actor=None
) -> OrganizationSetup:
    code = clean_name(code, "code", label=_("机构代码"), max_length=50)
    name = clean_name(name, "name", label=_("机构名称"))
    hr_username = clean_name(hr_username, "hr_username", label=_("组织人事用户名"), max_length=150)
    User = get_user_model()
    if User.objects.filter(username=hr_username).exists():
        refuse(_("用户名“%(u)s”已存在,请换一个。") % {"u": hr_username}, "hr_username")
    organization = organization_create(code=code, name=name, actor=actor)
    root = unit_create(organization=organization, name=name, kind=Unit.Kind.BUREAU, actor=actor)
    user = User(username=hr_username, first_name=(hr_full_name or "").strip()[:150])
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=organization, actor=actor)
    activation = user_activation_issue(user=user, actor=actor, reason=_("新建机构的首位组织人事用户"))
    return OrganizationSetup(organization=organization, root=root, hr_user=user, activation=activation)
