"""The content API's GraphQL types, named as in the contract (shared/contract.graphql).

Resolvers only translate model instances into the contract's shape; what a caller may
see was decided by `content.selectors`, and prices by `content.rules.project_price_range`.
"""

from __future__ import annotations

import graphene
from grapple.types.interfaces import get_snippet_interface

from content import rules
from content.choices import MerchantCategory as MerchantCategoryChoices
from content.choices import SalesStatus
from events.selectors import event_seats_left
from portal.graphql.pagination import CountedConnection

ProjectSalesStatus = graphene.Enum.from_enum(
    SalesStatus, name="ProjectSalesStatus", description="A project's sales status (销售状态)."
)


class PresaleLicence(graphene.ObjectType):
    """The pre-sale licence (预售许可证) that allows a project to be advertised."""

    number = graphene.String(required=True)
    issued_on = graphene.Date(required=True)


class PriceRange(graphene.ObjectType):
    """Price per m² in minor units (分), shown only once the project is licensed."""

    min_per_sqm = graphene.Int(required=True)
    max_per_sqm = graphene.Int(required=True)
    currency = graphene.String(required=True, description="ISO 4217 code, e.g. CNY.")


class UnitType(graphene.ObjectType):
    """A unit type (户型) of a project."""

    name = graphene.String(required=True)
    rooms = graphene.Int(required=True)
    area_sqm = graphene.Float(required=True, description="Gross floor area in m².")
    orientation = graphene.String()

    @staticmethod
    def resolve_area_sqm(unit, info) -> float:
        return float(unit.area_sqm)

    @staticmethod
    def resolve_orientation(unit, info) -> str | None:
        return unit.orientation or None


class AdverseFactor(graphene.ObjectType):
    """An adverse factor outside the site boundary (红线外不利因素), disclosed in writing."""

    category = graphene.String(required=True, description="NOISE, ODOUR, POLLUTION, ...")
    name = graphene.String(required=True)
    distance_m = graphene.Int(description="Distance from the site boundary in metres.")
    note = graphene.String()

    @staticmethod
    def resolve_note(factor, info) -> str | None:
        return factor.note or None


class Project(graphene.ObjectType):
    """A property project (楼盘). Before its pre-sale licence only signed-in users see it,
    and nobody sees its prices."""

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    city = graphene.String(required=True)
    district = graphene.String()
    sales_status = graphene.Field(ProjectSalesStatus, required=True)
    presale_licence = graphene.Field(PresaleLicence, description="Null until licensed.")
    price_range = graphene.Field(
        PriceRange, description="Always null while presaleLicence is null."
    )
    unit_types = graphene.List(graphene.NonNull(UnitType), required=True)
    adverse_factors = graphene.List(
        graphene.NonNull(AdverseFactor), required=True, description="红线外不利因素公示"
    )
    adverse_factors_reviewed = graphene.Boolean(
        required=True, description='Disclosure completed (possibly "none identified").'
    )

    @staticmethod
    def resolve_name(project, info) -> str:
        return project.title

    @staticmethod
    def resolve_district(project, info) -> str | None:
        return project.district or None

    @staticmethod
    def resolve_presale_licence(project, info) -> PresaleLicence | None:
        if not rules.project_is_licensed(project):
            return None
        return PresaleLicence(
            number=project.presale_licence_number.strip(),
            issued_on=project.presale_licence_date,
        )

    @staticmethod
    def resolve_price_range(project, info) -> rules.PriceRange | None:
        return rules.project_price_range(project)

    @staticmethod
    def resolve_unit_types(project, info):
        return project.unit_types.all()

    @staticmethod
    def resolve_adverse_factors(project, info):
        return project.adverse_factors.all()


class Event(graphene.ObjectType):
    """A club event (活动)."""

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    starts_at = graphene.DateTime(required=True)
    ends_at = graphene.DateTime()
    venue = graphene.String()
    capacity = graphene.Int(description="Null means no limit.")
    seats_left = graphene.Int(
        description=(
            "Capacity minus the seats held by confirmed registrations (never below 0); "
            "null when capacity is null."
        )
    )
    registration_deadline = graphene.DateTime()
    price = graphene.Int(description="Minor units (分); 0 or null means free.")

    @staticmethod
    def resolve_venue(event, info) -> str | None:
        return event.venue or None

    @staticmethod
    def resolve_seats_left(event, info) -> int | None:
        return event_seats_left(event=event)


class NewsletterIssue(graphene.ObjectType):
    """An issue of the club magazine (会刊)."""

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    issue_number = graphene.Int(required=True)
    published_on = graphene.Date(required=True)


MerchantCategory = graphene.Enum.from_enum(
    MerchantCategoryChoices, name="MerchantCategory", description="特约商户类别"
)


class Merchant(graphene.ObjectType):
    """A partner merchant (特约商户) with its member offer (会员优惠)."""

    class Meta:
        # grapple's snippet queries return merchants too: this type stands in for grapple's
        # (see grapple_types_share), so it keeps grapple's snippet interface.
        interfaces = (get_snippet_interface(),)

    name = graphene.String(required=True)
    category = graphene.Field(MerchantCategory, required=True)
    offer = graphene.String(required=True)
    city = graphene.String(required=True)
    address = graphene.String()
    phone = graphene.String()
    valid_from = graphene.Date()
    valid_until = graphene.Date()

    @staticmethod
    def resolve_address(merchant, info) -> str | None:
        return merchant.address or None

    @staticmethod
    def resolve_phone(merchant, info) -> str | None:
        return merchant.phone or None


class SearchResult(graphene.ObjectType):
    title = graphene.String(required=True)
    url = graphene.String(
        required=True, description="Path below the site root, e.g. /projects/<slug>/."
    )
    type = graphene.String(required=True, description="project, event, article or newsletter.")


class ProjectConnection(CountedConnection):
    class Meta:
        node = Project


class EventConnection(CountedConnection):
    class Meta:
        node = Event


class NewsletterIssueConnection(CountedConnection):
    class Meta:
        node = NewsletterIssue


class MerchantConnection(CountedConnection):
    class Meta:
        node = Merchant


def grapple_types_share() -> None:
    """Let grapple's page types use our UnitType and AdverseFactor types.

    grapple builds one GraphQL type per Django model of the content app and names it after
    the model, so `ProjectPage.unitTypes` would bring a second type called `UnitType`
    (with string-typed fields) into the schema. Pointing grapple's registry at ours before
    the schema is built leaves one type per name, in the contract's shape.
    """
    from grapple.registry import registry

    from content.models import AdverseFactor as AdverseFactorModel
    from content.models import Merchant as MerchantModel
    from content.models import UnitType as UnitTypeModel

    registry.django_models[UnitTypeModel] = UnitType
    registry.django_models[AdverseFactorModel] = AdverseFactor
    registry.snippets[MerchantModel] = Merchant
