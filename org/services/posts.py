"""HR's upkeep of posts: add a post to an open unit, end (撤销) a post nobody holds. An ended post keeps its past
appointments; nobody is appointed to it any more."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import refuse
from org.models import Appointment, Post, Unit
from org.services.scope import clean_name, require_open_unit, require_unit
from org.services.structure import post_create

HEADCOUNT_MAX = 99


@transaction.atomic
def post_add(
    *, unit: Unit, name: str, kind: str, is_leadership: bool = True, headcount: int = 1, actor, reason: str = ""
) -> Post:
    require_open_unit(actor=actor, unit=unit, field="unit")
    name = clean_name(name, "name", label=_("职务名称"))
    if kind not in Post.Kind.values:
        refuse(_("请选择职务类别。"), "kind")
    if not 1 <= headcount <= HEADCOUNT_MAX:
        refuse(_("职数应在 1 到 %(max)d 之间。") % {"max": HEADCOUNT_MAX}, "headcount")
    return post_create(unit=unit, name=name, kind=kind, is_leadership=is_leadership, headcount=headcount, actor=actor)


@transaction.atomic
def post_end(*, post: Post, ended_on: datetime.date, actor, reason: str = "") -> Post:
    require_unit(actor=actor, unit=post.unit)
    post = Post.objects.select_for_update().select_related("unit").get(pk=post.pk)
    if post.ended_on is not None:  # ended already
        refuse(_("职务“%(post)s”已于 %(date)s 撤销。") % {"post": post, "date": post.ended_on.isoformat()})
    holders = list(
        Appointment.objects.filter(post=post, end_date__isnull=True).select_related("cadre").order_by("start_date")
    )
    if holders:
        refuse(
            _("职务“%(post)s”尚有现任(%(names)s),请先免去其职务再撤销。")
            % {"post": post, "names": "、".join(a.cadre.name for a in holders)}
        )
    before = snapshot(post, ["ended_on"])
    Post.objects.filter(pk=post.pk).update(ended_on=ended_on)
    post.ended_on = ended_on
    audit_log_record(
        actor=actor,
        action="org.post.end",
        subject=post,
        before=before,
        after=snapshot(post, ["ended_on"]),
        reason=reason,
    )
    return post
