"""三员分立 (GB/T 22239-2019 8.1.4.2 d, 8.1.5.1–8.1.5.3) in the Django admin: what each of the three administrators may
do, model by model. Nothing else is granted; a model nobody lists here is the installer superuser's alone.

- 系统管理员 (system administrator): user accounts (not the administrators' own, nor anyone's roles), the catalogs
  (organizations, units, posts, bonus/deduction and veto items, waiting periods), the working-day calendar and the
  scheduled jobs. Never the audit trail.
- 安全管理员 (security administrator): who holds which role over which units, who is which administrator, API tokens,
  authenticators and login lockouts. Reads accounts and units only to pick them.
- 审计管理员 (audit administrator): reads the audit trail (changes, reads, sign-ins) and nothing else.
"""

from org.roles import ROLE_AUDITADMIN, ROLE_SECADMIN, ROLE_SYSADMIN

VIEW = frozenset({"view"})
EDIT = frozenset({"view", "add", "change"})
ALL = frozenset({"view", "add", "change", "delete"})

GRANTS: dict[str, dict[str, frozenset]] = {
    ROLE_SYSADMIN: {
        "auth.user": EDIT,
        "org.organization": EDIT,
        "org.unit": EDIT,
        "org.post": ALL,
        "common.calendarday": ALL,
        "assessments.pointitem": ALL,
        "assessments.vetoitem": ALL,
        "demotion.waitingperiodrule": ALL,
        "django_celery_beat.*": ALL,
    },
    ROLE_SECADMIN: {
        "org.roleassignment": ALL,
        "security.adminrole": ALL,
        "auth.user": VIEW,
        "org.organization": VIEW,
        "org.unit": VIEW,
        "knox.authtoken": frozenset({"view", "delete"}),
        "otp_totp.totpdevice": frozenset({"view", "delete"}),
        "security.recoverycodedevice": frozenset({"view", "delete"}),
        "axes.accessattempt": frozenset({"view", "delete"}),
    },
    ROLE_AUDITADMIN: {
        "common.auditlog": VIEW,
        "common.readlog": VIEW,
        "axes.accesslog": VIEW,
        "axes.accessfailurelog": VIEW,
    },
}


def granted(role: str | None, app_label: str, action: str, model: str) -> bool:
    grants = GRANTS.get(role or "", {})
    return action in grants.get(f"{app_label}.{model}", grants.get(f"{app_label}.*", frozenset()))


def granted_apps(role: str | None) -> set[str]:
    return {key.partition(".")[0] for key in GRANTS.get(role or "", {})}
