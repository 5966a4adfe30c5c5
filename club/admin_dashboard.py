"""营销看板: the marketing dashboard of the Wagtail admin, charts and tables.

Behind `club.view_member` (the marketing role's member-data permission; 403 otherwise).
The figures come from club.selectors.dashboard, i.e. the selectors behind the API's
`memberStats` and `referralAttribution`; this view only draws them, as inline SVG bars
(service.charts: no chart library, nothing fetched from elsewhere) and as tables.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from club.choices import Segment
from club.selectors import scopes_for_user
from club.selectors.dashboard import MarketingDashboard, marketing_dashboard
from service.charts import Bar, bar_chart_svg

PERMISSION = "club.view_member"


def _segment_label(key: str) -> str:
    return str(Segment(key).label) if key in Segment.values else _("未分类")


def dashboard_sections(dashboard: MarketingDashboard) -> list[dict]:
    """Each section: a title, its chart, and the same figures as table rows."""
    segments = [(_segment_label(b["key"]), b["count"]) for b in dashboard.by_segment]
    cities = [(b["key"] or _("未填写"), b["count"]) for b in dashboard.by_city]
    growth = [(b["key"], b["count"], b["total"]) for b in dashboard.growth]
    referrals = [
        (
            r["project_title"],
            r["purchases"],
            r["referred_purchases"],
            r["repeat_purchases"],
            _share(r),
        )
        for r in dashboard.referrals
    ]
    consent = dashboard.consent
    return [
        {
            "title": _("会员细分"),
            "chart": bar_chart_svg(
                title=_("会员细分"), bars=[Bar(label=k, value=v) for k, v in segments]
            ),
            "headers": [_("细分"), _("会员数")],
            "rows": segments,
        },
        {
            "title": _("会员城市"),
            "chart": bar_chart_svg(
                title=_("会员城市"), bars=[Bar(label=k, value=v) for k, v in cities]
            ),
            "headers": [_("城市"), _("会员数")],
            "rows": cities,
        },
        {
            "title": _("会员增长（按入会月份）"),
            "chart": bar_chart_svg(
                title=_("每月新入会"), bars=[Bar(label=m, value=n) for m, n, _t in growth]
            ),
            "headers": [_("月份"), _("新入会"), _("累计")],
            "rows": growth,
        },
        {
            "title": _("营销授权率"),
            "chart": bar_chart_svg(
                title=_("营销授权率"),
                unit="%",
                scale=100,
                bars=[Bar(label=_("已授权"), value=consent.percent)],
            ),
            "headers": [_("会员总数"), _("已授权"), _("授权率")],
            "rows": [
                (
                    consent.members,
                    consent.consenting,
                    "—" if consent.percent is None else f"{consent.percent:g}%",
                )
            ],
        },
        {
            "title": _("推荐与复购（按项目）"),
            "chart": bar_chart_svg(
                title=_("推荐或复购成交占比"),
                unit="%",
                scale=100,
                bars=[Bar(label=r[0], value=r[4]) for r in referrals],
            ),
            "headers": [_("项目"), _("成交"), _("推荐成交"), _("复购成交"), _("推荐或复购占比")],
            "rows": [(*r[:4], "—" if r[4] is None else f"{r[4]:g}%") for r in referrals],
        },
    ]


def _share(row: dict) -> float | None:
    """The share of a project's sales from referrals or repeat buyers (the 40-70 % figure)."""
    if not row["purchases"]:
        return None
    return round(100 * row["referred_or_repeat_purchases"] / row["purchases"], 1)


class MarketingDashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "club/admin/marketing_dashboard.html"
    page_title = gettext_lazy("营销看板")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        dashboard = marketing_dashboard(actor=user, scopes=scopes_for_user(user))
        context["sections"] = dashboard_sections(dashboard)
        return context
