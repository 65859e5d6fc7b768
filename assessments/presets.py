"""The two scheme templates that ship, and the default point and veto catalogs for a new organization.

Weights are the product's defaults (the local rules name the components, not their weights); HR changes them per scheme.
"""

from decimal import Decimal as D

from assessments.models import Component, PointItem, Scheme

MEAN = Component.Aggregation.MEAN
TRIMMED = Component.Aggregation.TRIMMED

# code, name, weight, frequency, aggregation
TEMPLATES: dict[str, dict] = {
    # 沂源县市场监管局《市场监管所、局机关科室负责人年度绩效考核实施方案》: 季度述职评议 and 半年工作点评 support the
    # annual assessment.
    Scheme.Template.FOUR_PART: {
        "name": "中层负责人年度绩效考核方案",
        "components": [
            ("quarterly_review", "季度述职评议", D("30"), Component.Frequency.QUARTERLY, MEAN),
            ("half_year_review", "半年工作点评", D("20"), Component.Frequency.HALF_YEARLY, MEAN),
            ("annual_objectives", "年度主要目标任务", D("30"), Component.Frequency.YEARLY, MEAN),
            ("onsite_review", "现场观摩点评", D("20"), Component.Frequency.YEARLY, MEAN),
        ],
    },
    # 洞头区《科级领导干部全程积分考核办法》: "五位一体" multi-rater evaluation; rated components drop the highest and lowest score
    # (洞头区 names 人情分 as the weakness of rater-given scores).
    Scheme.Template.FIVE_IN_ONE: {
        "name": "科级领导干部全程积分考核方案",
        "components": [
            ("unit_performance", "单位考绩", D("30"), Component.Frequency.YEARLY, MEAN),
            ("district_leaders", "区级领导考评", D("20"), Component.Frequency.YEARLY, TRIMMED),
            ("year_end_panel", "年终考核组考评", D("20"), Component.Frequency.YEARLY, TRIMMED),
            ("daily_evaluation", "组织日常考评", D("15"), Component.Frequency.QUARTERLY, MEAN),
            ("unit_head", "单位主要领导考评", D("15"), Component.Frequency.YEARLY, MEAN),
        ],
    },
}

BONUS = PointItem.Kind.BONUS
DEDUCTION = PointItem.Kind.DEDUCTION

# kind, category, code, name, points, cap per year
DEFAULT_POINT_ITEMS = [
    (BONUS, "工作实绩", "award_national", "工作获国家级表彰或在全国会议作典型发言", D("1.0"), D("2.0")),
    (BONUS, "工作实绩", "award_provincial", "工作获省级表彰或在全省会议作典型发言", D("0.5"), D("1.5")),
    (BONUS, "工作实绩", "award_city", "工作获市级表彰或承办市级现场会", D("0.3"), D("1.0")),
    (BONUS, "创新创优", "innovation", "改革创新经验被上级推广", D("0.5"), D("1.0")),
    (BONUS, "急难险重", "emergency", "在急难险重任务中表现突出", D("0.5"), D("1.0")),
    (DEDUCTION, "党风廉政", "discipline_sanction", "受党纪政务处分", D("3.0"), D("6.0")),
    (DEDUCTION, "党风廉政", "admonishment", "受到诫勉或组织处理", D("1.0"), D("3.0")),
    (DEDUCTION, "作风纪律", "circulated_criticism", "被通报批评", D("0.5"), D("2.0")),
    (
        DEDUCTION,
        "作风纪律",
        "disobedience",
        "不执行党组决策部署或主要领导工作安排,导致工作落实不力",
        D("1.0"),
        D("3.0"),
    ),
    (DEDUCTION, "工作落实", "task_missed", "重点工作任务未按期完成", D("0.5"), D("2.0")),
    (DEDUCTION, "工作落实", "complaint_upheld", "群众投诉经查属实", D("0.3"), D("1.5")),
]

# code, name, description
DEFAULT_VETO_ITEMS = [
    ("serious_accountability", "受到严肃问责", "因失职失责受到党纪政务处分或组织处理的严肃问责。"),
    ("safety_incident", "发生重大安全责任事故", "分管领域发生较大及以上安全生产、食品药品或特种设备安全责任事故。"),
    ("integrity", "违反廉洁纪律", "经查实存在违反中央八项规定精神或廉洁纪律的问题。"),
    ("public_opinion", "造成重大负面影响", "因工作失误造成重大负面舆情或恶劣社会影响。"),
]
