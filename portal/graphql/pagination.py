"""Relay connections with `totalCount`, capped page sizes and offset cursors.

Cursors are graphql-relay's (the same format graphene's own connections use).
"""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _
from graphql_relay import cursor_to_offset as relay_cursor_to_offset
from graphql_relay import offset_to_cursor

from portal.graphql.errors import graphql_error
from portal.graphql.limits import Limits


class CountedConnection(graphene.relay.Connection):
    """A Relay connection that also reports how many items match in all."""

    total_count = graphene.Int(required=True)

    class Meta:
        abstract = True

    def resolve_total_count(self, info) -> int:
        # Counted only when a client asks: on a million rows the COUNT costs more than the page.
        if self.length is None:
            self.length = self.queryset.count()
        return self.length


def max_page_size() -> int:
    return Limits.from_settings().max_page_size


def cursor_to_offset(cursor: str) -> int:
    """The offset a cursor stands for (graphql-relay's opaque `arrayconnection:N` cursors)."""
    offset = relay_cursor_to_offset(cursor)
    if offset is None or offset < 0:
        raise graphql_error(_("分页游标无效。"), "INVALID_CURSOR")
    return offset


def page_size(first: int | None) -> int:
    if first is None:
        return Limits.from_settings().default_page_size
    if first < 0:
        raise graphql_error(_("first 不能为负数。"), "INVALID_PAGE_SIZE")
    if first > max_page_size():
        raise graphql_error(
            _("每页最多 %(max)d 条。") % {"max": max_page_size()}, "PAGE_SIZE_TOO_LARGE"
        )
    return first


def connection_from_queryset(
    connection_type: type[CountedConnection],
    queryset: Any,
    *,
    first: int | None,
    after: str | None,
    count: int | None = None,
) -> CountedConnection:
    """One page of `queryset` as a connection: one slice query, plus a COUNT only if the
    client selects `totalCount`.

    Whether a next page exists is asked with EXISTS, without counting. `count` may be supplied when the caller already knows it.
    """
    size = page_size(first)
    start = cursor_to_offset(after) + 1 if after else 0
    # Exactly the page is fetched (reads of personal data are audited by the rows fetched);
    # a full page asks the database whether anything follows.
    items = list(queryset[start : start + size]) if size else []
    edges = [
        connection_type.Edge(node=item, cursor=offset_to_cursor(start + index))
        for index, item in enumerate(items)
    ]
    if size:
        has_next_page = len(items) == size and queryset[start + size :].exists()
    else:
        has_next_page = start < queryset.count()
    page_info = graphene.relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=start > 0,
        has_next_page=has_next_page,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    connection.queryset = queryset
    connection.length = count
    return connection
