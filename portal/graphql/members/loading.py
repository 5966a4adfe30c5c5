"""Loading what a query asks for about members in a constant number of SQL queries.

The selectors return members with their user and preferences joined in; the interested
projects (a many-to-many) and, when the query asks for them, those projects' unit types
and adverse factors are fetched with one query each for the whole page, whatever its
length. Only live projects are listed, in tree order.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from club.models import Member
from content.models import ProjectPage

INTERESTED_PROJECTS = "preferences__interested_projects"


def selected_field_names(info) -> set[str]:
    """Every field name selected below the field being resolved (fragments expanded)."""
    names: set[str] = set()
    seen_fragments: set[str] = set()

    def walk(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
                walk(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = info.fragments.get(name)
                if fragment is not None and name not in seen_fragments:
                    seen_fragments.add(name)
                    walk(fragment.selection_set)

    for node in info.field_nodes:
        walk(node.selection_set)
    return names


def member_prefetches(info) -> list:
    """The prefetch lookups the current query needs for a list of members."""
    names = selected_field_names(info)
    if "interestedProjects" not in names:
        return []
    lookups: list = [Prefetch(INTERESTED_PROJECTS, queryset=ProjectPage.objects.live())]
    if "unitTypes" in names:
        lookups.append(f"{INTERESTED_PROJECTS}__unit_types")
    if "adverseFactors" in names:
        lookups.append(f"{INTERESTED_PROJECTS}__adverse_factors")
    return lookups


def members_prefetch(members: Iterable[Member], info) -> None:
    """Prefetch, for members already read, what the current query selects."""
    lookups = member_prefetches(info)
    if lookups:
        prefetch_related_objects(list(members), *lookups)
