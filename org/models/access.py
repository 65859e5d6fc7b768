"""Who may do what: role assignments over unit subtrees, and the one-time codes that activate a cadre's login."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models.structure import Organization, Unit


class RoleAssignment(BaseModel):
    """What a user may do, and over which units. The cadre role is not here: it follows from Cadre.user."""

    class Role(models.TextChoices):
        HR = "hr", _("组织人事")
        COMMITTEE = "committee", _("党组成员")
        RATER = "rater", _("评议人")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    # The scope's root: this unit and all below it; empty means the whole organization.
    unit = models.ForeignKey(
        Unit, verbose_name=_("范围单位"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization", "unit"], name="role_unique_in_unit"),
            models.UniqueConstraint(
                fields=["user", "role", "organization"], condition=Q(unit__isnull=True), name="role_unique_in_org"
            ),
        ]

    def __str__(self):
        scope = self.unit.name if self.unit is not None else self.organization.name
        return f"{self.user} · {self.get_role_display()} · {scope}"


class AccountActivation(BaseModel):
    """A one-time activation code for a login: only its hash is kept. At most one code of a user is open (neither
    used nor voided); issuing another voids it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="activations"
    )
    code_hash = models.CharField(_("激活码摘要"), max_length=128)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    issued_by = user_reference(_("签发人"))

    class Meta:
        verbose_name = _("账号激活码")
        verbose_name_plural = _("账号激活码")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, voided_at__isnull=True),
                name="activation_one_open_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.expires_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.voided_at is None
