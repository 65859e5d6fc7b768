"""New names close to existing ones (org.roster.similar), and HR's choices about them.

Before the roster creates a unit, a post or a group, its name is compared with the existing ones it could have
meant: every open unit of the organization within the user's scope; the open posts of the same unit; the groups of
the same year. Each close one makes a NearDuplicate in the plan, with "did you mean" candidates; HR chooses per name
to use one of them or to create the new one (`choices`, keyed as in org.roster.plan), and the plan is made again
with the choices. A choice naming anything but one of the offered rows is ignored, so the question stays open.
"""

from org.roster.plan import (
    NEW,
    NearDuplicate,
    group_choice_key,
    post_choice_key,
    unit_choice_key,
)
from org.roster.similar import similar_names


def chosen_id(choices: dict[str, str], key: str) -> int | None:
    value = choices.get(key, "")
    return int(value) if value.isdigit() else None


def unit_aliases(choices: dict[str, str], *, allowed: set[int]) -> dict[str, int]:
    """{label of a new unit: id of the existing unit chosen instead}, among the `allowed` units."""
    aliases = {}
    for key in choices:
        if key.startswith("unit:"):
            unit_id = chosen_id(choices, key)
            if unit_id in allowed:
                aliases[key.removeprefix("unit:")] = unit_id
    return aliases


def find_near_duplicates(*, plan, tree, units, posts_by_unit, groups, choices) -> list[NearDuplicate]:
    """`units`: the open units in scope; `posts_by_unit`: {unit id: its open posts}; `groups`: the year's groups."""
    found = []
    unit_names = [(u.pk, u.name) for u in units]
    for node in plan.new_units:
        if node.parent is None:
            continue  # the organization's first (root) unit: nothing to confuse it with
        key = unit_choice_key(node.label)
        if choices.get(key) == NEW:
            continue
        near = similar_names(node.name, unit_names)
        if near:
            candidates = [(pk, tree.existing[pk].label) for pk, _name in near]
            found.append(NearDuplicate("unit", key, node.name, node.parent.label, candidates))
    for ref in plan.new_posts:
        if ref.node.unit is None:
            continue  # a post of a new unit: the unit has no posts yet
        key = post_choice_key(ref.node.label, ref.name)
        if choices.get(key) == NEW:
            continue
        near = similar_names(ref.name, [(p.pk, p.name) for p in posts_by_unit.get(ref.node.unit.pk, [])])
        if near:
            found.append(NearDuplicate("post", key, ref.name, ref.node.label, near, ref.first_row))
    for name in plan.new_groups:
        key = group_choice_key(name)
        if choices.get(key) == NEW:
            continue
        near = similar_names(name, [(g.pk, g.name) for g in groups])
        if near:
            found.append(NearDuplicate("group", key, name, str(plan.year), near))
    return found
