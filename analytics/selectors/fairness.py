"""Group fairness of one organization and year: inside each assessment group, the composites of the cadres of each
kind of unit (街道 and 区直部门, 市场监管所 and 机关科室: org's unit kind of the cadre's unit) compared with a rank test
(analytics.stats.fairness), in plain words, with a suggestion for the next scheme version when the difference is
significant. The composites are the year's newest computed version, published or not, of the cadres in the reader's
scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from analytics.selectors.scope import visible_cadres
from analytics.stats.fairness import ALPHA, KRUSKAL_WALLIS, MANN_WHITNEY, MIN_SUBGROUP, Comparison, Subgroup, compare
from assessments.selectors.published import current_results
from org.models import Organization, Unit


@dataclass(frozen=True)
class GroupFairness:
    group_id: int
    group_name: str
    comparison: Comparison
    verdict: str
    suggestion: str

    @property
    def test_label(self) -> str:
        return {MANN_WHITNEY: _("Mann–Whitney U 检验"), KRUSKAL_WALLIS: _("Kruskal–Wallis H 检验")}.get(
            self.comparison.test, ""
        )

    @property
    def effect_label(self) -> str:
        return {MANN_WHITNEY: _("秩二列相关 r"), KRUSKAL_WALLIS: _("ε²")}.get(self.comparison.test, "")


@dataclass
class FairnessReport:
    organization: Organization
    year: int
    groups: list[GroupFairness]
    min_subgroup: int = MIN_SUBGROUP
    alpha: float = ALPHA


def _kind_label(kind: str) -> str:
    return str(Unit.Kind(kind).label) if kind in Unit.Kind.values else kind


def verdict_of(c: Comparison) -> str:
    if c.single:
        kinds = "、".join(s.label for s in c.subgroups)
        return _("组内只有一类单位(%(kinds)s),无可比较。") % {"kinds": kinds or _("无")}
    assert c.highest is not None and c.lowest is not None  # not single: two subgroups at least
    words = {"high": c.highest.label, "low": c.lowest.label, "gap": f"{c.median_gap:.1f}"}
    if c.too_small:
        return _(
            "子组人数太少(每类至少 %(n)s 人才作检验),不作显著性判断;%(high)s组中位数比%(low)s组高 %(gap)s 分,仅供参考。"
        ) % {**words, "n": MIN_SUBGROUP}
    assert c.p_value is not None  # tested: no subgroup too small
    words["p"] = "p<0.001" if c.p_value < 0.001 else f"p={c.p_value:.3f}"
    if c.significant:
        return _("%(high)s组中位数比%(low)s组高 %(gap)s 分,差异显著(%(p)s)。") % words
    return _("%(high)s组中位数比%(low)s组高 %(gap)s 分,差异不显著(%(p)s)。") % words


def suggestion_of(c: Comparison) -> str:
    if not c.significant:
        return ""
    return _(
        "建议在下一版本考核方案中按单位类别(%(kinds)s)分别确定优秀和末位名额,或先在各类别内标准化再统一排名;"
        "新办法只适用于新版本施行之后的考核(不溯及既往),本年度结果不变。"
    ) % {"kinds": "、".join(s.label for s in c.subgroups)}


def fairness_report(*, user, organization: Organization, year: int) -> FairnessReport:
    visible = visible_cadres(user=user, organization_id=organization.pk)
    results = current_results(organization_id=organization.pk, year=year, cadre_ids=list(visible))
    by_group: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    names = {}
    for r in results:
        if r.composite is None:
            continue
        names[r.group_id] = r.group_name
        by_group[r.group_id][visible[r.cadre_id].unit.kind].append(float(r.composite))
    groups = []
    for group_id in sorted(by_group, key=lambda g: names[g]):
        subgroups = [
            Subgroup(key=kind, label=_kind_label(kind), values=tuple(values))
            for kind, values in sorted(by_group[group_id].items())
        ]
        comparison = compare(subgroups)
        groups.append(
            GroupFairness(group_id, names[group_id], comparison, verdict_of(comparison), suggestion_of(comparison))
        )
    return FairnessReport(organization=organization, year=year, groups=groups)
