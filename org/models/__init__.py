"""The org app's models, one module per topic; every model is importable from `org.models`."""

from org.models.access import AccountActivation, RoleAssignment
from org.models.groups import AssessmentGroup, GroupMembership
from org.models.people import Appointment, Cadre, SanctionRecord
from org.models.structure import Organization, Post, Unit

__all__ = [
    "AccountActivation",
    "Appointment",
    "AssessmentGroup",
    "Cadre",
    "GroupMembership",
    "Organization",
    "Post",
    "RoleAssignment",
    "SanctionRecord",
    "Unit",
]
