"""The policy page's form: a new version of the policy, with its post kinds and caps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms.base import StyledForm, choice_errors, date_field, reason_field
from org.models import Post
from tenure.forms.fields import decimal_field, integer_field, text_field
from tenure.models import Regime, TenurePolicy, TermCap

NO_REGIME = ""
REGIME_CHOICES = [(NO_REGIME, _("不实行")), *Regime.choices]
# The caps the page offers, one line each (scope, measure); an empty limit means no such cap.
CAP_LINES = [
    (TermCap.Scope.POST, TermCap.Measure.TERMS),
    (TermCap.Scope.UNIT, TermCap.Measure.YEARS),
    (TermCap.Scope.LEVEL, TermCap.Measure.YEARS),
]


def kind_field_name(kind: str) -> str:
    return f"regime_{kind}"


def cap_field_name(scope: str, measure: str, part: str) -> str:
    return f"cap_{scope}_{measure}_{part}"


class PolicyForm(StyledForm):
    effective_from = date_field(_("生效日期"), required_message=_("请填写生效日期。"))
    basis = text_field(_("依据文件"), required=False)
    term_years = integer_field(_("任期年限"), low=1, high=10)
    start_rule = forms.ChoiceField(
        label=_("任期起算规则"), choices=TenurePolicy.StartRule.choices, error_messages=choice_errors(_("起算规则"))
    )
    partial_rule = forms.ChoiceField(
        label=_("不满任期的计算"),
        choices=TenurePolicy.PartialRule.choices,
        error_messages=choice_errors(_("计算方法")),
    )
    partial_years = integer_field(_("计为一个任期须超过的年数"), low=1, high=10)
    reminder_months = text_field(_("届满前提醒(月)"), max_length=50, required=True)
    ladder_years = text_field(_("任现职年限提示(年)"), max_length=50, required=True)
    audit_holds = forms.BooleanField(label=_("审计发现问题未整改完毕的暂停任免(待岗)"), required=False)
    goals_public = forms.BooleanField(label=_("任期目标批准后在本单位内公示"), required=False)
    performance_weight = decimal_field(_("工作实绩权重(%)"))
    democratic_weight = decimal_field(_("民意测评权重(%)"))
    basic_below = decimal_field(_("低于此分为基本称职"))
    incompetent_below = decimal_field(_("低于此分为不称职"))
    excellent_quota = decimal_field(_("优秀比例上限"), low=0, high=1, places=3, help_text=_("例如 0.200 即 20%"))
    retirement_service_years = integer_field(_("提前离岗所需工龄(年)"), low=10, high=45)
    reason = reason_field(_("修订依据"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Post.Kind.choices:
            self.fields[kind_field_name(kind)] = forms.ChoiceField(
                label=label, choices=REGIME_CHOICES, required=False, widget=forms.Select(attrs={"class": "form-select"})
            )
        for scope, measure in CAP_LINES:
            self.fields[cap_field_name(scope, measure, "limit")] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=40,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
                error_messages={
                    "invalid": _("请填写整数。"),
                    "min_value": _("至少为 1。"),
                    "max_value": _("最多 40。"),
                },
            )
            self.fields[cap_field_name(scope, measure, "blocks")] = forms.BooleanField(
                required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
            )

    def kind_fields(self):
        return [self[kind_field_name(kind)] for kind, _label in Post.Kind.choices]

    def cap_lines(self):
        return [
            (
                TermCap.Scope(scope).label,
                TermCap.Measure(measure).label,
                self[cap_field_name(scope, measure, "limit")],
                self[cap_field_name(scope, measure, "blocks")],
            )
            for scope, measure in CAP_LINES
        ]

    def values(self) -> dict:
        """What the service takes (tenure.services.policy.tenure_policy_create)."""
        data = self.cleaned_data
        values = {k: data[k] for k in data if not k.startswith(("regime_", "cap_")) and k != "reason"}
        values["post_kinds"] = {
            kind: data[kind_field_name(kind)] for kind, _label in Post.Kind.choices if data[kind_field_name(kind)]
        }
        values["caps"] = [
            {
                "scope": scope,
                "measure": measure,
                "limit": data[cap_field_name(scope, measure, "limit")],
                "consecutive": measure == TermCap.Measure.TERMS,
                "blocks": data[cap_field_name(scope, measure, "blocks")],
            }
            for scope, measure in CAP_LINES
            if data[cap_field_name(scope, measure, "limit")]
        ]
        return values


def policy_initial(policy: TenurePolicy | None, defaults: dict) -> dict:
    """The form filled with the version in effect (or the defaults when there is none)."""
    if policy is None:
        initial = {k: v for k, v in defaults.items() if k not in ("post_kinds", "caps")}
        kinds, caps = defaults["post_kinds"], defaults["caps"]
    else:
        fields = [f.name for f in TenurePolicy._meta.fields if f.name not in ("id", "organization", "created_by")]
        initial = {name: getattr(policy, name) for name in fields}
        kinds = {row.post_kind: row.regime for row in policy.post_kinds.all()}
        caps = [
            {"scope": c.scope, "measure": c.measure, "limit": c.limit, "blocks": c.blocks} for c in policy.caps.all()
        ]
    for kind, _label in Post.Kind.choices:
        initial[kind_field_name(kind)] = kinds.get(kind, NO_REGIME)
    for cap in caps:
        initial[cap_field_name(cap["scope"], cap["measure"], "limit")] = cap["limit"]
        initial[cap_field_name(cap["scope"], cap["measure"], "blocks")] = cap["blocks"]
    return initial
