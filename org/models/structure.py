"""The organization and its structure: units in a tree, and the posts in them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel


class Organization(BaseModel):
    code = models.SlugField(_("机构代码"), max_length=50, unique=True)
    name = models.CharField(_("机构名称"), max_length=100)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Unit(BaseModel):
    """A unit in the tree (科室、所、街道 …). `path` holds the ids from the root, e.g. "/1/5/", so a subtree is
    one indexed prefix filter; services keep it right."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("局机关")
        OFFICE = "office", _("机关科室")
        STATION = "station", _("市场监管所")
        STREET = "street", _("街道")
        TEAM = "team", _("领导班子")
        OTHER = "other", _("其他")

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类别"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    # A closed unit (撤销) stays in the tree for its history; nothing new is placed in it.
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "parent", "name"], name="unit_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["organization", "name"], condition=Q(parent__isnull=True), name="unit_unique_root_name"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class Post(BaseModel):
    class Kind(models.TextChoices):
        PRINCIPAL = "principal", _("正职")
        DEPUTY = "deputy", _("副职")
        MIDDLE = "middle", _("中层负责人")
        STAFF = "staff", _("一般干部")

    unit = models.ForeignKey(Unit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="posts")
    name = models.CharField(_("职务名称"), max_length=100)
    kind = models.CharField(_("职务类别"), max_length=20, choices=Kind.choices)
    is_leadership = models.BooleanField(_("领导职务"), default=True)
    headcount = models.PositiveSmallIntegerField(_("职数"), default=1)
    # An ended post (撤销职务) keeps its past appointments; nobody is appointed to it any more.
    ended_on = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="post_unique_name_in_unit"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="post_headcount_positive"),
        ]

    def __str__(self):
        return f"{self.unit.name}{self.name}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
