"""The organization as the roster finds it: its units, posts, cadres, current appointments, the year's groups and
memberships, read once in a few queries, so that checking ten thousand rows does not ask the database ten thousand
times."""

from collections import Counter
from dataclasses import dataclass

from org.models import Appointment, AssessmentGroup, Cadre, GroupMembership, Organization, Post, Unit


@dataclass
class RosterState:
    """The organization as it is now."""

    units: list[Unit]
    unit_paths: dict[int, str]
    posts: dict[tuple[int, str], Post]
    cadres: dict[str, Cadre]
    open_appointments: dict[int, list[Appointment]]
    holders: Counter
    groups: dict[str, AssessmentGroup]
    group_names: dict[int, str]
    memberships: dict[int, int]
    posts_by_id: dict[int, Post]
    groups_by_id: dict[int, AssessmentGroup]

    @classmethod
    def load(cls, organization: Organization, year: int) -> "RosterState":
        units = list(Unit.objects.filter(organization=organization).order_by("pk"))
        units_by_id = {u.pk: u for u in units}
        posts = list(Post.objects.filter(unit__organization=organization))
        for post in posts:
            post.unit = units_by_id[post.unit_id]
        posts_by_id = {p.pk: p for p in posts}
        cadres = list(Cadre.objects.filter(organization=organization))
        for cadre in cadres:
            # Set here, so that planning logins reads no unit or organization row by row.
            cadre.unit, cadre.organization = units_by_id[cadre.unit_id], organization
        cadres_by_id = {c.pk: c for c in cadres}
        open_appointments: dict[int, list[Appointment]] = {}
        holders: Counter = Counter()
        for appointment in Appointment.objects.filter(
            post__unit__organization=organization, end_date__isnull=True
        ).order_by("start_date", "pk"):
            holders[appointment.post_id] += 1
            holder = cadres_by_id.get(appointment.cadre_id)
            if holder is None:
                continue
            appointment.post = posts_by_id[appointment.post_id]
            appointment.cadre = holder
            open_appointments.setdefault(holder.pk, []).append(appointment)
        groups = list(AssessmentGroup.objects.filter(organization=organization, year=year))
        memberships = dict(
            GroupMembership.objects.filter(year=year, cadre__organization=organization).values_list(
                "cadre_id", "group_id"
            )
        )
        return cls(
            units=units,
            unit_paths={u.pk: u.path for u in units},
            posts={(p.unit_id, p.name): p for p in posts},
            cadres={c.employee_no: c for c in cadres},
            open_appointments=open_appointments,
            holders=holders,
            groups={g.name: g for g in groups},
            group_names={g.pk: g.name for g in groups},
            memberships=memberships,
            posts_by_id=posts_by_id,
            groups_by_id={g.pk: g for g in groups},
        )
