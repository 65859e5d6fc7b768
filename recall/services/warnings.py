"""黄牌临界预警: a cadre holds an approved yellow card not yet part of a red one, within its window: one more yellow
card makes a red card (two yellows count as one red, seed 003). The cadre and HR of the unit are told once per
card."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from common.workdays import add_months, format_date_zh
from notices.warnings.selectors import hr_users_covering
from notices.warnings.services import warning_tell
from recall.models import Card, RecallPolicy
from recall.selectors.policies import policy_in_force
from recall.services.cards import card_url

KIND = "recall.card_near_red"


def near_red_scan(*, today: datetime.date, organization_ids) -> int:
    yellows = (
        Card.objects.filter(
            organization_id__in=organization_ids,
            color=Card.Color.YELLOW,
            state=Card.State.APPROVED,
            red_card__isnull=True,
            policy__isnull=False,
            cadre__left_on__isnull=True,
            issued_on__lte=today,
        )
        .select_related("cadre__unit", "cadre__user", "policy")
        .order_by("issued_on", "pk")
    )
    in_force: dict[int, RecallPolicy | None] = {}  # one query per organization
    created = 0
    for card in yellows:
        if card.organization_id not in in_force:
            in_force[card.organization_id] = policy_in_force(card.organization_id, today)
        months = (in_force[card.organization_id] or card.policy).card_window_months
        until = add_months(card.issued_on, months) if months is not None else None
        if until is not None and until < today:
            continue
        values = {"name": card.cadre.name, "issued": format_date_zh(card.issued_on)}
        if until is None:
            body = _("%(name)s于%(issued)s受到黄牌警示。再受一次黄牌警示,将累计按红牌处置。请加强教育管理,督促改进。")
        else:
            values["until"] = format_date_zh(until)
            body = _(
                "%(name)s于%(issued)s受到黄牌警示。%(until)s前再受一次黄牌警示,将累计按红牌处置。请加强教育管理,督促改进。"
            )
        created += warning_tell(
            kind=KIND,
            organization_id=card.organization_id,
            recipients=[*hr_users_covering(card.cadre.unit), card.cadre.user],
            subject=card,
            occurrence="yellow",
            title=_("黄牌临界预警:%(name)s") % values,
            body=body % values,
            url=card_url(card),
        )
    return created
