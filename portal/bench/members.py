"""Marketing's member reads through GraphQL beside the same data read with the plain ORM.

Each GraphQL case is a whole HTTP request through Django's test client to /graphql/ with
a marketing API token (bearer): middleware, token check and throttle, parsing, validation,
limits, execution, the audit entry and JSON rendering. Its ORM twin reads the same rows
with select_related/prefetch_related, builds one dict per row (masking phone and e-mail
the same way) and json.dumps the lot. Their ratio is what the GraphQL layer costs.
"""

from __future__ import annotations

import cProfile
import io
import json
import math
import pstats
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.test import Client
from graphql_relay import to_global_id

from club.masking import mask_email, mask_phone
from club.models import Member
from content.models import ProjectPage

MEMBERS_QUERY = """
query Members($filter: MemberFilter) {
  members(filter: $filter, first: 100) {
    edges { node {
      id displayName phone email city segment joinedAt isOwner
      preferences { rooms budgetMax purchaseTimeframe interestedProjects { slug name } }
    } }
  }
}
"""
STATS_QUERY = "query Stats { memberStats(groupBy: SEGMENT) { key count } }"
FLOOR_QUERY = "query Floor { __typename }"

# A broad filter (about a fifth of all members match) and a narrow one (about 1%).
FILTERS = {
    "broad": {"segment": ["CHILD_FOCUSED", "AFFLUENT_FAMILY"], "city": ["深圳", "上海"]},
    "narrow": {"segment": ["ELDER_CARE"], "city": ["广州"]},
}


@dataclass(frozen=True)
class Timing:
    label: str
    samples: list[float]  # seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(label: str, call: Callable[[], object], *, runs: int, warmup: int) -> Timing:
    """Call `warmup` times untimed, then `runs` times timed (wall clock, perf_counter)."""
    for _i in range(warmup):
        call()
    samples = []
    for _i in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return Timing(label, samples)


class GraphQLCaller:
    """Posts queries to /graphql/ as a marketing tool does (HTTPS, bearer token)."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def __call__(self, query: str, variables: dict | None = None) -> dict:
        response = self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            secure=True,
            **self.headers,
        )
        body = json.loads(response.content)
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"GraphQL call failed ({response.status_code}): {body}")
        return body


def orm_members_page(filters: dict) -> str:
    """The members page with the plain ORM: the same rows, fields and masking as the API."""
    members = (
        Member.objects.filter(
            has_marketing_consent=True,
            deleted_at__isnull=True,
            segment__in=filters["segment"],
            city__in=filters["city"],
        )
        .select_related("user", "preferences")
        .prefetch_related(
            Prefetch("preferences__interested_projects", queryset=ProjectPage.objects.live())
        )
        .order_by("-joined_at", "-pk")[:100]
    )
    edges = []
    for member in members:
        preferences = member.preferences
        node = {
            "id": to_global_id("Member", member.pk),
            "displayName": member.display_name,
            "phone": mask_phone(member.user.phone),
            "email": mask_email(member.user.email),
            "city": member.city or None,
            "segment": member.segment or None,
            "joinedAt": member.joined_at.isoformat(),
            "isOwner": member.is_owner,
            "preferences": {
                "rooms": preferences.rooms,
                "budgetMax": preferences.budget_max,
                "purchaseTimeframe": preferences.purchase_timeframe or None,
                "interestedProjects": [
                    {"slug": p.slug, "name": p.title} for p in preferences.interested_projects.all()
                ],
            },
        }
        edges.append({"node": node})
    return json.dumps({"data": {"members": {"edges": edges}}}, ensure_ascii=False)


def orm_member_stats() -> str:
    """memberStats(groupBy: SEGMENT) with the plain ORM: one GROUP BY, largest first."""
    rows = (
        Member.objects.filter(has_marketing_consent=True, deleted_at__isnull=True)
        .values("segment")
        .annotate(count=Count("pk"))
        .order_by("-count", "segment")
    )
    buckets = [{"key": r["segment"], "count": r["count"]} for r in rows]
    return json.dumps({"data": {"memberStats": buckets}}, ensure_ascii=False)


def consistency_check(graphql: GraphQLCaller) -> None:
    """Both sides must return the same data, or the comparison means nothing."""
    for filters in FILTERS.values():
        api = graphql(MEMBERS_QUERY, {"filter": filters})["data"]["members"]["edges"]
        orm = json.loads(orm_members_page(filters))["data"]["members"]["edges"]
        if [e["node"]["id"] for e in api] != [e["node"]["id"] for e in orm]:
            raise RuntimeError("GraphQL and ORM return different members")
    api_stats = graphql(STATS_QUERY)["data"]["memberStats"]
    orm_stats = json.loads(orm_member_stats())["data"]["memberStats"]
    if sorted(map(str, api_stats)) != sorted(map(str, orm_stats)):
        raise RuntimeError("GraphQL and ORM member statistics differ")


def bench_cases(graphql: GraphQLCaller) -> list[tuple[str, Callable, Callable]]:
    """(name, GraphQL call, ORM call) for every case measured."""
    cases = []
    for name, filters in FILTERS.items():
        cases.append(
            (
                f"members {name} first:100",
                lambda f=filters: graphql(MEMBERS_QUERY, {"filter": f}),
                lambda f=filters: orm_members_page(f),
            )
        )
    cases.append(("memberStats SEGMENT", lambda: graphql(STATS_QUERY), orm_member_stats))
    return cases


# Indexes proposed for the club app (docs/performance.md), created only on request
# (`--suggested-indexes`) so that a plain run measures the schema the migrations build.
# They match the marketing selectors' WHERE exactly (consent given and not deleted), so
# COUNT and GROUP BY are answered by index-only scans instead of visiting the rows.
SUGGESTED_INDEXES = {
    "bench_mkt_live_segment_city": (
        "CREATE INDEX IF NOT EXISTS bench_mkt_live_segment_city ON club_member "
        "(segment, city) WHERE has_marketing_consent AND deleted_at IS NULL"
    ),
}


def profile_text(call: Callable[[], object], *, runs: int = 10, limit: int = 25) -> str:
    """cProfile of `runs` calls, the functions with the most cumulative time first."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _i in range(runs):
        call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()
