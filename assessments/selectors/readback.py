"""What approving a pending point entry or veto will do, read back to the committee member before it is made
(issue of consequential decisions: the committee reads the consequence, then confirms). Built from the data: the
cadre, the item, the year's approved totals against the scheme's caps, the scheme's grade cap after a veto."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from assessments.models import ApprovalStatus, PointEntry, PointItem, Scheme, VetoEntry


def _scheme(entry) -> Scheme | None:
    schemes = Scheme.objects.filter(organization_id=entry.cadre.organization_id, year=entry.year)
    return schemes.filter(status=Scheme.Status.CURRENT).first() or schemes.order_by("-version").first()


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else f"{value:.2f}"


def _who(entry) -> str:
    return _("%(name)s(%(unit)s)") % {"name": entry.cadre.name, "unit": entry.cadre.unit.name}


def point_readback(entry: PointEntry) -> list[str]:
    bonus = entry.item.kind == PointItem.Kind.BONUS
    who = _who(entry)
    lines = [
        (_("将为 %(who)s 记 %(year)d 年度加分 %(points)s 分:%(item)s。") if bonus
         else _("将对 %(who)s 记 %(year)d 年度扣分 %(points)s 分:%(item)s。"))
        % {"who": who, "year": entry.year, "points": _plain(entry.points), "item": entry.item.name}
    ]  # fmt: skip
    approved = PointEntry.objects.filter(
        cadre_id=entry.cadre_id, year=entry.year, status=ApprovalStatus.APPROVED, item__kind=entry.item.kind
    ).aggregate(total=Sum("points"))["total"] or Decimal("0")
    scheme = _scheme(entry)
    if scheme is not None:
        cap = scheme.bonus_cap if bonus else scheme.deduction_cap
        after = approved + entry.points
        text = _("本年已批准%(kind)s %(before)s 分,批准后合计 %(after)s 分,年度上限 %(cap)s 分") % {
            "kind": _("加分") if bonus else _("扣分"),
            "before": _plain(approved),
            "after": _plain(after),
            "cap": _plain(cap),
        }
        if after > cap:
            text += _(",超出上限的 %(over)s 分不计入综合得分") % {"over": _plain(after - cap)}
        lines.append(text + "。")
    lines.append(_("批准后计入年度综合得分;干部可在规定期限内申诉复核。"))
    return lines


def veto_readback(entry: VetoEntry) -> list[str]:
    who = _who(entry)
    lines = [
        _("将对 %(who)s 记 %(year)d 年度一票否决:%(item)s。")
        % {"who": who, "year": entry.year, "item": entry.item.name}
    ]
    scheme = _scheme(entry)
    if scheme is not None and scheme.veto_cap != Scheme.VetoCap.NONE:
        lines.append(
            _("按 %(year)d 年度考核方案,一票否决后年度考核等次:%(cap)s。")
            % {"year": entry.year, "cap": scheme.get_veto_cap_display()}
        )
    lines.append(_("考核结果公布后,其列入主动让贤对象;干部可在规定期限内申诉复核。"))
    return lines
