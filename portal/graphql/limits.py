"""Limits every GraphQL request is held to, so that no single request can exhaust the server.

Applied by the view (portal/graphql/views.py) in this order, cheapest first:

1. request body size (`MAX_BODY_BYTES`) — before the body is read;
2. lexical tokens (`MAX_TOKENS`) — while parsing, so a huge document is never built;
3. introspection (`__schema`, `__type`) — staff only unless DEBUG, as a validation rule;
4. after validation, one walk over the operation that is about to run (fragments
   expanded, variables applied) checks depth (`MAX_DEPTH`), aliases (`MAX_ALIASES`),
   page sizes (`first`/`last` at most `MAX_PAGE_SIZE`) and cost (`MAX_COST`).

Cost is generic, so every domain's queries get it without writing anything: each field
counts once for every time it may be resolved. Below a list field, that count is
multiplied by the list's size: the value of its `first`, `last` or `limit` argument, or
`DEFAULT_PAGE_SIZE` when a Relay connection has none, or `LIST_SIZE` for a plain list
without a size argument (e.g. `unitTypes`). A connection's size applies below its `edges`
(or `nodes`), so `totalCount` and `pageInfo` cost one each. For example
`projects(first: 50) { edges { node { unitTypes { name } } } }` costs
1 (projects) + 1 (edges) + 50 (node) + 50 (unitTypes) + 50 × LIST_SIZE (name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_interface_type,
    is_list_type,
    is_object_type,
    parse,
)
from graphql.execution.values import get_variable_values
from graphql.utilities import get_operation_ast
from graphql.validation import ValidationRule

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
SIZE_ARGUMENTS = ("first", "last", "limit")
CAPPED_SIZE_ARGUMENTS = frozenset({"first", "last"})
CONNECTION_ITEM_FIELDS = frozenset({"edges", "nodes"})


@dataclass(frozen=True)
class Limits:
    max_depth: int = 10
    max_tokens: int = 2000
    max_aliases: int = 15
    max_page_size: int = 100
    max_body_bytes: int = 64 * 1024
    max_cost: int = 50_000
    default_page_size: int = 20
    list_size: int = 20

    @classmethod
    def from_settings(cls) -> Limits:
        """The limits configured in `settings.GRAPHQL_LIMITS` (keys in UPPER_CASE)."""
        configured = getattr(settings, "GRAPHQL_LIMITS", {})
        values = {
            name: configured[name.upper()]
            for name in cls.__dataclass_fields__
            if name.upper() in configured
        }
        return cls(**values)


def limit_error(message: str, code: str) -> GraphQLError:
    return GraphQLError(str(message), extensions={"code": code})


# --- parsing ---------------------------------------------------------------------------


def document_parse(query: Any, *, limits: Limits) -> DocumentNode:
    """Parse a document, refusing documents with more tokens than the limit allows.

    Raises GraphQLError with `extensions.code` QUERY_TOO_LARGE or GRAPHQL_PARSE_FAILED.
    """
    if not isinstance(query, str):
        raise limit_error(_("query 必须是字符串。"), "BAD_REQUEST")
    try:
        return parse(
            query,
            max_lexical_tokens=limits.max_tokens,
            max_comments=limits.max_tokens,
            max_source_length=limits.max_body_bytes,
        )
    except GraphQLError as error:
        if "Parsing aborted" in error.message or "exceeds" in error.message:
            raise limit_error(
                _("查询过长：最多 %(max)d 个词法单元。") % {"max": limits.max_tokens},
                "QUERY_TOO_LARGE",
            ) from None
        raise GraphQLError(
            error.message,
            source=error.source,
            positions=error.positions,
            extensions={"code": "GRAPHQL_PARSE_FAILED"},
        ) from None


# --- introspection ---------------------------------------------------------------------


def introspection_allowed(request) -> bool:
    """Schema introspection: for everyone in DEBUG, otherwise for staff only."""
    if settings.DEBUG:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class NoIntrospectionRule(ValidationRule):
    """Refuse `__schema` and `__type` (`__typename` stays allowed)."""

    def enter_field(self, node: FieldNode, *_args) -> None:
        if node.name.value in INTROSPECTION_FIELDS:
            self.report_error(
                GraphQLError(
                    _("此接口不开放结构查询（introspection）。"),
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


# --- depth, aliases, page sizes and cost ------------------------------------------------


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    limits: Limits
    cost: int = 0
    aliases: int = 0
    errors: dict[str, GraphQLError] = field(default_factory=dict)

    def over_budget(self) -> bool:
        return self.cost > self.limits.max_cost or self.aliases > self.limits.max_aliases

    def fail(self, code: str, message: str, node=None) -> None:
        self.errors.setdefault(code, GraphQLError(message, node, extensions={"code": code}))

    def size_argument(self, node: FieldNode) -> tuple[str, int | None] | None:
        for argument in node.arguments or ():
            name = argument.name.value
            if name not in SIZE_ARGUMENTS:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return name, int(value.value)
            if isinstance(value, VariableNode):
                number = self.variables.get(value.name.value)
                return name, number if isinstance(number, int) else None
            return name, None
        return None

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        *,
        depth: int,
        multiplier: int,
        pending: int | None,
    ) -> None:
        if selection_set is None or self.over_budget():
            return
        for selection in selection_set.selections:
            if self.over_budget():
                return
            if isinstance(selection, FieldNode):
                self.field(selection, parent, depth=depth, multiplier=multiplier, pending=pending)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                self.selections(
                    selection.selection_set,
                    target or parent,
                    depth=depth,
                    multiplier=multiplier,
                    pending=pending,
                )
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value)
                self.selections(
                    fragment.selection_set,
                    target or parent,
                    depth=depth,
                    multiplier=multiplier,
                    pending=pending,
                )

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        *,
        depth: int,
        multiplier: int,
        pending: int | None,
    ) -> None:
        name = node.name.value
        if node.alias is not None:
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                self.fail(
                    "TOO_MANY_ALIASES",
                    _("别名过多：每个请求最多 %(max)d 个。") % {"max": self.limits.max_aliases},
                    node,
                )
                return
        if name == "__typename" or name in INTROSPECTION_FIELDS:
            # Introspection is governed by its own rule; its deep type chains are not
            # client data and must not count against depth or cost.
            return
        depth += 1
        if depth > self.limits.max_depth:
            self.fail(
                "QUERY_TOO_DEEP",
                _("查询嵌套过深：最多 %(max)d 层。") % {"max": self.limits.max_depth},
                node,
            )
            return
        self.cost += max(multiplier, 1)
        if self.cost > self.limits.max_cost:
            self.fail(
                "QUERY_TOO_COSTLY",
                _("查询开销过大（上限 %(max)d）：请减小 first 或减少嵌套的列表。")
                % {"max": self.limits.max_cost},
                node,
            )
            return
        definition = None
        if is_object_type(parent) or is_interface_type(parent):
            definition = parent.fields.get(name)
        if definition is None:
            return
        field_type = get_nullable_type(definition.type)
        named = get_named_type(field_type)
        size_name, requested = self.size_argument(node) or (None, None)
        too_large = requested is not None and requested > self.limits.max_page_size
        if size_name in CAPPED_SIZE_ARGUMENTS and too_large:
            self.fail(
                "PAGE_SIZE_TOO_LARGE",
                _("每页最多 %(max)d 条。") % {"max": self.limits.max_page_size},
                node,
            )
            return
        if requested is not None:
            requested = min(max(requested, 0), self.limits.max_page_size)

        child_multiplier, child_pending = multiplier, None
        if _is_connection(named):
            child_pending = self.limits.default_page_size if requested is None else requested
        elif is_list_type(field_type):
            if pending is not None and name in CONNECTION_ITEM_FIELDS:
                child_multiplier = multiplier * pending
            else:
                child_multiplier = multiplier * (
                    self.limits.list_size if requested is None else requested
                )
        self.selections(
            node.selection_set,
            named,
            depth=depth,
            multiplier=child_multiplier,
            pending=child_pending,
        )


def _is_connection(named: GraphQLNamedType) -> bool:
    return (
        isinstance(named, GraphQLObjectType)
        and "edges" in named.fields
        and "pageInfo" in named.fields
    )


@dataclass(frozen=True)
class OperationCost:
    cost: int
    aliases: int
    errors: list[GraphQLError]


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    limits: Limits,
) -> OperationCost:
    """Measure the operation that will run against depth, alias, page-size and cost limits.

    Call it on a validated document. Variables are coerced the way execution will coerce
    them; invalid ones are reported (code BAD_USER_INPUT) and nothing is measured.
    """
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return OperationCost(0, 0, [])
    coerced = get_variable_values(
        schema,
        operation.variable_definitions or (),
        variables or {},
        max_errors=5,
        hide_suggestions=True,
    )
    if isinstance(coerced, list):
        return OperationCost(
            0,
            0,
            [
                GraphQLError(error.message, error.nodes, extensions={"code": "BAD_USER_INPUT"})
                for error in coerced
            ],
        )
    root = _root_type(schema, operation)
    if root is None:
        return OperationCost(0, 0, [])
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    walk = _Walk(schema=schema, fragments=fragments, variables=coerced, limits=limits)
    walk.selections(operation.selection_set, root, depth=0, multiplier=1, pending=None)
    return OperationCost(walk.cost, walk.aliases, list(walk.errors.values()))


def _root_type(schema: GraphQLSchema, operation: OperationDefinitionNode):
    return schema.get_root_type(operation.operation)
