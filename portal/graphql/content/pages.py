"""grapple's `page` and `pages` queries, with the club's visibility rules and locales.

grapple looks pages up with Wagtail's `.live().public()` only, so the pre-licence rule
would rest on view-restriction rows alone, and `page(slug:)` fails with "more than one
page" as soon as a page is translated (a translation shares its original's slug). These
resolvers replace grapple's (this mixin comes first in the root Query, so its fields and
resolvers win) and keep its arguments, adding `locale`. Everything else is grapple's.
"""

from __future__ import annotations

import graphene
from django.db.models import Q
from grapple.types.interfaces import get_page_interface
from grapple.types.pages import get_preview_page, get_site_filter
from grapple.utils import resolve_queryset

from content import selectors
from portal.graphql.permissions import request_user


def _content_type_q(content_type: str) -> Q:
    query = Q()
    for dotted in content_type.split(","):
        # As grapple does (validating the argument into a coded error is the API limits'
        # job, not this resolver's).
        app_label, model = dotted.strip().lower().split(".")
        query |= Q(content_type__app_label=app_label, content_type__model=model)
    return query


class ClubPagesQuery:
    page = graphene.Field(
        get_page_interface(),
        id=graphene.ID(),
        slug=graphene.String(),
        url_path=graphene.String(),
        token=graphene.String(description="Preview token as passed by wagtail-headless-preview."),
        content_type=graphene.String(description="app.ModelName, e.g. content.ProjectPage."),
        in_site=graphene.Boolean(default_value=False),
        site=graphene.String(),
        locale=graphene.String(
            description=(
                "Language of the page when a slug or path is shared by translations "
                "(zh-hans, en). Defaults to the request's language, then zh-hans."
            )
        ),
    )

    @staticmethod
    def resolve_page(root, info, **kwargs):
        if kwargs.get("token"):
            return get_preview_page(kwargs["token"])
        queryset = selectors.pages_published(user=request_user(info.context))
        site = get_site_filter(info, **kwargs)
        if site is not None:
            queryset = queryset.in_site(site)
        if kwargs.get("content_type"):
            queryset = queryset.filter(_content_type_q(kwargs["content_type"]))
        if kwargs.get("id"):
            queryset = queryset.filter(pk=kwargs["id"])
        elif kwargs.get("slug"):
            queryset = queryset.filter(slug=kwargs["slug"])
        elif kwargs.get("url_path"):
            url_path = kwargs["url_path"].rstrip("/") + "/"
            if site is not None:
                url_path = f"{site.root_page.url_path}{url_path.lstrip('/')}"
                queryset = queryset.filter(url_path=url_path)
            else:
                queryset = queryset.filter(url_path__endswith=url_path)
        else:
            return None
        page = selectors.page_in_preferred_locale(queryset, language_code=kwargs.get("locale"))
        return page.specific if page is not None else None

    @staticmethod
    def resolve_pages(root, info, **kwargs):
        queryset = selectors.pages_published(
            user=request_user(info.context),
            parent_id=kwargs.get("parent"),
            ancestor_id=kwargs.get("ancestor"),
        )
        site = get_site_filter(info, **kwargs)
        if site is not None:
            queryset = queryset.in_site(site)
        elif kwargs.get("site") is not None or kwargs.get("in_site"):
            return queryset.none()
        content_type = kwargs.pop("content_type", None)
        if content_type:
            queryset = queryset.filter(_content_type_q(content_type))
        return resolve_queryset(queryset.specific(), info, **kwargs)
