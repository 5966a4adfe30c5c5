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

from dataclasses import dataclass, replace
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
from graphql.language import Lexer, Source, TokenKind
from graphql.type.introspection import (
    SchemaMetaFieldDef,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
)
from graphql.utilities import get_operation_ast
from graphql.validation import NoSchemaIntrospectionCustomRule

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
# Fields every type has without declaring them; the introspection ones lead into the
# schema's own types, whose depth counts like any other.
META_FIELDS = {
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
    "__typename": TypeNameMetaFieldDef,
}
SIZE_ARGUMENTS = ("first", "last", "limit")
CAPPED_SIZE_ARGUMENTS = frozenset({"first", "last"})
CONNECTION_ITEM_FIELDS = frozenset({"edges", "nodes"})


@dataclass(frozen=True)
class Limits:
    max_depth: int = 10
    # GraphiQL's own introspection query is 13 fields deep; introspection answers come from
    # the schema, so they get their own, slightly deeper, bound (never below max_depth).
    max_introspection_depth: int = 15
    max_tokens: int = 2000
    max_aliases: int = 15
    # Fragment spreads as expanded (a spread inside a fragment spread ten times counts ten
    # times): a small document can otherwise describe an astronomically large operation.
    max_spreads: int = 200
    max_page_size: int = 100
    max_body_bytes: int = 64 * 1024
    max_cost: int = 50_000
    default_page_size: int = 20
    list_size: int = 20
    # Wall-clock budget for validation plus execution (portal/graphql/deadline.py).
    max_seconds: float = 10.0

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

    The tokens are counted by a first pass of the lexer, so an oversized document is told
    apart from a malformed one by what it is, not by the wording of a library message.
    Raises GraphQLError with `extensions.code` QUERY_TOO_LARGE or GRAPHQL_PARSE_FAILED.
    """
    if not isinstance(query, str):
        raise limit_error(_("query 必须是字符串。"), "BAD_REQUEST")
    too_large = limit_error(
        _("查询过长：最多 %(max)d 个词法单元。") % {"max": limits.max_tokens}, "QUERY_TOO_LARGE"
    )
    if len(query) > limits.max_body_bytes:
        raise too_large
    source = Source(query)
    try:
        lexer = Lexer(source)
        for _count in range(limits.max_tokens + 1):
            if lexer.advance().kind == TokenKind.EOF:
                break
        else:
            raise too_large
        return parse(source)
    except GraphQLError as error:
        if error is too_large:
            raise
        raise GraphQLError(
            _("查询语法错误：%(detail)s") % {"detail": _syntax_detail(error)},
            source=error.source,
            positions=error.positions,
            extensions={"code": "GRAPHQL_PARSE_FAILED"},
        ) from None


def _syntax_detail(error: GraphQLError) -> str:
    """Where the syntax error is, for the developer who wrote the query."""
    location = (error.locations or [None])[0]
    if location is None:
        return _("无法解析")
    return _("第 %(line)d 行第 %(column)d 列") % {
        "line": location.line,
        "column": location.column,
    }


# --- introspection ---------------------------------------------------------------------


def introspection_allowed(request) -> bool:
    """Schema introspection: for everyone in DEBUG, otherwise for staff only."""
    if settings.DEBUG:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class NoIntrospectionRule(NoSchemaIntrospectionCustomRule):
    """graphql-core's rule (refuses `__schema`, `__type`; `__typename` stays allowed),
    answering once, in the user's language, with a code (the library reports every field
    of an introspection type, which says nothing more)."""

    reported = False

    def report_error(self, error: GraphQLError) -> None:
        if self.reported:
            return
        self.reported = True
        super().report_error(
            GraphQLError(
                _("此接口不开放结构查询（introspection）。"),
                error.nodes,
                extensions={"code": "INTROSPECTION_DISABLED"},
            )
        )


# --- depth, aliases, spreads, page sizes and cost ------------------------------------


class _Refused(Exception):
    """Stops the walk at the first limit exceeded."""

    def __init__(self, error: GraphQLError) -> None:
        self.error = error


@dataclass(frozen=True)
class _Summary:
    """What a selection set adds below the field that holds it.

    `cost` is counted for a multiplier of 1; a selection set under a list costs its size
    times that (sizes are at least 1, so cost is linear in the multiplier and a
    fragment's summary can be reused wherever it is spread).
    """

    cost: int = 0
    aliases: int = 0
    spreads: int = 0
    depth: int = 0
    introspection_depth: int = 0

    def __add__(self, other: _Summary) -> _Summary:
        return _Summary(
            cost=self.cost + other.cost,
            aliases=self.aliases + other.aliases,
            spreads=self.spreads + other.spreads,
            depth=max(self.depth, other.depth),
            introspection_depth=max(self.introspection_depth, other.introspection_depth),
        )


class _Walk:
    """Summarises an operation bottom-up, each fragment once per context (memoised).

    Every sub-total is checked as soon as it is known, so the walk stops at the first
    limit exceeded; with the memo its work is linear in the document, however the
    fragments multiply each other.
    """

    def __init__(self, *, schema, fragments, variables, limits: Limits) -> None:
        self.schema = schema
        self.fragments: dict[str, FragmentDefinitionNode] = fragments
        self.variables: dict[str, Any] = variables
        self.limits = limits
        self.memo: dict[tuple[str, int | None, bool], _Summary] = {}

    def refuse(self, code: str, message: str, node=None) -> None:
        raise _Refused(GraphQLError(message, node, extensions={"code": code}))

    def check(self, summary: _Summary, node) -> _Summary:
        limits = self.limits
        if summary.aliases > limits.max_aliases:
            self.refuse(
                "TOO_MANY_ALIASES",
                _("别名过多：每个请求最多 %(max)d 个。") % {"max": limits.max_aliases},
                node,
            )
        if summary.spreads > limits.max_spreads:
            self.refuse(
                "TOO_MANY_FRAGMENT_SPREADS",
                _("片段展开过多：每个请求最多 %(max)d 次。") % {"max": limits.max_spreads},
                node,
            )
        if summary.depth > limits.max_depth:
            self.refuse(
                "QUERY_TOO_DEEP",
                _("查询嵌套过深：最多 %(max)d 层。") % {"max": limits.max_depth},
                node,
            )
        if summary.introspection_depth > max(limits.max_depth, limits.max_introspection_depth):
            self.refuse(
                "QUERY_TOO_DEEP",
                _("查询嵌套过深：最多 %(max)d 层。")
                % {"max": max(limits.max_depth, limits.max_introspection_depth)},
                node,
            )
        if summary.cost > limits.max_cost:
            self.refuse(
                "QUERY_TOO_COSTLY",
                _("查询开销过大（上限 %(max)d）：请减小 first 或减少嵌套的列表。")
                % {"max": limits.max_cost},
                node,
            )
        return summary

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
        pending: int | None,
        introspection: bool,
    ) -> _Summary:
        total = _Summary()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent, pending=pending, introspection=introspection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                part = self.selections(
                    selection.selection_set,
                    target or parent,
                    pending=pending,
                    introspection=introspection,
                )
            elif isinstance(selection, FragmentSpreadNode):
                part = self.spread(selection, parent, pending=pending, introspection=introspection)
            else:  # pragma: no cover - the grammar has no other selection
                continue
            total = self.check(total + part, selection)
        return total

    def spread(
        self, node: FragmentSpreadNode, parent, *, pending: int | None, introspection: bool
    ) -> _Summary:
        name = node.name.value
        fragment = self.fragments.get(name)
        if fragment is None:
            return _Summary()
        key = (name, pending, introspection)
        summary = self.memo.get(key)
        if summary is None:
            target = self.schema.get_type(fragment.type_condition.name.value)
            summary = self.selections(
                fragment.selection_set,
                target or parent,
                pending=pending,
                introspection=introspection,
            )
            self.memo[key] = summary
        return self.check(summary + _Summary(spreads=1), node)

    def field(
        self, node: FieldNode, parent, *, pending: int | None, introspection: bool
    ) -> _Summary:
        name = node.name.value
        aliases = 1 if node.alias is not None else 0
        introspection = introspection or name in INTROSPECTION_FIELDS
        definition = META_FIELDS.get(name)
        if definition is None and (is_object_type(parent) or is_interface_type(parent)):
            definition = parent.fields.get(name)
        if definition is None:  # a field validation has already refused
            own = _Summary(cost=1, aliases=aliases)
            return self.check(_deeper(own, introspection=introspection), node)

        field_type = get_nullable_type(definition.type)
        named = get_named_type(field_type)
        size_name, requested = self.size_argument(node) or (None, None)
        if requested is not None:
            self.size_check(node, size_name, requested)
            requested = min(max(requested, 1), self.limits.max_page_size)

        factor, child_pending = 1, None
        if _is_connection(named):
            child_pending = self.limits.default_page_size if requested is None else requested
        elif is_list_type(field_type):
            if pending is not None and name in CONNECTION_ITEM_FIELDS:
                factor = pending
            else:
                factor = self.limits.list_size if requested is None else requested
        below = self.selections(
            node.selection_set, named, pending=child_pending, introspection=introspection
        )
        # Introspection answers come from the schema, not the database: their size is
        # bounded by the schema, so they count for depth but not for cost.
        cost = 0 if introspection else 1 + factor * below.cost
        own = _Summary(
            cost=cost,
            aliases=aliases + below.aliases,
            spreads=below.spreads,
            depth=below.depth,
            introspection_depth=below.introspection_depth,
        )
        return self.check(_deeper(own, introspection=introspection), node)

    def size_check(self, node: FieldNode, size_name: str | None, requested: int) -> None:
        if size_name in CAPPED_SIZE_ARGUMENTS and requested > self.limits.max_page_size:
            self.refuse(
                "PAGE_SIZE_TOO_LARGE",
                _("每页最多 %(max)d 条。") % {"max": self.limits.max_page_size},
                node,
            )
        if size_name == "limit" and requested < 1:
            # grapple slices with a negative limit as "all but the last": never unbounded.
            self.refuse(
                "INVALID_PAGE_SIZE",
                _("limit 必须在 1 到 %(max)d 之间。") % {"max": self.limits.max_page_size},
                node,
            )


def _deeper(summary: _Summary, *, introspection: bool) -> _Summary:
    """The summary one field further from the root."""
    if introspection:
        deepest = max(summary.introspection_depth, summary.depth)
        return replace(summary, introspection_depth=deepest + 1, depth=0)
    deeper_introspection = summary.introspection_depth + 1 if summary.introspection_depth else 0
    return replace(summary, depth=summary.depth + 1, introspection_depth=deeper_introspection)


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
    try:
        summary = walk.selections(operation.selection_set, root, pending=None, introspection=False)
    except _Refused as refused:
        return OperationCost(0, 0, [refused.error])
    return OperationCost(summary.cost, summary.aliases, [])


def _root_type(schema: GraphQLSchema, operation: OperationDefinitionNode):
    return schema.get_root_type(operation.operation)
