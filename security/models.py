import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from common.models import BaseModel


class AdminRole(BaseModel):
    """三员分立: the three administrators of a classified-protection system, each with a part no other holds. The
    superuser installs the system and creates them; it is not used afterwards (README)."""

    class Role(models.TextChoices):
        SYSTEM = "sysadmin", _("系统管理员")
        SECURITY = "secadmin", _("安全管理员")
        AUDIT = "auditadmin", _("审计管理员")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="admin_role"
    )
    role = models.CharField(_("管理员类别"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("管理员角色")
        verbose_name_plural = _("管理员角色")
        ordering = ["role", "user__username"]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class PasswordHistory(models.Model):
    """Each password a user has had, as Django's hash: a new password may not repeat the last few
    (PASSWORD_HISTORY_COUNT), and the newest row says when the password was last changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    password = models.CharField(_("密码摘要"), max_length=128)
    changed_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["user", "-changed_at"], name="password_history_latest")]

    def __str__(self):
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


def recovery_code_digest(code: str) -> str:
    """Recovery codes are 80 random bits, so a plain SHA-256 of the normalized code is as good as a slow hash and can
    be looked up by value; the code itself is shown once and never stored."""
    normalized = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A second factor of single-use recovery codes for a lost phone (django-otp's own static device keeps its codes
    in plain text, so it is not used)."""

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(digest=recovery_code_digest(str(token)), used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if used:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return bool(used)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(_("摘要"), max_length=64)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_unique")]
        indexes = [models.Index(fields=["digest"], condition=Q(used_at__isnull=True), name="recovery_code_unused")]

    def __str__(self):
        return f"{self.device_id} {'used' if self.used_at else 'unused'}"
