"""Reads of club content for the APIs: the one place where visibility is decided.

Every list and lookup the GraphQL content API serves goes through these functions, so no
resolver can forget a rule:

- live pages only, in the visitor's language with a fall-back to the default (zh-Hans) for
  pages not translated yet;
- Wagtail view restrictions are honoured for the caller (a login restriction admits any
  signed-in user, a group restriction its groups, a password restriction nobody, since an
  API client cannot present the password form);
- the pre-sale licence rule (DOMAIN.md): a project without a licence that counts today is
  visible only to signed-in users (`ProjectPage.objects.licensed()`, the SQL twin of
  `content.rules.project_is_licensed`). `content.services.project_view_restriction_sync`
  puts such projects behind a login restriction as well; the selectors apply the rule
  explicitly regardless, so a missing restriction row cannot leak a project. Prices are never decided here: the API
  asks `content.rules.project_price_range`, which withholds them from everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone, translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

from content.models import ArticlePage, EventPage, Merchant, NewsletterIssuePage, ProjectPage
from core.text import bigrams, segment

# What a search result calls each kind of page (SearchResult.type in the API).
SEARCH_RESULT_TYPES: dict[type[Page], str] = {
    ProjectPage: "project",
    EventPage: "event",
    ArticlePage: "article",
    NewsletterIssuePage: "newsletter",
}
SEARCH_QUERY_MAX_LENGTH = 100


# --- shared scoping --------------------------------------------------------------------


# Locales are read once per request: `locales_memoised`
# holds what `content_locales` found for each language while the request runs
# (`content.middleware.LocalesOncePerRequestMiddleware`). Outside a
# request (commands, tasks) nothing is memoised, so a locale added meanwhile is seen.
_locales_memo: ContextVar[dict[str, tuple[Locale, Locale]] | None] = ContextVar(
    "content_locales_memo", default=None
)


@contextmanager
def locales_memoised() -> Iterator[None]:
    """Within the block, `content_locales` reads the locales once per language."""
    token = _locales_memo.set({})
    try:
        yield
    finally:
        _locales_memo.reset(token)


def _locales_read() -> tuple[Locale, Locale]:
    default = Locale.get_default()
    try:
        active_code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default, default
    if active_code == default.language_code:
        return default, default
    return Locale.get_active(), default


def content_locales() -> tuple[Locale, Locale]:
    """The active locale (from the request's language) and the default one (zh-Hans)."""
    memo = _locales_memo.get()
    if memo is None:
        return _locales_read()
    language = translation.get_language() or ""
    if language not in memo:
        memo[language] = _locales_read()
    return memo[language]


def _localised(queryset: QuerySet) -> QuerySet:
    """Pages in the active locale; untranslated pages fall back to the default locale."""
    active, default = content_locales()
    if active.pk == default.pk:
        return queryset.filter(locale_id=default.pk)
    translated = queryset.model.objects.filter(locale_id=active.pk, live=True).values(
        "translation_key"
    )
    return queryset.filter(
        Q(locale_id=active.pk) | (Q(locale_id=default.pk) & ~Q(translation_key__in=translated))
    )


def view_restricted_q(*, user) -> Q:
    """Pages under a view restriction (on themselves or an ancestor) that `user` does not
    satisfy, as one correlated NOT-EXISTS-able condition whose size does not depend on how
    many restrictions exist.

    A login restriction admits any signed-in user, a group restriction its groups (and
    superusers), a password restriction nobody, since an API client cannot present the
    password form. `user=None` (or anonymous) is admitted by none: the pages of
    `PageQuerySet.public()`.
    """
    covering = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))  # the page itself or an ancestor
    )
    if user is not None and user.is_authenticated:
        refused = ~Q(restriction_type__in=[PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
        if not user.is_superuser:
            member_of = PageViewRestriction.groups.through.objects.filter(
                pageviewrestriction_id=OuterRef("pk"), group__user=user.pk
            )
            refused |= Q(restriction_type=PageViewRestriction.GROUPS) & ~Exists(member_of)
        covering = covering.filter(refused)
    return Exists(covering.values("pk"))


def _viewable_by(queryset: QuerySet, user) -> QuerySet:
    """Drop pages under a view restriction the user does not satisfy (no query of its own)."""
    return queryset.filter(~view_restricted_q(user=user))


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated


def pages_without_hidden_projects(queryset: QuerySet, *, user) -> QuerySet:
    """Apply the pre-licence rule to any page queryset (the generic paths: grapple's page
    queries, REST API v2, page serving): anonymous users never get a project whose licence
    does not count today, whatever the view-restriction rows say."""
    if not _anonymous(user):
        return queryset
    return queryset.exclude(pk__in=ProjectPage.objects.unlicensed().values("pk"))


def pages_published_for(queryset: QuerySet, *, user) -> QuerySet:
    """What the generic page paths may serve to this user: no hidden project, and no
    untranslated placeholder (an alias of a page of another locale, which Wagtail creates
    for the parents of a translated page: it has the original's language, not its own)."""
    queryset = pages_without_hidden_projects(queryset, user=user)
    return queryset.exclude(Q(alias_of__isnull=False) & ~Q(alias_of__locale=F("locale")))


def pages_published(
    *, user, parent_id: int | str | None = None, ancestor_id: int | str | None = None
) -> QuerySet[Page]:
    """Live, public pages below the tree root that the generic page queries (grapple's
    `page`/`pages`) may return to this user, optionally children or descendants of one."""
    queryset = Page.objects.all()
    if parent_id or ancestor_id:
        anchor = Page.objects.filter(pk=parent_id or ancestor_id).first()
        if anchor is None:
            return Page.objects.none()
        queryset = anchor.get_children() if parent_id else anchor.get_descendants()
    queryset = queryset.live().filter(~view_restricted_q(user=None), depth__gt=1)
    return pages_published_for(queryset, user=user)


def pages_for_api(*, user, site: Site | None) -> QuerySet[Page]:
    """Live pages of a site (and its translations' trees) that the REST API may serve to
    this user: the same view-restriction rule as the GraphQL API, as one subquery, and the
    rules of `pages_published_for`. No site, no pages (as Wagtail's own endpoint)."""
    if site is None:
        return Page.objects.none()
    queryset = _viewable_by(Page.objects.live(), user)
    scoped = queryset.descendant_of(site.root_page, inclusive=True)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for translation in site.root_page.get_translations():
            scoped |= queryset.descendant_of(translation, inclusive=True)
    return pages_published_for(scoped, user=user)


def page_in_preferred_locale(queryset: QuerySet, *, language_code: str | None = None):
    """One page out of the translations a lookup found (a slug or path is shared by a page
    and its translations): the asked locale, else the request's language, else zh-Hans."""
    pages = list(queryset.select_related("locale")[:20])
    if not pages:
        return None
    active, default = content_locales()
    preferred = [language_code.lower()] if language_code else []
    preferred += [active.language_code, default.language_code]
    for code in preferred:
        for page in pages:
            if page.locale.language_code.lower() == code:
                return page
    return pages[0]


# --- projects --------------------------------------------------------------------------


# The project's related rows a reader may ask for; each costs one prefetch query.
PROJECT_RELATED = frozenset({"unit_types", "adverse_factors"})


def projects_visible_to(
    *,
    user,
    city: str | None = None,
    sales_status: str | None = None,
    related: Iterable[str] = PROJECT_RELATED,
) -> QuerySet[ProjectPage]:
    """Live projects the user may see, in tree order, with the `related` rows prefetched
    (by default all of PROJECT_RELATED; an API passes only those its client selected).

    Anonymous visitors see licensed projects only; signed-in users also see the
    pre-licence preview (without prices, see `content.rules.project_price_range`).
    """
    queryset = ProjectPage.objects.live().order_by("path")
    queryset = _viewable_by(_localised(queryset), user)
    if _anonymous(user):
        queryset = queryset.licensed()
    if city:
        queryset = queryset.filter(city=city)
    if sales_status:
        queryset = queryset.filter(sales_status=sales_status)
    wanted = sorted(PROJECT_RELATED.intersection(related))
    return queryset.prefetch_related(*wanted) if wanted else queryset


def project_for(*, user, slug: str, related: Iterable[str] = PROJECT_RELATED) -> ProjectPage | None:
    """The project with this slug if the user may see it, else None (never an error)."""
    return projects_visible_to(user=user, related=related).filter(slug=slug).first()


def projects_live() -> QuerySet[ProjectPage]:
    """Every live project, in tree order, whatever its licence (for other apps' reads).

    Callers decide who sees it: club uses it for the projects a member follows, which
    only the member themself and scoped staff read.
    """
    return ProjectPage.objects.live().order_by("path")


def projects_live_by_slugs(*, slugs: Iterable[str]) -> dict[str, ProjectPage]:
    """Live projects with these slugs, keyed by slug (unknown slugs are simply absent)."""
    return {project.slug: project for project in projects_live().filter(slug__in=list(slugs))}


def projects_for_staff() -> QuerySet[ProjectPage]:
    """All projects, live or not, by title: the choice staff forms offer (e.g. purchases)."""
    return ProjectPage.objects.order_by("title")


def projects_unlicensed_ids() -> list[int]:
    """Ids of projects without a pre-sale licence, for filters a search engine can apply."""
    return list(ProjectPage.objects.unlicensed().values_list("pk", flat=True))


# --- events ----------------------------------------------------------------------------


def events_listed(
    *, user, upcoming: bool | None = None, now: datetime | None = None
) -> QuerySet[EventPage]:
    """Live events: upcoming ones soonest first, past ones latest first, all by start time.

    An event is upcoming until it starts (`starts_at >= now`); one in progress counts as
    past, since it can no longer be registered for.
    """
    now = now or timezone.now()
    queryset = _viewable_by(_localised(EventPage.objects.live()), user)
    if upcoming is True:
        return queryset.filter(starts_at__gte=now).order_by("starts_at", "pk")
    if upcoming is False:
        return queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return queryset.order_by("starts_at", "pk")


def event_for(*, user, slug: str) -> EventPage | None:
    """The live event with this slug if the user may see it, else None."""
    return events_listed(user=user).filter(slug=slug).first()


# --- newsletters -----------------------------------------------------------------------


def newsletters_published(*, user) -> QuerySet[NewsletterIssuePage]:
    """Live issues of the club magazine, newest first."""
    queryset = _viewable_by(_localised(NewsletterIssuePage.objects.live()), user)
    return queryset.order_by("-published_on", "-issue_number", "-pk")


# --- partner merchants -----------------------------------------------------------------


def merchants_listed(
    *, city: str | None = None, category: str | None = None, today: dt.date | None = None
) -> QuerySet[Merchant]:
    """Partner merchants (特约商户) whose member offer is valid today, by city and name."""
    today = today or timezone.localdate()
    queryset = Merchant.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
    ).order_by("city", "name", "pk")
    if city:
        queryset = queryset.filter(city=city)
    if category:
        queryset = queryset.filter(category=category)
    return queryset


# --- search ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    type: str


def _site_relative_path(page: Page, root_paths: list) -> str:
    """The page's path below its site's root page ("/projects/<slug>/").

    This is the path the members' site routes on and the one grapple's
    `page(urlPath: ...)` accepts; it does not depend on where Django mounts Wagtail's
    own page serving.
    """
    for root in root_paths:
        if page.url_path.startswith(root.root_path):
            return "/" + page.url_path[len(root.root_path) :]
    return page.url_path


def searchable_pages_for(*, user) -> QuerySet[Page]:
    """The live pages a search may consider for this user, before any words are matched
    and before view restrictions (which `content_search` applies to the hits).

    Only filters a search engine can apply are used (live, locale, content type, id lists),
    so the same queryset runs on the database backend and on OpenSearch/Elasticsearch.
    Unlicensed projects never reach anonymous users.
    """
    active, default = content_locales()
    queryset = Page.objects.live().type(*SEARCH_RESULT_TYPES)
    queryset = queryset.filter(locale_id__in=sorted({active.pk, default.pk}))
    if _anonymous(user):
        hidden_projects = projects_unlicensed_ids()
        if hidden_projects:
            queryset = queryset.exclude(pk__in=hidden_projects)
    return queryset


def _viewable_hits(pages: list[Page], *, user) -> list[Page]:
    """The hits the user's view restrictions admit, in their order (one query).

    A search engine cannot evaluate the restriction subquery, so it is asked of the
    database for the few pages found rather than of the engine for the whole site.
    """
    if not pages:
        return []
    admitted = set(
        _viewable_by(Page.objects.filter(pk__in=[p.pk for p in pages]), user).values_list(
            "pk", flat=True
        )
    )
    return [page for page in pages if page.pk in admitted]


def _search_viewable(scope: QuerySet, terms: str, *, want: int, user) -> list[Page]:
    """Up to `want` hits for `terms` that the user may view, in the backend's order.

    Restricted hits are rare (their sections are small), so the first slice nearly always
    suffices; when some were dropped, the next slice is asked for.
    """
    found: list[Page] = []
    offset = 0
    while len(found) < want:
        batch = list(scope.specific().search(terms, operator="and")[offset : offset + want])
        found += _viewable_hits(batch, user=user)
        if len(batch) < want:
            break
        offset += want
    return found[:want]


def content_search(*, user, query: str, limit: int) -> list[SearchHit]:
    """Full-text search over live projects, events, news and newsletter issues.

    Pages are matched in two tiers (see core.text). First by words: the query is segmented
    with jieba exactly like the indexed text, and every word must match. Then, while the
    limit is not reached, by character bigrams: every bigram of the query must occur in the
    page, which finds the words jieba cut differently in the page ("验房" inside
    "收房验房", which jieba reads as 收房验/房). Word matches always rank above bigram-only
    ones; within a tier the backend's relevance orders. A page translated into the
    visitor's language replaces its default-language original in the results. Pages under
    a view restriction the user does not satisfy are never returned.
    """
    text = query[:SEARCH_QUERY_MAX_LENGTH]
    words, grams = segment(text), bigrams(text)
    if not grams or limit <= 0:
        return []
    active, default = content_locales()
    bilingual = active.pk != default.pk
    # Fetch extra hits when two locales are searched: some may be twins of each other.
    fetch = limit * 2 if bilingual else limit
    scope = searchable_pages_for(user=user)
    pages = _search_viewable(scope, words, want=fetch, user=user) if words else []
    if len(pages) < fetch and grams != words:
        found = [page.pk for page in pages]
        rest = scope.exclude(pk__in=found) if found else scope
        pages += _search_viewable(rest, grams, want=fetch - len(pages), user=user)
    if bilingual:
        translated = {p.translation_key for p in pages if p.locale_id == active.pk}
        pages = [
            p for p in pages if p.locale_id == active.pk or p.translation_key not in translated
        ]
    root_paths = Site.get_site_root_paths()
    return [
        SearchHit(
            title=page.title,
            url=_site_relative_path(page, root_paths),
            type=SEARCH_RESULT_TYPES.get(type(page), "page"),
        )
        for page in pages[:limit]
    ]
