"""The club's URLs plus the peer's: /peer/graphql/ and /peer/api/v2/ (bench only)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from portal.api import API_FIELDS
from portal.bench.peer.schema import schema as peer_schema
from portal.urls import urlpatterns as club_urlpatterns


class StockPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's stock pages endpoint; only the page types' API fields are added (stock
    Wagtail reads them from `api_fields` on the models, which ours keep in portal/api.py)."""

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + API_FIELDS.get(model, [])


peer_api = WagtailAPIRouter("peerapi")
peer_api.register_endpoint("pages", StockPagesAPIViewSet)

urlpatterns = [
    path("peer/graphql/", csrf_exempt(GraphQLView.as_view(schema=peer_schema))),
    path("peer/api/v2/", peer_api.urls),
    *club_urlpatterns,
]
