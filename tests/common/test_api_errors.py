from rest_framework.test import APIRequestFactory

from common.api import exception_handler
from common.errors import ApplicationError


def test_a_domain_error_becomes_field_by_field_json():
    request = APIRequestFactory().get("/")
    response = exception_handler(
        ApplicationError("职数已满。", field_errors={"post": ["职数已满(1/1)。"]}), {"request": request}
    )
    assert response.status_code == 400
    assert response.data == {"message": "职数已满。", "errors": {"post": ["职数已满(1/1)。"]}}


def test_a_form_shows_a_domain_error_next_to_its_field():
    from django import forms

    from common.errors import add_error_to_form

    class PostForm(forms.Form):
        post = forms.CharField()

    form = PostForm({"post": "所长"})
    assert form.is_valid()
    add_error_to_form(form, ApplicationError("职数已满。", field_errors={"post": ["职数已满(1/1)。"]}))
    assert form.errors == {"post": ["职数已满(1/1)。"]}
