"""The members area of the Wagtail admin (会员管理): members, purchase intents, API tokens.

Generic add/edit/delete views are switched off for members and tokens: those writes go
through club.services (registration, segment override, purchase recording, token issue
and revocation), the same code the API and the commands use.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from club.admin_dashboard import PERMISSION as DASHBOARD_PERMISSION
from club.admin_dashboard import MarketingDashboardView
from club.admin_ui.audiences import (
    AudienceCreateView,
    AudienceEditView,
    AudienceForm,
    audience_count_cell,
)
from club.admin_ui.columns import ValueColumn, yes_no, yuan
from club.admin_ui.members import (
    MEMBER_INSPECT_FIELDS,
    MaskedContactColumn,
    MemberIndexView,
    MemberInspectView,
    PurchaseRecordView,
    SegmentOverrideView,
)
from club.admin_ui.sales import (
    ApiTokenCreateView,
    ApiTokenForm,
    ApiTokenIndexView,
    ApiTokenRevokeView,
    PointsLedgerIndexView,
    PurchaseIntentIndexView,
)
from club.models import ApiToken, Audience, Member, PointsLedgerEntry, PurchaseIntent


class _ReadOnlyViewSet(ModelViewSet):
    """Listing and inspecting only; no generic create/edit/delete/copy routes or buttons."""

    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    form_fields: list[str] = []  # never used: no add/edit routes
    generic_routes = ("index", "index_results", "inspect", "history", "history_results")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "copy_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name in self.generic_routes]


class MemberViewSet(_ReadOnlyViewSet):
    model = Member
    icon = "user"
    menu_label = _("会员")
    add_to_admin_menu = False
    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    inspect_view_fields = MEMBER_INSPECT_FIELDS
    list_display = [
        "name",
        MaskedContactColumn("phone", kind="phone", label=_("手机号")),
        "city",
        ValueColumn("segment", label=_("客户细分"), value=lambda m: m.get_segment_display()),
        ValueColumn("is_owner", label=_("业主"), value=lambda m: yes_no(m.is_owner)),
        ValueColumn(
            "has_marketing_consent",
            label=_("营销授权"),
            value=lambda m: yes_no(m.has_marketing_consent),
        ),
        "joined_at",
    ]
    list_filter = ["segment", "is_owner", "has_marketing_consent", "purchase_timeframe", "city"]
    # club.selectors.search.member_search: name, referral code, full contacts (PII only).
    search_fields = ["name"]
    list_per_page = 50
    list_export = [
        "name",
        "phone",
        "email",
        "city",
        "segment",
        "purchase_timeframe",
        "is_owner",
        "has_marketing_consent",
        "joined_at",
    ]
    export_headings = {
        "name": _("姓名"),
        "phone": _("手机号"),
        "email": _("电子邮箱"),
        "city": _("城市"),
        "segment": _("客户细分"),
        "purchase_timeframe": _("购房时间"),
        "is_owner": _("业主"),
        "has_marketing_consent": _("营销授权"),
        "joined_at": _("入会时间"),
    }
    export_filename = "members"


class PurchaseIntentViewSet(_ReadOnlyViewSet):
    model = PurchaseIntent
    icon = "form"
    menu_label = _("购房意向")
    add_to_admin_menu = False
    index_view_class = PurchaseIntentIndexView
    list_display = [
        "member",
        "project",
        ValueColumn(
            "purchase_timeframe",
            label=_("购房时间"),
            value=lambda i: i.get_purchase_timeframe_display(),
        ),
        ValueColumn("budget_max", label=_("预算上限（元）"), value=lambda i: yuan(i.budget_max)),
        "created_at",
    ]
    list_filter = ["project", "purchase_timeframe"]
    list_export = [
        "member.name",
        "member.user.phone",
        "project.title",
        "rooms",
        "area_min",
        "area_max",
        "budget_max",
        "purchase_timeframe",
        "note",
        "created_at",
    ]
    export_headings = {
        "member.name": _("会员"),
        "member.user.phone": _("手机号"),
        "project.title": _("楼盘"),
        "rooms": _("意向居室"),
        "area_min": _("最小面积（㎡）"),
        "area_max": _("最大面积（㎡）"),
        "budget_max": _("预算上限（元）"),
        "purchase_timeframe": _("购房时间"),
        "note": _("备注"),
        "created_at": _("登记时间"),
    }
    export_filename = "purchase-intents"
    list_per_page = 50


class ApiTokenViewSet(_ReadOnlyViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("API 令牌")
    add_to_admin_menu = False
    generic_routes = ("index", "index_results", "inspect", "add")
    index_view_class = ApiTokenIndexView
    add_view_class = ApiTokenCreateView
    list_display = ["name", "user", "prefix", "scopes", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["user"]
    inspect_view_fields = [
        "name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    ]

    def get_form_class(self, for_update=False):
        return ApiTokenForm

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = self.get_url_name("add")
        return view_kwargs


class PointsLedgerViewSet(_ReadOnlyViewSet):
    model = PointsLedgerEntry
    icon = "pick"
    menu_label = _("积分记录")
    add_to_admin_menu = False
    generic_routes = ("index", "index_results")
    inspect_view_enabled = False
    index_view_class = PointsLedgerIndexView
    list_display = [
        "member",
        "points",
        ValueColumn("reason", label=_("原因"), value=lambda e: e.get_reason_display()),
        "note",
        "created_by",
        "created_at",
    ]
    list_filter = ["reason"]
    list_per_page = 50


class AudienceViewSet(_ReadOnlyViewSet):
    """Saved audiences: created and changed through club.services.audiences, never deleted
    here (a newsletter send may name one)."""

    model = Audience
    icon = "group"
    menu_label = _("受众")
    add_to_admin_menu = False
    inspect_view_enabled = False
    generic_routes = ("index", "index_results", "add", "edit")
    add_view_class = AudienceCreateView
    edit_view_class = AudienceEditView
    list_display = [
        "name",
        "version",
        ValueColumn("count", label=_("当前人数"), value=audience_count_cell),
        "updated_at",
    ]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return AudienceForm

    def get_common_view_kwargs(self, **kwargs):
        # Keep add and edit (the read-only base turns them off); never delete or copy.
        view_kwargs = ModelViewSet.get_common_view_kwargs(self, **kwargs)
        view_kwargs["delete_url_name"] = None
        view_kwargs["copy_url_name"] = None
        return view_kwargs


class MembersGroup(ViewSetGroup):
    menu_label = _("会员管理")
    menu_icon = "group"
    menu_order = 250
    items = (
        MemberViewSet("club_member"),
        PurchaseIntentViewSet("club_purchaseintent"),
        AudienceViewSet("club_audience"),
        PointsLedgerViewSet("club_pointsledger"),
        ApiTokenViewSet("club_apitoken"),
    )


@hooks.register("register_admin_viewset")
def register_members_admin():
    return MembersGroup()


@hooks.register("register_admin_urls")
def register_member_action_urls():
    return [
        path(
            "club/members/<int:pk>/segment/",
            SegmentOverrideView.as_view(),
            name="club_member_segment",
        ),
        path(
            "club/members/<int:pk>/purchase/",
            PurchaseRecordView.as_view(),
            name="club_member_purchase",
        ),
        path(
            "club/tokens/<int:pk>/revoke/",
            ApiTokenRevokeView.as_view(),
            name="club_apitoken_revoke",
        ),
    ]


class _MarketingDashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DASHBOARD_PERMISSION)


@hooks.register("register_admin_urls")
def register_marketing_dashboard_url():
    return [path("club/dashboard/", MarketingDashboardView.as_view(), name="club_dashboard")]


@hooks.register("register_admin_menu_item")
def marketing_dashboard_menu_item():
    return _MarketingDashboardMenuItem(
        _("营销看板"), reverse("club_dashboard"), icon_name="view", order=190
    )
