"""`manage.py bench_content`: the public content API beside stock peers, over HTTP.

Both sides are served by one gunicorn (2 sync workers, DEBUG off, PostgreSQL, settings
`portal.bench.settings`): the club's /graphql/ and /api/v2/ and the peer's /peer/graphql/
(stock graphene-django over plain models holding the same rows) and /peer/api/v2/
(Wagtail's stock pages endpoint over the same pages). A small load client — threads, one
HTTP/1.1 connection per request as gunicorn's sync workers close them — sends anonymous
GETs for a fixed time per round; rounds alternate between the two sides. Method and
figures: docs/performance.md.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import transaction

PROJECT_FIELDS = "slug name city district salesStatus unitTypes { name rooms areaSqm orientation }"
LIST_QUERY = "{ projects(first: 20) { edges { node { %s } } } }" % PROJECT_FIELDS  # noqa: UP031
DETAIL_QUERY = '{ project(slug: "%%s") { %s } }' % PROJECT_FIELDS  # noqa: UP031
REST_FIELDS = "city,district,sales_status,unit_types"


@transaction.atomic
def peer_rows_copy() -> int:
    """Copy the projects an anonymous visitor sees (and their unit types) into the peer's
    plain tables, replacing what was there. Returns the number of projects."""
    from content.selectors import projects_visible_to
    from portal.bench.peer.models import PeerProject, PeerUnitType

    PeerProject.objects.all().delete()
    projects = list(projects_visible_to(user=None, related={"unit_types"}))
    for position, project in enumerate(projects):
        peer = PeerProject.objects.create(
            slug=project.slug,
            name=project.title,
            city=project.city,
            district=project.district or None,
            sales_status=project.sales_status,
            position=position,
        )
        PeerUnitType.objects.bulk_create(
            PeerUnitType(
                project=peer,
                name=unit.name,
                rooms=unit.rooms,
                area_sqm=float(unit.area_sqm),
                orientation=unit.orientation or None,
                position=index,
            )
            for index, unit in enumerate(project.unit_types.all())
        )
    return len(projects)


@dataclass
class Target:
    """One GET request of one side."""

    side: str
    path: str

    @classmethod
    def graphql(cls, side: str, prefix: str, query: str) -> Target:
        return cls(side, f"{prefix}graphql/?" + urlencode({"query": query}))


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    failures: int = 0


def _fetch(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Language": "zh-hans"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def body_of(port: int, target: Target) -> dict:
    status, body = _fetch(port, target.path)
    if status != 200:
        raise RuntimeError(f"{target.side} {target.path[:60]}: HTTP {status} {body[:200]!r}")
    return json.loads(body)


def load_round(port: int, target: Target, *, seconds: float, connections: int) -> Round:
    """Send requests from `connections` threads for `seconds`; every latency is kept."""
    result = Round()
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        mine, failures = [], 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status, _body = _fetch(port, target.path)
            mine.append(time.perf_counter() - started)
            failures += status != 200
        with lock:
            result.latencies.extend(mine)
            result.failures += failures

    threads = [threading.Thread(target=client) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


@dataclass
class Summary:
    p50_ms: float
    p95_ms: float
    rps: float
    failures: int


def summarise(rounds: list[Round]) -> Summary:
    latencies = sorted(x for r in rounds for x in r.latencies)
    count = len(latencies)
    p95 = latencies[min(count - 1, max(0, int(round(0.95 * count)) - 1))]
    return Summary(
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=p95 * 1000,
        rps=count / sum(r.seconds for r in rounds),
        failures=sum(r.failures for r in rounds),
    )


def compare(
    port: int, ours: Target, peer: Target, *, rounds: int, seconds: float, connections: int
) -> tuple[Summary, Summary]:
    """Alternate rounds of the two sides (after one warm-up round each)."""
    load_round(port, ours, seconds=1, connections=connections)
    load_round(port, peer, seconds=1, connections=connections)
    measured: dict[str, list[Round]] = {"ours": [], "peer": []}
    for _ in range(rounds):
        measured["ours"].append(load_round(port, ours, seconds=seconds, connections=connections))
        measured["peer"].append(load_round(port, peer, seconds=seconds, connections=connections))
    return summarise(measured["ours"]), summarise(measured["peer"])


def table_row(name: str, ours: Summary, peer: Summary) -> str:
    ratio = ours.p50_ms / peer.p50_ms
    return (
        f"| {name} | {peer.p50_ms:.1f} / {peer.p95_ms:.1f} ms, {peer.rps:,.0f} req/s "
        f"| {ours.p50_ms:.1f} / {ours.p95_ms:.1f} ms, {ours.rps:,.0f} req/s "
        f"| **{ratio:.2f}** (req/s {peer.rps / ours.rps:.2f}) |"
    )
