"""The Django admin of assessment data: every page loads for the admin; records are read-only; a scheme is
corrected through the scheme service, and not at all once it has scores; the catalogs are edited with an audit."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import (
    Component,
    PointEntry,
    PointItem,
    RaterAssignment,
    Scheme,
    Score,
    VetoEntry,
    VetoItem,
)
from assessments.services import point_entry_record, score_save, veto_entry_record
from common.models import AuditLog, BackgroundJob

MODELS = [Scheme, RaterAssignment, Score, PointItem, VetoItem, PointEntry, VetoEntry, BackgroundJob]


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def filled(scoring, world):
    """One row of every model."""
    score_save(
        period=scoring.q1,
        component=scoring.components["quarterly_review"],
        rater=scoring.rater,
        ratee=world.cadre,
        value="88",
        expected_revision=0,
        actor=scoring.rater_user,
    )
    today = datetime.date.today()
    point_entry_record(
        cadre=world.cadre,
        item=PointItem.objects.get(organization=world.org, code="award_city"),
        year=today.year,
        occurred_on=today,
        evidence="通报",
        actor=world.users["hr"],
    )
    veto_entry_record(
        cadre=world.cadre,
        item=VetoItem.objects.filter(organization=world.org).first(),
        year=today.year,
        occurred_on=today,
        evidence="报告",
        actor=world.users["hr"],
    )
    BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.SCORE_IMPORT,
        organization=world.org,
        file_name="评分.xlsx",
        arguments={"kind": "scores", "year": 2025, "upload": "assessment_uploads/" + "0" * 32 + ".xlsx"},
        requested_by=world.users["hr"],
    )
    return scoring


def _form_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""
    data = {}
    for form in [response.context["adminform"].form, *[fs.formset for fs in response.context["inline_admin_formsets"]]]:
        if hasattr(form, "management_form"):
            for name, value in form.management_form.initial.items():
                data[f"{form.prefix}-{name}"] = value
            for sub in form.forms:
                for name in sub.fields:
                    value = sub[name].value()
                    if value is not None:
                        data[sub.add_prefix(name)] = value
            continue
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[name] = value
    return data


def test_every_model_is_registered():
    for model in MODELS:
        assert admin.site.is_registered(model), model


def test_every_changelist_and_change_page_loads_for_the_admin(filled, as_persona):
    client = as_persona("admin")
    for model in MODELS:
        obj = model.objects.first()
        assert obj is not None, model
        listing = client.get(_url(model, "changelist"))
        assert listing.status_code == 200, model
        assert client.get(_url(model, "changelist"), {"q": "张三"}).status_code == 200, model
        change = client.get(_url(model, "change", obj.pk))
        assert change.status_code == 200, model
    # A search and a filter on the records.
    response = client.get(_url(PointEntry, "changelist"), {"status__exact": "pending", "q": "A001"})
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("persona", ["hr", "committee", "cadre"])
def test_the_admin_is_for_the_admin_only(filled, as_persona, persona):
    response = as_persona(persona).get(_url(PointEntry, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", [Score, RaterAssignment, PointEntry, VetoEntry, BackgroundJob])
def test_records_are_read_only(filled, as_persona, model):
    client = as_persona("admin")
    obj = model.objects.first()
    page = client.get(_url(model, "change", obj.pk)).content.decode()
    assert 'name="_save"' not in page
    assert client.get(_url(model, "add")).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_record_page_shows_its_audit_history(filled, as_persona):
    entry = PointEntry.objects.get()
    page = as_persona("admin").get(_url(PointEntry, "change", entry.pk)).content.decode()
    assert "登记加减分" in page and "assessments.points.record" not in page


def test_a_scheme_with_scores_is_read_only(filled, as_persona):
    scheme = filled.scheme
    client = as_persona("admin")
    page = client.get(_url(Scheme, "change", scheme.pk)).content.decode()
    assert 'name="_save"' not in page
    response = client.post(_url(Scheme, "change", scheme.pk), {"name": "改过的名字"})
    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.name != "改过的名字" and scheme.version == 1
    assert client.get(_url(Scheme, "add")).status_code == 403


def test_a_scheme_without_scores_is_corrected_through_the_service(scoring, as_persona):
    scheme = scoring.scheme
    client = as_persona("admin")
    data = _form_data(client.get(_url(Scheme, "change", scheme.pk)))
    components = list(scheme.components.order_by("sort_order", "id"))
    data["name"] = "修订后的方案"
    # Move five points of weight from the first component to the second: still 100 in all.
    first, second = (f"components-{i}-weight" for i in (0, 1))
    data[first] = str(Decimal(data[first]) - 5)
    data[second] = str(Decimal(data[second]) + 5)

    response = client.post(_url(Scheme, "change", scheme.pk), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    scheme.refresh_from_db()
    assert scheme.name == "修订后的方案" and scheme.version == 1 and scheme.is_current
    weights = {c.pk: c.weight for c in scheme.components.all()}
    assert weights[components[0].pk] == components[0].weight - 5
    assert weights[components[1].pk] == components[1].weight + 5
    audit = AuditLog.objects.filter(action="assessments.scheme.update", subject_id=str(scheme.pk)).get()
    assert audit.actor.username == "admin" and audit.reason == "系统管理后台修改"


def test_weights_not_adding_up_to_100_are_refused(scoring, as_persona):
    scheme = scoring.scheme
    client = as_persona("admin")
    data = _form_data(client.get(_url(Scheme, "change", scheme.pk)))
    data["components-0-weight"] = str(Decimal(data["components-0-weight"]) + 1)
    before = {c.pk: c.weight for c in Component.objects.filter(scheme=scheme)}

    response = client.post(_url(Scheme, "change", scheme.pk), data)

    assert response.status_code == 200
    assert "各项权重之和应为 100" in response.content.decode()
    assert {c.pk: c.weight for c in Component.objects.filter(scheme=scheme)} == before
    assert not AuditLog.objects.filter(action="assessments.scheme.update").exists()


def test_an_excellent_quota_above_20_percent_needs_the_approval_number(scoring, as_persona):
    scheme = scoring.scheme
    client = as_persona("admin")
    data = _form_data(client.get(_url(Scheme, "change", scheme.pk)))
    data["excellent_quota"] = "0.25"
    data["excellent_quota_approval"] = ""

    response = client.post(_url(Scheme, "change", scheme.pk), data)

    assert response.status_code == 200
    assert "须填写主管部门批准文号" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.excellent_quota == Decimal("0.200")


def test_catalog_items_are_edited_with_an_audit(scoring, world, as_persona):
    item = PointItem.objects.get(organization=world.org, code="award_city")
    client = as_persona("admin")
    data = _form_data(client.get(_url(PointItem, "change", item.pk)))
    data["cap_per_year"] = "1.50"

    response = client.post(_url(PointItem, "change", item.pk), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.cap_per_year == Decimal("1.50")
    audit = AuditLog.objects.get(action="assessments.pointitem.admin_change", subject_id=str(item.pk))
    assert audit.before["cap_per_year"] == "1.00" and audit.after["cap_per_year"] == "1.50"

    added = client.post(
        _url(VetoItem, "add"),
        {
            "organization": world.org.pk,
            "code": "new_item",
            "name": "新否决事项",
            "description": "",
            "is_active": "on",
            "sort_order": 9,
        },
    )
    assert added.status_code == 302
    veto = VetoItem.objects.get(code="new_item")
    assert AuditLog.objects.filter(action="assessments.vetoitem.admin_add", subject_id=str(veto.pk)).exists()


def test_a_catalog_item_with_entries_cannot_be_deleted(filled, as_persona):
    item = PointEntry.objects.get().item
    response = as_persona("admin").post(_url(PointItem, "delete", item.pk), {"post": "yes"})
    assert response.status_code == 200  # Django lists the protected entries instead
    assert PointItem.objects.filter(pk=item.pk).exists()
