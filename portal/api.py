"""Wagtail's REST API v2, read-only, with the pre-licence rule applied.

Which pages: live pages of the requested site whose view restrictions the caller satisfies,
decided as for the GraphQL API (`content.selectors.pages_for_api`: one subquery however many
restrictions exist, where Wagtail's own endpoint reads them all on each call; a password
restriction admits no API client), and the pre-licence rule on top
(`content.selectors.pages_without_hidden_projects`): anonymous
clients never see a project whose licence does not count today, signed-in ones see the
preview. The login restriction rows are only a second wall.

Which fields: the API fields of each page type are declared here, beside the API, rather
than on the models. Projects expose no raw price column; `price_range` and
`presale_licence` are computed by `content.rules`, so they are null before the licence for
everyone, and a client cannot filter or order by price either.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from content import rules, selectors
from content.models import ArticlePage, EventPage, Merchant, NewsletterIssuePage, ProjectPage
from core.ratelimit import RateLimited, rate_limit_request


class PriceRangeField(serializers.Field):
    """The project's price range per m² in 分, or null before the pre-sale licence."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, project):
        price_range = rules.project_price_range(project)
        if price_range is None:
            return None
        return {
            "min_per_sqm": price_range.min_per_sqm,
            "max_per_sqm": price_range.max_per_sqm,
            "currency": price_range.currency,
        }


class PresaleLicenceField(serializers.Field):
    """The pre-sale licence number and date, or null while the project has none."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, project):
        if not rules.project_is_licensed(project):
            return None
        return {
            "number": project.presale_licence_number.strip(),
            "issued_on": project.presale_licence_date.isoformat(),
        }


class UnitTypeSerializer(serializers.Serializer):
    name = serializers.CharField()
    rooms = serializers.IntegerField()
    area_sqm = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False)
    orientation = serializers.CharField()


class AdverseFactorSerializer(serializers.Serializer):
    category = serializers.CharField()
    name = serializers.CharField()
    distance_m = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


API_FIELDS: dict[type, list[APIField]] = {
    ProjectPage: [
        APIField("city"),
        APIField("district"),
        APIField("address"),
        APIField("sales_status"),
        APIField("intro"),
        APIField("adverse_factors_reviewed"),
        APIField("presale_licence", serializer=PresaleLicenceField()),
        APIField("price_range", serializer=PriceRangeField()),
        APIField("unit_types", serializer=UnitTypeSerializer(many=True, read_only=True)),
        APIField("adverse_factors", serializer=AdverseFactorSerializer(many=True, read_only=True)),
    ],
    EventPage: [
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("city"),
        APIField("venue"),
        APIField("capacity"),
        APIField("registration_deadline"),
        APIField("price"),
        APIField("intro"),
    ],
    ArticlePage: [APIField("date"), APIField("intro")],
    NewsletterIssuePage: [
        APIField("issue_number"),
        APIField("published_on"),
        APIField("summary"),
    ],
}


class SearchRateLimitMixin:
    """`?search=` is a search: counted against the `search` door (core/ratelimit.py) and
    answered 429 with Retry-After beyond it, like the GraphQL search."""

    def listing_view(self, request):
        if request.GET.get("search", "").strip():
            try:
                rate_limit_request(request, door="search")
            except RateLimited as refused:
                return Response(
                    {"message": refused.message, "code": refused.code},
                    status=429,
                    headers={"Retry-After": str(refused.retry_after)},
                )
        return super().listing_view(request)


class ClubPagesAPIViewSet(SearchRateLimitMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint with the club's API fields per page type."""

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + API_FIELDS.get(model, [])

    _base_queryset = None

    def get_base_queryset(self):
        # Wagtail asks for it up to three times per request (listing, filters, serializer
        # context), and its own version reads every view restriction each time.
        if self._base_queryset is None:
            try:
                site = SiteFilterValidator(
                    site=self.request.GET.get("site"), request=self.request
                ).site_obj
            except ValueError as error:  # as Wagtail's endpoint answers it
                raise BadRequestError(str(error)) from error
            self._base_queryset = selectors.pages_for_api(user=self.request.user, site=site)
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")  # every item's meta.locale
        if self.request.GET.get("search", "").strip():
            # Search backends translate only filters on indexed fields; the visibility rules
            # (one NOT EXISTS over view restrictions, the alias rule) reach them as the ids
            # they admit, so a search never sees more than the listing would.
            ids = list(queryset.values_list("pk", flat=True))
            queryset = queryset.model.objects.filter(pk__in=ids).select_related("locale")
        if queryset.model is ProjectPage:
            asked = set(self.request.GET.get("fields", "").split(","))
            related = selectors.PROJECT_RELATED if "*" in asked else asked
            wanted = sorted(selectors.PROJECT_RELATED.intersection(related))
            if wanted:
                queryset = queryset.prefetch_related(*wanted)
        return queryset


class ClubImagesAPIViewSet(SearchRateLimitMixin, ImagesAPIViewSet):
    pass


class ClubDocumentsAPIViewSet(SearchRateLimitMixin, DocumentsAPIViewSet):
    pass


class MerchantsAPIViewSet(SearchRateLimitMixin, BaseAPIViewSet):
    """Partner merchants (特约商户) with a member offer valid today, read-only.

    `?city=` and `?category=` filter through the selector (the only read of merchants)."""

    model = Merchant
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "category",
        "offer",
        "city",
        "address",
        "phone",
        "valid_from",
        "valid_until",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "name",
        "category",
        "offer",
        "city",
    ]
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {"city", "category"}

    def get_queryset(self):
        return selectors.merchants_listed(
            city=self.request.GET.get("city") or None,
            category=self.request.GET.get("category") or None,
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ClubPagesAPIViewSet)
api_router.register_endpoint("images", ClubImagesAPIViewSet)
api_router.register_endpoint("documents", ClubDocumentsAPIViewSet)
api_router.register_endpoint("merchants", MerchantsAPIViewSet)
