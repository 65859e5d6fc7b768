"""Carrying out a roster import: every change through the org services, all in one transaction or none."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from org import services
from org.models import Appointment, Organization, Unit
from org.roster.issues import RosterChanged, RosterInvalid
from org.roster.plan import RosterPlan
from org.roster.planning import roster_plan
from org.roster.reading import roster_read
from org.roster.scope import RosterScope


def roster_preview(
    *,
    organization: Organization,
    year: int,
    content: bytes,
    file_name: str,
    scope: RosterScope,
    name_choices: dict[str, str] | None = None,
) -> RosterPlan:
    """Read and check the file and plan its changes; writes nothing. A bad file gives a plan with issues.
    `name_choices`: HR's answers about new names close to existing ones (org.roster.names)."""
    try:
        sheet = roster_read(content=content, file_name=file_name)
    except RosterInvalid as exc:
        return RosterPlan(organization=organization, year=year, file_name=file_name, issues=list(exc.issues))
    return roster_plan(organization=organization, year=year, sheet=sheet, scope=scope, choices=name_choices)


@transaction.atomic
def roster_import(
    *,
    organization: Organization,
    year: int,
    content: bytes,
    file_name: str,
    scope: RosterScope,
    actor=None,
    dry_run: bool = False,
    expected_fingerprint: str | None = None,
    name_choices: dict[str, str] | None = None,
    previewed_fingerprint: str | None = None,
) -> RosterPlan:
    """Check the file again against the data as it is now and, when every row is good, apply it.

    Raises RosterInvalid (nothing written) when any row is bad, and RosterChanged when the changes are no longer
    those of the preview whose fingerprint is given: `expected_fingerprint` that of the plan made with
    `name_choices`, `previewed_fingerprint` that of the plan HR saw before answering them.
    """
    # One import at a time per organization (a row lock where the database has them), so that two imports cannot
    # both plan against the same state.
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()
    sheet = roster_read(content=content, file_name=file_name)
    if previewed_fingerprint is not None:
        previewed = roster_plan(organization=organization, year=year, sheet=sheet, scope=scope)
        if previewed.issues:
            raise RosterInvalid(previewed.sorted_issues(), plan=previewed)
        if previewed.fingerprint != previewed_fingerprint:
            raise RosterChanged(previewed)
        if not name_choices:
            plan = previewed
    if previewed_fingerprint is None or name_choices:
        plan = roster_plan(organization=organization, year=year, sheet=sheet, scope=scope, choices=name_choices)
    if plan.issues:
        raise RosterInvalid(plan.sorted_issues(), plan=plan)
    if expected_fingerprint is not None and plan.fingerprint != expected_fingerprint:
        raise RosterChanged(plan)
    if not dry_run and plan.has_changes:
        _apply(plan, actor=actor)
    return plan


def _apply(plan: RosterPlan, *, actor) -> None:
    organization = plan.organization
    reason = _("花名册导入:%(file)s") % {"file": plan.file_name}

    units: dict[int, Unit] = {}

    def unit_of(node) -> Unit:
        return node.unit if node.unit is not None else units[id(node)]

    for node in plan.new_units:
        units[id(node)] = services.unit_create(
            organization=organization,
            name=node.name,
            parent=unit_of(node.parent) if node.parent else None,
            kind=Unit.Kind.OFFICE if node.parent else Unit.Kind.BUREAU,
            actor=actor,
        )

    groups = dict(plan.groups)
    for name in plan.new_groups:
        groups[name] = services.group_create(organization=organization, year=plan.year, name=name, actor=actor)

    for ref in plan.new_posts:
        ref.post = services.post_create(
            unit=unit_of(ref.node),
            name=ref.name,
            kind=ref.kind,
            is_leadership=ref.is_leadership,
            headcount=ref.headcount,
            actor=actor,
        )
    for change in plan.headcounts:
        assert change.post.post is not None  # a headcount changes on an existing post only
        services.post_update_headcount(post=change.post.post, headcount=change.new, actor=actor, reason=reason)

    # The many-row steps go through the bulk services, so that a roster of thousands of cadres is applied in
    # seconds; every record still gets its own audit row.
    created = services.cadre_bulk_create(
        organization=organization,
        cadres=[
            {
                "employee_no": op.row.employee_no,
                "unit": unit_of(op.node),
                "name": op.row.name,
                "gender": op.row.gender,
                "birth_date": op.row.birth_date,
                "rank_grade": op.row.rank_grade,
            }
            for op in plan.new_cadres
        ],
        actor=actor,
    )
    cadres = {c.employee_no: c for c in created}
    for op in plan.updated_cadres:
        values = {change.field: getattr(op.row, change.field, None) for change in op.changes}
        if "unit" in values:
            values["unit"] = unit_of(op.node)
        assert op.cadre is not None  # an update is of a cadre on record
        services.cadre_update(cadre=op.cadre, actor=actor, reason=reason, **values)

    def cadre_of(op):
        return op.cadre if op.cadre is not None else cadres[op.row.employee_no]

    if plan.ended:
        services.appointment_bulk_end(
            appointments=[end.appointment for end in plan.ended],
            end_date_of={end.appointment.pk: end.end_date for end in plan.ended},
            end_reason=Appointment.EndReason.REASSIGNED,
            actor=actor,
            reason=reason,
        )
    services.appointment_bulk_start(
        appointments=[
            {"cadre": cadre_of(start), "post": start.post.post, "start_date": start.start_date}
            for start in plan.started
        ],
        actor=actor,
        reason=reason,
    )
    if plan.new_logins:
        wanted = set(plan.new_logins)
        new = [c for c in created if c.employee_no in wanted]
        services.cadre_account_ensure(cadres=[*new, *plan.login_cadres], actor=actor, reason=reason)

    by_group: dict[str, list] = {}
    for membership in plan.memberships:
        by_group.setdefault(membership.group_name, []).append(cadre_of(membership))
    for name, members in by_group.items():
        services.group_member_bulk_set(group=groups[name], cadres=members, actor=actor, reason=reason)

    audit_log_record(
        actor=actor,
        action="org.roster.import",
        subject=organization,
        reason=reason,
        after={
            "file": plan.file_name,
            "sheet": plan.sheet_name,
            "year": plan.year,
            "rows": plan.row_count,
            **plan.counts(),
        },
    )
