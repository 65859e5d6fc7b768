from rest_framework import serializers

from org.models import Appointment, AssessmentGroup, Cadre, GroupMembership, Post, SanctionRecord, Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "organization", "parent", "name", "kind", "sort_order", "path"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "unit", "name", "kind", "is_leadership", "headcount"]


class AppointmentSerializer(serializers.ModelSerializer):
    post_name = serializers.CharField(source="post.name", read_only=True)
    unit_name = serializers.CharField(source="post.unit.name", read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "cadre",
            "post",
            "post_name",
            "unit_name",
            "start_date",
            "end_date",
            "start_reason",
            "end_reason",
            "probation_ends_on",
        ]


class CadreSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id",
            "organization",
            "unit",
            "unit_name",
            "employee_no",
            "name",
            "gender",
            "birth_date",
            "rank_grade",
            "work_start_date",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = GroupMembership
        fields = ["cadre", "employee_no", "name"]


class AssessmentGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentGroup
        fields = ["id", "organization", "year", "name"]


class SanctionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SanctionRecord
        fields = ["id", "cadre", "category", "kind", "decided_on", "effective_from", "effective_until", "document_no"]
