"""The scheme edit page: settings and the component table in one form, in place without scores, as a new version
with them; service errors next to their cells; superseded versions and subtree HR refused, with nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import Component, Period, Scheme, Score
from assessments.services import scheme_update, score_save
from common.models import AuditLog
from tests.assessments.test_scheme_pages import hr_all  # noqa: F401  (fixture)


def _url(scheme):
    return reverse("assessments:scheme_edit", kwargs={"pk": scheme.pk})


def _payload(client, scheme, components=None, **changes) -> dict:
    """What the page submits when nothing is touched, with `changes` applied; `components` replaces the rows
    (dicts of the row's fields; rows beyond the existing ones are rows added on the page)."""
    response = client.get(_url(scheme))
    form, formset = response.context["form"], response.context["formset"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name, "")
        data[name] = value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else str(value))
    rows = components if components is not None else [dict(f.initial) for f in formset.forms]
    data.update(
        {
            "components-TOTAL_FORMS": str(len(rows)),
            "components-INITIAL_FORMS": str(len(formset.forms)),
            "components-MIN_NUM_FORMS": "0",
            "components-MAX_NUM_FORMS": "1000",
        }
    )
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"components-{i}-DELETE"] = "on"
            else:
                data[f"components-{i}-{key}"] = "" if value is None else str(value)
    data.update({k: str(v) for k, v in changes.items()})
    return data


def _rows(scheme) -> list[dict]:
    return [
        {"code": c.code, "name": c.name, "weight": c.weight, "min_score": c.min_score, "max_score": c.max_score,
         "frequency": c.frequency, "aggregation": c.aggregation}
        for c in scheme.components.order_by("sort_order", "id")
    ]  # fmt: skip


def _state(scheme) -> list:
    scheme.refresh_from_db()
    return [
        scheme.status,
        scheme.version,
        scheme.bonus_cap,
        scheme.excellent_quota,
        list(scheme.components.order_by("sort_order").values_list("code", "weight", "frequency")),
        Scheme.objects.count(),
    ]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _score(scoring, world, ratee=None, component="quarterly_review", value="88"):
    return score_save(
        period=scoring.q1,
        component=scoring.components[component],
        rater=scoring.rater,
        ratee=ratee or world.cadre,
        value=value,
        expected_revision=0,
        actor=scoring.rater_user,
    )


def test_the_form_shows_the_settings_in_percent_and_the_components(scoring, hr_all):  # noqa: F811
    response = hr_all.get(_url(scoring.scheme))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.initial["bottom_ratio"], form.initial["excellent_quota"], form.initial["warning_ratio"]) == (
        10,
        20,
        20,
    )
    body = response.content.decode()
    assert 'value="季度述职评议"' in body and "权重合计" in body and "添加考核项目" in body
    assert 'id="component-row-template"' in body and "components-__prefix__-weight" in body
    assert "new-version-notice" not in body  # no scores yet


def test_without_scores_the_scheme_changes_in_place(scoring, hr_all):  # noqa: F811
    rows = _rows(scoring.scheme)
    rows[0]["weight"], rows[2]["weight"] = "40", "20"
    data = _payload(hr_all, scoring.scheme, rows, bottom_ratio="15", bonus_cap="5", name="新方案名")
    response = hr_all.post(_url(scoring.scheme), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:scheme_detail", kwargs={"pk": scoring.scheme.pk})
    scheme = Scheme.objects.get(pk=scoring.scheme.pk)
    assert (scheme.version, scheme.name, scheme.bottom_ratio, scheme.bonus_cap) == (
        1,
        "新方案名",
        Decimal("0.150"),
        Decimal("5.00"),
    )
    assert [c.weight for c in scheme.components.order_by("sort_order")] == [40, 20, 20, 20]
    assert "方案已保存。" in _messages(response)


def test_weights_not_adding_up_to_100_leave_the_scheme_unchanged(scoring, hr_all):  # noqa: F811
    before = _state(scoring.scheme)
    rows = _rows(scoring.scheme)
    rows[0]["weight"] = "35"
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, rows, bonus_cap="6"))
    assert response.status_code == 200
    assert response.context["table_errors"] == ["各项权重之和应为 100,现为 105。"]
    assert "各项权重之和应为 100,现为 105。" in response.content.decode()
    assert _state(scoring.scheme) == before
    # what was typed stays on the page
    assert response.context["formset"].forms[0]["weight"].value() == "35"


def test_a_bad_cell_is_reported_next_to_that_cell(scoring, hr_all):  # noqa: F811
    before = _state(scoring.scheme)
    rows = _rows(scoring.scheme)
    rows[0]["DELETE"] = True  # the first row goes, so the service's row 1 is the page's row 2
    rows[1]["weight"] = "50"
    rows[2]["weight"] = "0"
    rows[3]["max_score"] = "-5"
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, rows))
    forms = response.context["formset"].forms
    assert forms[2].errors == {"weight": ["权重应大于 0、不超过 100。"]}
    assert forms[3].errors == {"max_score": ["最高分应大于最低分。"]}
    assert not forms[1].errors
    assert "权重应大于 0、不超过 100。" in response.content.decode()
    assert _state(scoring.scheme) == before


def test_a_duplicate_name_is_reported_on_its_row(scoring, hr_all):  # noqa: F811
    rows = _rows(scoring.scheme)
    rows[1]["name"] = "季度述职评议"
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, rows))
    assert response.context["formset"].forms[1].errors == {"name": ["项目名称“季度述职评议”重复。"]}


def test_rows_can_be_added_and_removed(scoring, hr_all):  # noqa: F811
    rows = _rows(scoring.scheme)
    rows[3]["DELETE"] = True  # 现场观摩点评 20 goes
    rows.append({"code": "", "name": "群众满意度", "weight": "10", "frequency": "yearly", "aggregation": "trimmed"})
    rows.append({"code": "", "name": "", "weight": "", "frequency": "yearly", "aggregation": "mean"})  # untouched
    rows.append({"code": "", "name": "民主测评", "weight": "10", "frequency": "half_yearly", "aggregation": "mean"})
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, rows))
    assert response.status_code == 302, response.context["table_errors"]
    components = list(Scheme.objects.get(pk=scoring.scheme.pk).components.order_by("sort_order"))
    assert [(c.code, c.name, c.weight) for c in components][3:] == [
        ("item1", "群众满意度", Decimal("10.00")),
        ("item2", "民主测评", Decimal("10.00")),
    ]
    assert "onsite_review" not in {c.code for c in components}


def test_a_quota_above_20_percent_needs_the_approval_number(scoring, hr_all):  # noqa: F811
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, excellent_quota="25"))
    assert response.context["form"].errors["excellent_quota_approval"] == ["优秀比例超过 20% 须填写主管部门批准文号。"]
    assert Scheme.objects.get(pk=scoring.scheme.pk).excellent_quota == Decimal("0.200")
    data = _payload(hr_all, scoring.scheme, excellent_quota="25", excellent_quota_approval="某组通〔2025〕3号")
    assert hr_all.post(_url(scoring.scheme), data).status_code == 302
    assert Scheme.objects.get(pk=scoring.scheme.pk).excellent_quota == Decimal("0.250")
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, excellent_quota="30"))
    assert "excellent_quota" in response.context["form"].errors


def test_with_scores_a_reason_is_required_and_nothing_changes_without_it(world, scoring, hr_all):  # noqa: F811
    _score(scoring, world)
    page = hr_all.get(_url(scoring.scheme)).content.decode()
    assert "本方案已有 1 条评分" in page and "第 2 版" in page and "保存为新版本" in page
    before = _state(scoring.scheme)
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, bonus_cap="5"))
    assert response.context["form"].errors["reason"] == ["方案已有评分,请填写修改原因。"]
    assert _state(scoring.scheme) == before


def test_with_scores_the_edit_makes_a_new_version_and_says_what_was_carried_over(world, scoring, hr_all):  # noqa: F811
    _score(scoring, world)  # quarterly, Q1
    _score(scoring, world, ratee=world.other_cadre)
    rows = _rows(scoring.scheme)
    rows[0]["frequency"] = Component.Frequency.YEARLY  # the Q1 scores no longer fit
    data = _payload(hr_all, scoring.scheme, rows, reason="季度述职改为年度", bonus_cap="4")
    response = hr_all.post(_url(scoring.scheme), data)
    new = Scheme.objects.get(organization=world.org, year=2025, status=Scheme.Status.CURRENT)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:scheme_detail", kwargs={"pk": new.pk})
    assert new.version == 2 and new.bonus_cap == Decimal("4.00")
    old = Scheme.objects.get(pk=scoring.scheme.pk)
    assert old.status == Scheme.Status.SUPERSEDED and old.bonus_cap == Decimal("3.00")
    assert Score.objects.filter(scheme=old).count() == 2  # the old version keeps its scores
    assert (messages := _messages(response)) and "已生成第 2 版方案。0 条评分已转入新版本,2 条未转入" in messages[0]
    audit = AuditLog.objects.get(action="assessments.scheme.new_version")
    assert audit.reason == "季度述职改为年度" and audit.actor == hr_all.user


def test_carried_over_scores_are_counted(world, scoring, hr_all):  # noqa: F811
    _score(scoring, world)
    data = _payload(hr_all, scoring.scheme, reason="调整扣分上限", deduction_cap="8")
    response = hr_all.post(_url(scoring.scheme), data)
    new = Scheme.objects.get(status=Scheme.Status.CURRENT, year=2025)
    assert Score.objects.filter(scheme=new).count() == 1
    assert "1 条评分已转入新版本,0 条未转入" in _messages(response)[0]
    assert new.periods.get(kind=Period.Kind.Q1).status == Period.Status.OPEN


def test_resubmitting_unchanged_values_makes_no_version(world, scoring, hr_all):  # noqa: F811
    _score(scoring, world)
    rows = _rows(scoring.scheme)
    rows[0]["weight"] = "30"  # typed without decimals: the same value as the stored 30.00
    response = hr_all.post(_url(scoring.scheme), _payload(hr_all, scoring.scheme, rows, reason="无"))
    assert response.status_code == 302
    assert "没有需要保存的修改。" in _messages(response)
    assert Scheme.objects.count() == 1


def test_editing_a_superseded_version_is_refused_and_explained(world, scoring, hr_all):  # noqa: F811
    _score(scoring, world)
    current = scheme_update(scheme=scoring.scheme, bonus_cap="4", reason="r")
    page = hr_all.get(_url(scoring.scheme))
    body = page.content.decode()
    assert page.status_code == 200 and "旧版本不能修改" in body and _url(current) in body
    assert "scheme-form" not in body
    before = _state(scoring.scheme)
    data = {"name": "改旧版", "bonus_cap": "9", "reason": "x", "components-TOTAL_FORMS": "0"}
    response = hr_all.post(_url(scoring.scheme), data)
    assert response.status_code == 409 and "旧版本不能修改" in response.content.decode()
    assert _state(scoring.scheme) == before


@pytest.mark.parametrize("persona", ["hr", "hr_other", "committee"])
def test_subtree_hr_and_committee_cannot_edit(scoring, hr_all, as_persona, persona):  # noqa: F811
    data = _payload(hr_all, scoring.scheme, bonus_cap="9")
    before = _state(scoring.scheme)
    client = as_persona(persona)
    assert client.get(_url(scoring.scheme)).status_code == 403
    assert client.post(_url(scoring.scheme), data).status_code == 403
    assert _state(scoring.scheme) == before
