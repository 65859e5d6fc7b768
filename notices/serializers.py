from typing import cast

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.workdays import format_date_zh
from notices import selectors
from notices.models import Notice
from org.models import Unit


class NoticeSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    due_date_zh = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "occurrence",
            "title",
            "body",
            "url",
            "due_date",
            "due_date_zh",
            "calendar_warning",
            "is_read",
            "read_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_due_date_zh(self, notice) -> str | None:
        return format_date_zh(notice.due_date) if notice.due_date else None


class InboxQuerySerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False, label=_("只看未读"))


class MarkAllReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class DeadlineQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], required=False, allow_blank=True, label=_("期限类别"))
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(), required=False, allow_null=True, label=_("单位")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(serializers.ChoiceField, self.fields["kind"]).choices = [kind.code for kind in selectors.deadline_kinds()]
        # A unit outside the user's scope is answered like one that does not exist.
        unit_field = cast(serializers.PrimaryKeyRelatedField, self.fields["unit"])
        unit_field.queryset = selectors.deadline_units(user)  # type: ignore[arg-type]  # the stubs' Manager | QuerySet union trips the descriptor check


class DeadlineRowSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind_code")
    kind_label = serializers.CharField()
    subject = serializers.CharField()
    unit_name = serializers.CharField()
    due_date = serializers.DateField()
    due_date_zh = serializers.CharField()
    days_left = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    url = serializers.CharField()
