"""grapple's query arguments, checked before grapple hands them to the ORM.

grapple passes `order` straight to `QuerySet.order_by` (any relation path: pages could be
sorted by their followers' birth dates), `id`-like arguments straight to lookups (Django's
"Field 'id' expected a number" reached clients), `contentType` to a model lookup, and a
negative `limit` to a slice that means "all but the last". Each is validated here, in an
execution middleware that runs before every resolver, into a coded error in the user's
language; the ORM never sees a value that is not on the documented list:

| argument | accepted |
|---|---|
| `order` | comma-separated fields of the listed type (below), each optionally prefixed `-` |
| `id`, `parent`, `ancestor`, `collection` | a positive whole number |
| `contentType` | comma-separated `app.Model` of a page type the API exposes |
| `limit` | 1 … `MAX_PAGE_SIZE`; `offset`: 0 or more |
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from graphql import GraphQLError, get_named_type
from grapple.registry import registry
from wagtail.models import Page

from portal.graphql.limits import Limits

PAGE_ORDER = frozenset({"id", "title", "slug", "path", "first_published_at", "last_published_at"})
# The sortable fields of each kind of result, by GraphQL type (or interface) name.
ORDER_FIELDS: dict[str, frozenset[str]] = {
    "PageInterface": PAGE_ORDER,
    "ImageObjectType": frozenset({"id", "title", "created_at"}),
    "DocumentObjectType": frozenset({"id", "title", "created_at"}),
    "CollectionObjectType": frozenset({"id", "name", "path"}),
    "TagObjectType": frozenset({"id", "name"}),
    "SiteObjectType": frozenset({"id", "hostname", "site_name"}),
}
ID_ARGUMENTS = ("id", "parent", "ancestor", "collection")
MAX_ID = 2**31 - 1
_WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")


def _refuse(message: str, code: str, argument: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, "field": argument})


def order_fields_for(info) -> frozenset[str]:
    """The fields a list of this field's type may be ordered by."""
    named = get_named_type(info.return_type)
    names = {named.name, *(interface.name for interface in getattr(named, "interfaces", ()))}
    for name in names:
        if name in ORDER_FIELDS:
            return ORDER_FIELDS[name]
    return frozenset({"id"})


def order_check(order: Any, allowed: frozenset[str]) -> None:
    terms = [term.strip() for term in str(order).split(",")]
    if all(term.removeprefix("-") in allowed for term in terms):
        return
    raise _refuse(
        _("order 只能按以下字段排序（可加前缀 - 表示倒序）：%(fields)s。")
        % {"fields": ", ".join(sorted(allowed))},
        "INVALID_ORDER",
        "order",
    )


def id_check(argument: str, value: Any) -> None:
    text = str(value)
    if _WHOLE_NUMBER.fullmatch(text) and 0 < int(text) <= MAX_ID:
        return
    raise _refuse(_("%(argument)s 必须是正整数。") % {"argument": argument}, "INVALID_ID", argument)


def exposed_page_types() -> frozenset[str]:
    """`app_label.modelname` of every page type the API exposes."""
    return frozenset(
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in registry.models
        if isinstance(model, type) and issubclass(model, Page)
    )


def content_type_check(value: Any) -> None:
    types = exposed_page_types()
    if all(term.strip().lower() in types for term in str(value).split(",")):
        return
    raise _refuse(
        _("contentType 须为本接口提供的页面类型，如 content.ProjectPage。"),
        "INVALID_CONTENT_TYPE",
        "contentType",
    )


def size_check(*, limit: Any, offset: Any, limits: Limits) -> None:
    if limit is not None and not (1 <= limit <= limits.max_page_size):
        raise _refuse(
            _("limit 必须在 1 到 %(max)d 之间。") % {"max": limits.max_page_size},
            "INVALID_PAGE_SIZE",
            "limit",
        )
    if offset is not None and offset < 0:
        raise _refuse(_("offset 不能为负数。"), "INVALID_OFFSET", "offset")


class GrappleArgumentsMiddleware:
    """Execution middleware: grapple's arguments are checked before any resolver runs."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def resolve(self, next_: Callable, root: Any, info: Any, **arguments: Any) -> Any:
        if arguments:
            self.check(info, arguments)
        return next_(root, info, **arguments)

    def check(self, info, arguments: dict[str, Any]) -> None:
        if arguments.get("order") is not None:
            order_check(arguments["order"], order_fields_for(info))
        for name in ID_ARGUMENTS:
            if arguments.get(name) is not None:
                id_check(name, arguments[name])
        if arguments.get("content_type") is not None:
            content_type_check(arguments["content_type"])
        if "limit" in arguments or "offset" in arguments:
            size_check(
                limit=arguments.get("limit"), offset=arguments.get("offset"), limits=self.limits
            )
