"""A minimal stock graphene-django schema: DjangoObjectType, DjangoConnectionField.

Field names match the club's `Project` type, so the same document runs on both and the
answers can be compared. The list prefetches unit types, as any sane stock schema would.
"""

import graphene
from graphene import relay
from graphene_django import DjangoConnectionField, DjangoObjectType

from portal.bench.peer.models import PeerProject, PeerUnitType


class UnitType(DjangoObjectType):
    class Meta:
        model = PeerUnitType
        fields = ("name", "rooms", "area_sqm", "orientation")


class Project(DjangoObjectType):
    class Meta:
        model = PeerProject
        fields = ("slug", "name", "city", "district", "sales_status", "unit_types")
        interfaces = (relay.Node,)

    unit_types = graphene.List(graphene.NonNull(UnitType), required=True)

    @staticmethod
    def resolve_unit_types(project, info):
        return project.unit_types.all()


class Query(graphene.ObjectType):
    projects = DjangoConnectionField(Project)
    project = graphene.Field(Project, slug=graphene.String(required=True))

    @staticmethod
    def resolve_projects(root, info, **kwargs):
        return PeerProject.objects.prefetch_related("unit_types")

    @staticmethod
    def resolve_project(root, info, slug):
        return PeerProject.objects.prefetch_related("unit_types").filter(slug=slug).first()


schema = graphene.Schema(query=Query)
