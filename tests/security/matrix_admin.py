"""三员分立 in the Django admin, written out by hand: which admin pages each of the three administrators opens. The
permission matrix (tests/test_permission_matrix.py) walks every admin page without arguments as each of them."""

BEAT = [
    "django_celery_beat_clockedschedule",
    "django_celery_beat_crontabschedule",
    "django_celery_beat_intervalschedule",
    "django_celery_beat_periodictask",
    "django_celery_beat_solarschedule",
]
CATALOGS = [
    "org_organization",
    "org_unit",
    "org_post",
    "common_calendarday",
    "assessments_pointitem",
    "assessments_vetoitem",
    "demotion_waitingperiodrule",
]

# persona -> (changelists it reads, add pages it opens)
OPENS = {
    # Accounts (but not the administrators'), the catalogs, the calendar, the scheduled jobs; no audit trail.
    "sysadmin": ({"auth_user", *CATALOGS, *BEAT}, {"auth_user", *CATALOGS, *BEAT}),
    # Roles and scopes, the administrators, tokens, second factors, lockouts; accounts and units only to pick them.
    "secadmin": (
        {
            "org_roleassignment",
            "security_adminrole",
            "auth_user",
            "org_organization",
            "org_unit",
            "knox_authtoken",
            "otp_totp_totpdevice",
            "security_recoverycodedevice",
            "axes_accessattempt",
        },
        {"org_roleassignment", "security_adminrole"},
    ),
    # The audit trail and the sign-in records, read only.
    "auditadmin": ({"common_auditlog", "common_readlog", "axes_accesslog", "axes_accessfailurelog"}, set()),
}

ALWAYS = {"admin:index", "admin:password_change", "admin:password_change_done", "admin:jsi18n"}


def admin_page_status(persona: str, url_name: str) -> int:
    if url_name in ALWAYS:
        return 200
    reads, adds = OPENS[persona]
    page = url_name.removeprefix("admin:")
    if page.endswith("_changelist"):
        return 200 if page.removesuffix("_changelist") in reads else 403
    if page.endswith("_add"):
        return 200 if page.removesuffix("_add") in adds else 403
    raise AssertionError(f"an admin page the matrix does not know: {url_name}")
