"""Loading what a query asks for about members in a constant number of SQL queries.

The selectors return members with their user and preferences joined in; when the query
asks for the interested projects (a many-to-many) and those projects' unit types and
adverse factors, the club selectors prefetch them with one query each for the whole page,
whatever its length. This module only reads the query to tell them what is asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from club import selectors
from club.models import Member

# GraphQL field name -> the project relation the club selectors prefetch for it.
PROJECT_DETAIL_FIELDS = {"unitTypes": "unit_types", "adverseFactors": "adverse_factors"}


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


def member_loading(info) -> dict:
    """What the current query reads of members, as the club selectors' keyword arguments."""
    names = selected_field_names(info)
    if "interestedProjects" not in names:
        return {"projects": False, "project_details": ()}
    details = tuple(rel for field, rel in PROJECT_DETAIL_FIELDS.items() if field in names)
    return {"projects": True, "project_details": details}


def members_prefetch(members: Iterable[Member], info) -> None:
    """Prefetch, for members already read, what the current query selects."""
    selectors.member_load_related(members=members, **member_loading(info))
