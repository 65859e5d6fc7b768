"""The organization's structure as the system builds it (the demo, the roster import, commands): organizations,
units, posts and headcounts. The HR pages' upkeep of units and posts is in units.py and posts.py."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Appointment, Organization, Post, Unit


def _invalid(field: str, message: str, detail: str | None = None) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [detail or message]})


@transaction.atomic
def organization_create(*, code: str, name: str, actor=None) -> Organization:
    if Organization.objects.filter(code=code).exists():
        raise _invalid("code", _("机构代码“%(code)s”已存在。") % {"code": code}, _("机构代码已存在。"))
    org = Organization.objects.create(code=code, name=name)
    audit_log_record(actor=actor, action="org.organization.create", subject=org, after=snapshot(org))
    return org


@transaction.atomic
def unit_create(
    *,
    organization: Organization,
    name: str,
    kind: str = Unit.Kind.OFFICE,
    parent: Unit | None = None,
    sort_order: int = 0,
    actor=None,
) -> Unit:
    if parent is not None and parent.organization_id != organization.pk:
        raise _invalid("parent", _("上级单位不属于该机构。"))
    if Unit.objects.filter(organization=organization, parent=parent, name=name).exists():
        raise _invalid("name", _("单位“%(name)s”已存在。") % {"name": name}, _("同一上级下单位名称重复。"))
    unit = Unit.objects.create(organization=organization, parent=parent, name=name, kind=kind, sort_order=sort_order)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_log_record(actor=actor, action="org.unit.create", subject=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def post_create(
    *, unit: Unit, name: str, kind: str, is_leadership: bool = True, headcount: int = 1, actor=None
) -> Post:
    if headcount < 1:
        raise _invalid("headcount", _("职数至少为 1。"))
    if Post.objects.filter(unit=unit, name=name).exists():
        raise _invalid("name", _("职务“%(name)s”已存在。") % {"name": name}, _("同一单位职务名称重复。"))
    post = Post.objects.create(unit=unit, name=name, kind=kind, is_leadership=is_leadership, headcount=headcount)
    audit_log_record(actor=actor, action="org.post.create", subject=post, after=snapshot(post))
    return post


@transaction.atomic
def post_update_headcount(*, post: Post, headcount: int, actor=None, reason: str = "") -> Post:
    """Change a post's headcount (职数); never below the number of its current holders."""
    if headcount < 1:
        raise _invalid("headcount", _("职数至少为 1。"))
    holders = Appointment.objects.filter(post=post, end_date__isnull=True).count()
    if headcount < holders:
        raise _invalid(
            "headcount",
            _("%(post)s现有 %(n)d 人在任,职数不能少于 %(n)d。") % {"post": post, "n": holders},
            _("职数不能少于现任人数(%(n)d)。") % {"n": holders},
        )
    if headcount == post.headcount:
        return post
    before = snapshot(post, ["headcount"])
    Post.objects.filter(pk=post.pk).update(headcount=headcount)
    post.headcount = headcount
    audit_log_record(
        actor=actor,
        action="org.post.headcount",
        subject=post,
        before=before,
        after=snapshot(post, ["headcount"]),
        reason=reason,
    )
    return post
