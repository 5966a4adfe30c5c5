"""What a client selected below a field, so a resolver fetches only what will be read.

Stock graphene-django leaves it to `graphene-django-optimizer` to map selections onto
`select_related`/`prefetch_related`; that package only knows `DjangoObjectType`s (ours are
plain ObjectTypes shaped by the contract) and is unmaintained. The one thing our resolvers
need is the set of field names selected at a path below the current field, through
fragments and inline fragments, which this module answers.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode


def _fields(selection_sets: Iterable, info: GraphQLResolveInfo) -> list[FieldNode]:
    fields: list[FieldNode] = []
    pending = [s for s in selection_sets if s is not None]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                fields.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = info.fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    pending.append(fragment.selection_set)
    return fields


def selected_names(info: GraphQLResolveInfo, *path: str) -> frozenset[str]:
    """Field names (as written in the schema, e.g. `unitTypes`) selected at `path` below the
    field being resolved: `selected_names(info, "edges", "node")` for a connection's nodes.

    A name behind a `@skip`/`@include` directive counts as selected: prefetching a little
    too much is harmless, missing a prefetch would cost a query per row.
    """
    fields = _fields((node.selection_set for node in info.field_nodes), info)
    for name in path:
        fields = _fields((f.selection_set for f in fields if f.name.value == name), info)
    return frozenset(field.name.value for field in fields)
