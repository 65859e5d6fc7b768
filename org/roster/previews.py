"""The roster's preview as a background job (common.imports.preview_jobs): what the preview page shows of a plan —
its sections, the rows in error, the new names close to existing ones — as plain values a job keeps."""

from django.utils.translation import gettext as _

from common.imports.issues import file_issue
from common.imports.preview import section as _section
from common.imports.preview_jobs import plan_preview, previewer_register
from common.models import BackgroundJob
from org.models import Appointment
from org.roster import applying
from org.roster.columns import GENDER_LABELS
from org.roster.plan import RosterPlan
from org.roster.scope import roster_scope

IMPORT_KIND = "roster"
MAX_LISTED = 200  # rows listed per section of the preview; the counts are always complete


def roster_sections(plan: RosterPlan) -> list[dict]:
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


def roster_preview_result(plan: RosterPlan) -> dict:
    """What the preview page reads of the plan (JSON)."""
    preview = plan_preview(plan, sections=roster_sections(plan) if plan.is_valid else [], issues=plan.sorted_issues())
    preview["near_duplicates"] = [
        {
            "key": near.key,
            "kind_label": str(near.kind_label),
            "name": near.name,
            "where": near.where,
            "candidates": [[pk, label] for pk, label in near.candidates],
        }
        for near in (plan.near_duplicates if plan.is_valid else [])
    ]
    return preview


def roster_preview_job(job: BackgroundJob, content: bytes) -> tuple[dict, bool]:
    """The worker's preview of the job's roster, as the requester may import it now."""
    organization = job.organization
    assert organization is not None  # a roster preview is always of an organization
    scope = roster_scope(user=job.requested_by, organization=organization)
    if scope is None:
        plan = RosterPlan(
            organization=organization,
            year=job.arguments["year"],
            file_name=job.file_name,
            issues=[file_issue(_("您已无权导入该机构的花名册。"))],
        )
    else:
        plan = applying.roster_preview(
            organization=organization,
            year=job.arguments["year"],
            content=content,
            file_name=job.file_name,
            scope=scope,
        )
    return roster_preview_result(plan), plan.is_valid and plan.has_changes


previewer_register(IMPORT_KIND, roster_preview_job)
