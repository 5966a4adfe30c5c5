from django.views.decorators.csrf import ensure_csrf_cookie
from graphene_django.views import GraphQLView

graphql_view = ensure_csrf_cookie(GraphQLView.as_view())
