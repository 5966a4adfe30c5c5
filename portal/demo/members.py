"""Bulk demo members (`manage.py load_demo_data --members N`): volume for marketing queries.

What it makes, per member: a user (unique mainland mobile in E.164, an e-mail at a reserved
example domain for ~85%), the member row with household answers from which club/segments.py
derives the DOMAIN.md segment shares, a join time in the last three years, preferences with
interested projects, the terms consent and, for ~70%, an active marketing consent (the
denormalised flag kept in step); ~20% joined through a referral; some registered purchase
intents; some bought (owners), crediting their referrer in the points ledger.

Why it is written this way:
- Speed: rows are generated in Python and written in chunks of `batch_size` with COPY on
  PostgreSQL (bulk_create elsewhere, see portal/demo/bulk.py); each chunk is one
  transaction, so memory stays flat and an interrupted run keeps what it committed.
- Passwords: every bulk user gets the same unusable password (Django's "!" marker), computed
  once. Hashing a million passwords with PBKDF2 would take hours, and a million accounts
  sharing a publicly known password would be a door left open wherever the demo data was
  loaded with --force. The demo member 13800138000 remains the one to sign in with.
- Idempotent: bulk users are recognised by their username prefix; asking for N members when
  M exist creates N - M more (none when M >= N), continuing the numbering, so phones,
  e-mails and referral codes stay unique. Indexes that would clash with an existing
  account (someone registered that phone) are skipped.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from club.choices import ConsentKind, LedgerReason
from club.models import Member, Preferences, Purchase
from club.segments import derive_segment
from club.services import consent_current_version
from content.models import ProjectPage
from content.rules import project_is_licensed
from portal.demo.bulk import ids_allocate, in_background, is_postgresql, tables_analyze
from portal.demo.member_people import (
    Person,
    answered_children,
    email_for,
    person_make,
    phone_for_index,
    referral_code_for_index,
)
from portal.demo.member_rows import ChunkRows
from portal.demo.projects import PROJECTS

USERNAME_PREFIX = "demo-m-"
SOURCE = "DEMO"
JOIN_WINDOW_DAYS = 3 * 365
REFERRED_SHARE = 0.20
REFERRER_POOL_SIZE = 100_000
INTENT_SHARE = 0.20  # of members with interested projects (DOMAIN.md: 400 of 2,000)


def bulk_member_count() -> int:
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).count()


def demo_members_generate(
    *,
    count: int,
    batch_size: int = 10_000,
    seed: int = 2026,
    progress: bool | None = None,
    today: dt.date | None = None,
) -> int:
    """Top the bulk demo members up to `count`; returns how many were created.

    `progress` None shows the progress bar only on a terminal.
    """
    missing = count - bulk_member_count()
    if missing <= 0:
        return 0
    loader = _Loader.start(seed=seed, today=today or timezone.localdate())
    created = 0
    with tqdm(
        total=missing, unit="member", disable=None if progress is None else not progress
    ) as bar:
        for rows in _chunks(loader, missing=missing, batch_size=batch_size):
            with transaction.atomic():
                rows.write()
            created += len(rows.members)
            bar.update(len(rows.members))
    tables_analyze()
    return created


def _chunks(loader: _Loader, *, missing: int, batch_size: int) -> Iterator[ChunkRows]:
    """The chunks to write, `missing` members in all.

    On PostgreSQL the next chunk is generated in a background thread while the current one
    is written, so Python and the database server work at the same time (ids come from
    sequences, which any connection may draw from). Elsewhere, one after the other.
    """

    def produce() -> Iterator[ChunkRows]:
        produced = 0
        while produced < missing:
            rows = loader.chunk_rows(min(batch_size, missing - produced))
            produced += len(rows.members)
            yield rows

    if is_postgresql():
        yield from in_background(produce())
    else:
        yield from produce()


@dataclass(frozen=True)
class _Project:
    pk: int
    title: str
    city: str
    licensed: bool
    price_min: int | None
    price_max: int | None


@dataclass
class _Loader:
    seed: int
    today: dt.date
    now: dt.datetime
    next_index: int
    cities: list[str]
    projects: list[_Project]
    password: str
    sales_user_id: int | None
    referrers: list[tuple[int, float]]  # (member id, joined timestamp)
    units_taken: dict[int, set[str]]
    taken: set[str]  # phones, e-mails and referral codes of the accounts that are not bulk
    consent_versions: tuple[str, str]  # (terms, marketing)
    unit_counters: dict[int, int] = field(default_factory=dict)
    seen: int = 0

    @classmethod
    def start(cls, *, seed: int, today: dt.date) -> _Loader:
        User = get_user_model()
        last = (
            User.objects.filter(username__startswith=USERNAME_PREFIX)
            .order_by("-username")
            .values_list("username", flat=True)
            .first()
        )
        projects = [
            _Project(p.pk, p.title, p.city, project_is_licensed(p), p.price_min_per_sqm,
                     p.price_max_per_sqm)
            for p in ProjectPage.objects.live().order_by("pk")
        ]  # fmt: skip
        recent = Member.objects.filter(deleted_at__isnull=True).order_by("-pk")
        units: dict[int, set[str]] = {}
        for project_id, unit in Purchase.objects.values_list("project_id", "unit"):
            units.setdefault(project_id, set()).add(unit)
        return cls(
            seed=seed,
            today=today,
            now=timezone.now(),
            next_index=int(last[len(USERNAME_PREFIX) :]) + 1 if last else 1,
            cities=list(dict.fromkeys(row["city"] for row in PROJECTS)),
            projects=projects,
            password=make_password(None),  # one unusable password for all (see module doc)
            sales_user_id=User.objects.filter(username="sales")
            .values_list("pk", flat=True)
            .first(),
            referrers=[
                (pk, joined.timestamp())
                for pk, joined in recent.values_list("pk", "joined_at")[:REFERRER_POOL_SIZE]
            ],
            units_taken=units,
            taken=_identifiers_of_other_accounts(),
            consent_versions=(
                consent_current_version(ConsentKind.TERMS_PRIVACY),
                consent_current_version(ConsentKind.MARKETING),
            ),
        )

    # --- one chunk --------------------------------------------------------------------

    def chunk_rows(self, size: int) -> ChunkRows:
        """The rows of the next `size` indexes (fewer members if some clash)."""
        start = self.next_index
        self.next_index += size
        # Demo data, not secrets: a seeded generator makes a chunk reproducible.
        rng = random.Random(f"{self.seed}:{start}")  # noqa: S311
        people = [
            person_make(rng=rng, index=i, today=self.today, cities=self.cities)
            for i in range(start, start + size)
        ]
        people = self._without_clashes(people)
        rows = ChunkRows()
        user_ids = ids_allocate(get_user_model(), len(people))
        member_ids = ids_allocate(Member, len(people))
        preference_ids = ids_allocate(Preferences, len(people))
        for person, user_id, member_id, pref_id in zip(
            people, user_ids, member_ids, preference_ids, strict=True
        ):
            self._member_rows(rng, rows, person, user_id, member_id, pref_id)
        purchase_ids = ids_allocate(Purchase, len(rows.purchases))
        rows.purchases = [(pk, *row) for pk, row in zip(purchase_ids, rows.purchases, strict=True)]
        rows.ledger = [(*row, purchase_ids[i]) for i, row in rows.ledger]
        return rows

    def _without_clashes(self, people: list[Person]) -> list[Person]:
        """Drop the indexes whose phone, e-mail or referral code another account has."""
        if not self.taken:
            return people
        return [
            p
            for p in people
            if phone_for_index(p.index) not in self.taken
            and referral_code_for_index(p.index) not in self.taken
            and not (p.has_email and email_for(p) in self.taken)
        ]

    def _join_time(self, rng: random.Random, person: Person) -> dt.datetime:
        """A join time in the last three years (denser recently), never before 18."""
        now_ts = self.now.timestamp()
        first_ts = now_ts - JOIN_WINDOW_DAYS * 86_400
        adult_on = _years_after(person.birth_date, 18)
        adult_ts = dt.datetime.combine(adult_on, dt.time(12), tzinfo=dt.UTC).timestamp()
        low = min(max(first_ts, adult_ts), now_ts)  # 18 today: joined just now
        return dt.datetime.fromtimestamp(low + (now_ts - low) * rng.random() ** 0.8, tz=dt.UTC)

    def _referrer(self, rng: random.Random, joined_ts: float) -> int | None:
        if not self.referrers or rng.random() >= REFERRED_SHARE:
            return None
        for _attempt in range(3):
            pk, their_ts = rng.choice(self.referrers)
            if their_ts < joined_ts:
                return pk
        return None

    def _remember_referrer(self, rng: random.Random, pk: int, joined_ts: float) -> None:
        """Keep a bounded, uniform sample of members as future referrers (reservoir)."""
        self.seen += 1
        if len(self.referrers) < REFERRER_POOL_SIZE:
            self.referrers.append((pk, joined_ts))
        elif rng.random() < REFERRER_POOL_SIZE / self.seen:
            self.referrers[rng.randrange(REFERRER_POOL_SIZE)] = (pk, joined_ts)

    def _member_rows(
        self, rng, rows: ChunkRows, person: Person, user_id, member_id, pref_id
    ) -> None:
        joined_at = self._join_time(rng, person)
        joined_ts = joined_at.timestamp()
        joined_on = joined_at.astimezone(_TZ).date()
        children, answered_on = answered_children(person.children_now, joined_on, self.today)
        segment = derive_segment(
            birth_date=person.birth_date,
            children_ages=children,
            elderly_at_home=person.elderly_at_home,
            income_band=person.income_band,
            answered_on=answered_on,
            today=self.today,
        )
        referrer = self._referrer(rng, joined_ts)
        self._remember_referrer(rng, member_id, joined_ts)
        email = email_for(person) if person.has_email else None
        verified = (
            joined_at + dt.timedelta(minutes=rng.randint(2, 600))
            if email and rng.random() < 0.6
            else None
        )
        rows.users.append((
            user_id, self.password, False, USERNAME_PREFIX + f"{person.index:08d}", "", "",
            False, True, joined_at, email, phone_for_index(person.index), verified,
        ))  # fmt: skip
        interested = self._interests(rng, person)
        purchases = self._purchases(rng, rows, person, member_id, referrer, joined_on, interested)
        rows.members.append((
            member_id, user_id, person.name, person.gender, person.birth_date, person.city,
            person.employer, person.education, children, person.elderly_at_home,
            person.income_band, answered_on if person.answered else None, segment, segment, "",
            joined_at, person.purchase_timeframe, person.marketing, purchases > 0,
            referral_code_for_index(person.index), referrer, "", self.now,
        ))  # fmt: skip
        marketing = person.marketing
        rows.preferences.append((
            pref_id, member_id, person.rooms, person.area_min, person.area_max, person.budget_max,
            person.purchase_timeframe, marketing and email is not None and rng.random() < 0.8,
            marketing and rng.random() < 0.6, marketing and rng.random() < 0.5,
            person.newsletter_topics if marketing else [], person.event_interests, self.now,
        ))  # fmt: skip
        rows.interests.extend((pref_id, p.pk) for p in interested)
        terms, version = self.consent_versions
        rows.consents.append((member_id, ConsentKind.TERMS_PRIVACY, terms, joined_at, None, SOURCE))
        if marketing:
            rows.consents.append(
                (member_id, ConsentKind.MARKETING, version, joined_at, None, SOURCE)
            )
        elif rng.random() < 0.15:  # consented once, withdrew later
            withdrawn = joined_at + (self.now - joined_at) * rng.random()
            rows.consents.append(
                (member_id, ConsentKind.MARKETING, version, joined_at, withdrawn, SOURCE)
            )
        for project in interested[:2] if rng.random() < INTENT_SHARE else ():
            at = joined_at + (self.now - joined_at) * rng.random()
            rows.intents.append((
                member_id, project.pk, person.rooms, person.area_min, person.area_max,
                person.budget_max, person.purchase_timeframe, "", at, at,
            ))  # fmt: skip

    def _interests(self, rng: random.Random, person: Person) -> list[_Project]:
        count = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
        if not count or not self.projects:
            return []
        local = [p for p in self.projects if p.city == person.city]
        chosen: dict[int, _Project] = {}
        for _i in range(count):
            pool = local if local and rng.random() < 0.75 else self.projects
            project = rng.choice(pool)
            chosen[project.pk] = project
        return list(chosen.values())

    def _purchases(
        self, rng, rows: ChunkRows, person, member_id, referrer, joined_on, interested
    ) -> int:
        """Owners: ~3% of members, ~10% of referred ones; some buy twice (repeat buyers)."""
        licensed = [p for p in self.projects if p.licensed]
        if not licensed or rng.random() >= (0.10 if referrer else 0.03):
            return 0
        count = 2 if rng.random() < 0.12 else 1
        preferred = [p for p in interested if p.licensed] or [
            p for p in licensed if p.city == person.city
        ]
        for n in range(count):
            project = rng.choice(preferred if preferred and n == 0 else licensed)
            area = rng.randint(person.area_min, person.area_max)
            price = None
            if project.price_min and project.price_max:
                price = area * rng.randint(project.price_min, project.price_max) // 10_000 * 10_000
            days = (self.today - joined_on).days
            purchased_on = joined_on + dt.timedelta(days=rng.randint(0, max(0, days)))
            recorded = dt.datetime.combine(purchased_on, dt.time(15), tzinfo=_TZ)
            position = len(rows.purchases)
            rows.purchases.append((
                member_id, project.pk, self._unit(project.pk), price, purchased_on, "",
                self.sales_user_id, recorded, referrer,
            ))  # fmt: skip
            if referrer is not None:
                note = f"推荐的会员购房：{project.title}"[:200]
                rows.ledger.append((position, (
                    referrer, _referral_points(), LedgerReason.REFERRAL_PURCHASE, note,
                    self.sales_user_id, recorded,
                )))  # fmt: skip
        return count

    def _unit(self, project_id: int) -> str:
        """The next unsold unit number of the project: building, floor, room (3栋1205)."""
        taken = self.units_taken.setdefault(project_id, set())
        while True:
            n = self.unit_counters.get(project_id, 0)
            self.unit_counters[project_id] = n + 1
            unit = f"{n // 198 + 1}栋{n // 6 % 33 + 1}{n % 6 + 1:02d}"
            if unit not in taken:
                taken.add(unit)
                return unit


_TZ = ZoneInfo(settings.TIME_ZONE)


def _identifiers_of_other_accounts() -> set[str]:
    """Bulk identifiers are unique among themselves by construction; only the accounts
    made otherwise (registrations, the demo member, tests) can clash with them."""
    others = get_user_model().objects.exclude(username__startswith=USERNAME_PREFIX)
    taken: set[str] = set()
    for phone, email in others.values_list("phone", "email"):
        taken.update(str(value) for value in (phone, email) if value)
    taken.update(
        Member.objects.exclude(user__username__startswith=USERNAME_PREFIX).values_list(
            "referral_code", flat=True
        )
    )
    return taken


def _years_after(day: dt.date, years: int) -> dt.date:
    """The anniversary `years` on; a 29 February one falls on 1 March (as club.segments)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _referral_points() -> int:
    return int(getattr(settings, "CLUB_REFERRAL_POINTS", 1000))
