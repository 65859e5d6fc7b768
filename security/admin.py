"""The admin pages of 三员分立 (security.admin_policy says who may open which): user accounts without the
administrators' own, administrator roles, role assignments that no administrator can give to themselves, and the
second factors and tokens, whose secrets are never shown. Every change goes through a service and is audited."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from common.audit import audit_log_record, snapshot
from org.admin import RoleAssignmentAdmin
from org.models import RoleAssignment
from org.roles import get_roles
from security.models import AdminRole, RecoveryCodeDevice
from security.services.admins import admin_role_assign, admin_role_refusal, admin_role_revoke
from security.services.tokens import api_token_revoke
from security.services.two_factor import second_factor_reset
from security.services.users import user_access_end

User = get_user_model()
# What a user's audit row says of the account: never the password's hash.
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]
# Fields only the installer superuser sets: who is an administrator goes through AdminRole.
SUPERUSER_ONLY = {"is_superuser", "is_staff", "groups", "user_permissions"}


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ["username", "first_name", "email", "is_active", "last_login"]
    list_filter = ["is_active"]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        # The administrators' accounts are nobody's to manage but the installer's: a system administrator who could
        # reset the audit administrator's password would be the audit administrator.
        users = users.filter(is_superuser=False)
        if get_roles(request.user).admin_role != AdminRole.Role.SECURITY:
            users = users.filter(admin_role__isnull=True)
        return users

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(User.objects.get(pk=obj.pk), USER_FIELDS) if change else None
            super().save_model(request, obj, form, change)
            action = "auth.user.admin_change" if change else "auth.user.admin_add"
            audit_log_record(
                actor=request.user, action=action, subject=obj, before=before, after=snapshot(obj, USER_FIELDS)
            )
            if change and before["is_active"] and not obj.is_active:
                user_access_end(user=obj, actor=request.user, reason="停用账号")


class AdminRoleForm(forms.ModelForm):
    reason = forms.CharField(label=_("依据"), required=False, widget=forms.TextInput)

    class Meta:
        model = AdminRole
        fields = ["user", "role"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        if user is not None and role:
            problem = admin_role_refusal(user=user, role=role, actor=self.actor)
            if problem:
                self.add_error(problem[0], problem[1])
        return cleaned


@admin.register(AdminRole)
class AdminRoleAdmin(admin.ModelAdmin):
    form = AdminRoleForm
    list_display = ["user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithActor(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, actor=request.user, **kw)

        return WithActor

    def has_change_permission(self, request, obj=None):
        # Nobody changes their own administrator role.
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = admin_role_assign(
            user=obj.user, role=obj.role, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        admin_role_revoke(user=obj.user, actor=request.user, reason="后台撤销")

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user"):
            self.delete_model(request, obj)


class GuardedRoleAssignmentForm(forms.ModelForm):
    actor = None  # set per request by the admin

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "organization", "unit"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.actor is not None and user.pk == self.actor.pk:
            raise forms.ValidationError(_("不能给自己授予角色。"))
        if user.is_superuser or AdminRole.objects.filter(user=user).exists():
            raise forms.ValidationError(_("管理员账号不得兼任业务角色。"))
        return user


admin.site.unregister(RoleAssignment)


@admin.register(RoleAssignment)
class GuardedRoleAssignmentAdmin(RoleAssignmentAdmin):
    """Who holds which role over which units: the security administrator's, never for an administrator's account nor
    for the one who grants it."""

    form = GuardedRoleAssignmentForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class SecondFactorAdmin(admin.ModelAdmin):
    """A user's second factor, without its secret; deleting it resets the user's two-factor login (both the
    authenticator and the recovery codes), audited."""

    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        second_factor_reset(user=obj.user, actor=request.user, reason="安全管理员在后台重置")

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            if user.pk == request.user.pk:
                messages.error(request, _("不能重置自己的两步验证。"))
                continue
            second_factor_reset(user=user, actor=request.user, reason="安全管理员在后台重置")


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, SecondFactorAdmin)
admin.site.register(RecoveryCodeDevice, SecondFactorAdmin)


admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class TokenAdmin(admin.ModelAdmin):
    """API tokens by their first characters; deleting one revokes it (audited)."""

    list_display = ["token_key", "user", "created", "expiry"]
    search_fields = ["user__username", "token_key"]
    fields = ["token_key", "user", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        api_token_revoke(token=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for token in queryset.select_related("user"):
            api_token_revoke(token=token, actor=request.user)
