"""org's pages that show a person's records to someone else, for the audit of reads (common.read_audit)."""

from django.utils.translation import gettext_lazy as _

from common.read_audit import person_of, register, set_own_records_only
from org.roles import ROLE_CADRE, ROLE_RATER, get_roles


def _sees_only_own(user) -> bool:
    """A cadre (or a rater, whose lists are their own tasks) sees only their own records in a list."""
    return set(get_roles(user).names) <= {ROLE_CADRE, ROLE_RATER}


set_own_records_only(_sees_only_own)

CADRE = person_of("org.Cadre")

register("org:cadre_detail", _("干部详情"), person=CADRE)
register("org:cadre_list", _("干部名册"), listing=True)
register("org:unit_detail", _("单位干部名单"), listing=True)
register("org:group_detail", _("考核组成员"), listing=True)
register("org_api:cadre-detail", _("干部详情(接口)"), person=CADRE)
register("org_api:cadre-appointments", _("干部任职记录(接口)"), person=CADRE)
register("org_api:cadre-list", _("干部名册(接口)"), listing=True)
register("org_api:appointment-detail", _("任职记录(接口)"), person=person_of("org.Appointment", "cadre"))
register("org_api:appointment-list", _("任职记录列表(接口)"), listing=True)
register("org_api:sanction-detail", _("处分与组织处理(接口)"), person=person_of("org.SanctionRecord", "cadre"))
register("org_api:sanction-list", _("处分与组织处理列表(接口)"), listing=True)
register("org_api:group-members", _("考核组成员(接口)"), listing=True)
