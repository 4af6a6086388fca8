"""How documents and views group units (pure): one function, used everywhere a unit list is grouped.

A unit's kind never changes (a district did not become a commune: it ended and communes began), so the
groups of a directive follow from the kinds of the units that existed on its date: a directive of 2020 has
"UBND các huyện, thành phố", one of 2026 "UBND các xã, phường" (a xã and a phường share one group).
"""

from __future__ import annotations

# The order of the groups in every document: departments first, then the local tier of the time.
GROUP_ORDER = ("department", "district", "commune", "other")

_GROUP_OF_KIND = {"department": "department", "district": "district", "xa": "commune", "phuong": "commune",
                  "other": "other"}


def unit_group(kind: str) -> str:
    """The group a unit of this kind is listed under (an unknown kind: 'other')."""
    return _GROUP_OF_KIND.get(str(kind), "other")


def group_rank(kind: str) -> int:
    return GROUP_ORDER.index(unit_group(kind))


def grouped(items, kind_of) -> list[tuple[str, list]]:
    """(group, items) in GROUP_ORDER, empty groups left out; items keep their order within a group."""
    by_group: dict[str, list] = {}
    for item in items:
        by_group.setdefault(unit_group(kind_of(item)), []).append(item)
    return [(group, by_group[group]) for group in GROUP_ORDER if group in by_group]
