import contextlib
import datetime

import factory
from django.contrib.auth import get_user_model

from org.models import AssessmentGroup, Cadre, Organization, Post, Unit
from org.services import unit_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-Secret-123")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["username"] = f"{_username_prefix[0]}{kwargs['username']}"
        return super()._create(model_class, *args, **kwargs)


# Prepended to every username while a second organization is built (`usernames_prefixed`), so that the same setup
# code run for it makes users of its own instead of getting the first organization's by name.
_username_prefix = [""]


@contextlib.contextmanager
def usernames_prefixed(prefix: str):
    _username_prefix[0] = prefix
    try:
        yield
    finally:
        _username_prefix[0] = ""


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.Sequence(lambda n: f"测试局{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    """Goes through the service so that the unit's path is right."""

    class Meta:
        model = Unit

    organization = factory.SubFactory(OrganizationFactory)
    parent = None
    name = factory.Sequence(lambda n: f"单位{n}")
    kind = Unit.Kind.OFFICE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_create(**kwargs)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"职务{n}")
    kind = Post.Kind.MIDDLE
    is_leadership = True
    headcount = 1


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    unit = factory.SubFactory(UnitFactory)
    organization = factory.SelfAttribute("unit.organization")
    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"干部{n}")
    gender = Cadre.Gender.MALE
    birth_date = datetime.date(1985, 5, 1)
    rank_grade = "一级主任科员"
    work_start_date = datetime.date(2008, 7, 1)


class AssessmentGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentGroup

    organization = factory.SubFactory(OrganizationFactory)
    year = 2025
    name = factory.Sequence(lambda n: f"考核组{n}")
