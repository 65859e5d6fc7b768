"""Finding the unit a roster row names, and planning the units that do not exist yet.

A row names a unit by a path from an upper unit down (机关/综合科) or by a single name. The first name of a path
(or the single name) is looked up in the whole organization: found once, it is that unit; not found, it is a new
unit under the organization's root; found more than once, the row must give a longer path. The names after it are
children, created when missing.

The lookup is made twice so that the answer does not depend on the order of the rows: first against the existing
units only, which plans every new unit, then against the existing and the planned ones together. A name that would
be ambiguous after the import is therefore ambiguous now, and importing the same file again finds the same units.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from org.models import Organization, Unit


@dataclass(eq=False)
class UnitNode:
    name: str
    parent: "UnitNode | None"
    unit: Unit | None = None  # None: planned, created by the import
    children: dict[str, "UnitNode"] = field(default_factory=dict, repr=False)

    @property
    def is_new(self) -> bool:
        return self.unit is None

    @property
    def label(self) -> str:
        names: list[str] = []
        node: UnitNode | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "/".join(reversed(names))

    @property
    def anchor_path(self) -> str | None:
        """The path of the nearest existing unit at or above this one: a planned unit is created inside it."""
        node: UnitNode | None = self
        while node is not None and node.unit is None:
            node = node.parent
        return node.unit.path if node is not None and node.unit is not None else None


class AmbiguousUnit(ValueError):
    pass


class UnitTree:
    def __init__(self, *, organization: Organization, units: list[Unit], aliases: dict[str, int] | None = None):
        # HR's choices for new names close to existing ones: the label a new unit would have -> the existing unit
        # to use instead (org.roster.names).
        self.aliases = aliases or {}
        nodes = {u.pk: UnitNode(name=u.name, parent=None, unit=u) for u in units}
        for unit in units:
            if unit.parent_id is not None and unit.parent_id in nodes:
                node = nodes[unit.pk]
                node.parent = nodes[unit.parent_id]
                node.parent.children[unit.name] = node
        self.existing = nodes  # unit id -> node
        self.new_nodes: list[UnitNode] = []
        roots = [nodes[u.pk] for u in units if u.parent_id is None]
        if roots:
            # One root is the rule; should there be several, the oldest one takes the new units.
            self.root = roots[0]
        else:
            self.root = UnitNode(name=organization.name, parent=None)
            self.new_nodes.append(self.root)
        self._by_name: dict[str, list[UnitNode]] = {}
        for node in [*nodes.values(), *self.new_nodes]:
            self._by_name.setdefault(node.name, []).append(node)
        self._final_by_name: dict[str, list[UnitNode]] | None = None

    def child(self, parent: UnitNode, name: str) -> UnitNode:
        node = parent.children.get(name)
        if node is None and self.aliases.get(f"{parent.label}/{name}") in self.existing:
            node = self.existing[self.aliases[f"{parent.label}/{name}"]]
            parent.children[name] = node
        if node is None:
            node = UnitNode(name=name, parent=parent)
            parent.children[name] = node
            self.new_nodes.append(node)
            self._final_by_name = None
        return node

    def _named(self, name: str, *, final: bool) -> list[UnitNode]:
        if not final:
            return self._by_name.get(name, [])
        if self._final_by_name is None:
            self._final_by_name = {k: list(v) for k, v in self._by_name.items()}
            for node in self.new_nodes:
                if node is not self.root:
                    self._final_by_name.setdefault(node.name, []).append(node)
        return self._final_by_name.get(name, [])

    def resolve(self, path: tuple[str, ...], *, final: bool) -> UnitNode:
        """`final` False: the first pass, against existing units; True: against existing and planned ones."""
        first, *rest = path
        candidates = self._named(first, final=final)
        if len(candidates) > 1:
            labels = "、".join(sorted(c.label for c in candidates))
            example = sorted(c.label for c in candidates)[0]
            if rest:
                example = "/".join([example, *rest])
            raise AmbiguousUnit(
                _("单位名称“%(name)s”对应多个单位(%(labels)s),请填写完整路径,如“%(example)s”。")
                % {"name": first, "labels": labels, "example": example}
            )
        node = candidates[0] if candidates else self.child(self.root, first)
        for name in rest:
            node = self.child(node, name)
        return node
