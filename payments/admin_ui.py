"""Sales' view of deposits in the Wagtail admin: per project, by priority number, with
CSV/Excel export (Wagtail's export, as club's purchase intents)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from club.admin_ui.columns import ValueColumn, shown_contact, spreadsheet_safe, yuan
from core.errors import PermissionDeniedError
from payments.models import Deposit
from payments.selectors import deposits_for_sales


class DepositIndexView(generic.IndexView):
    """One audited read per list or export (payments.selectors.deposits_for_sales)."""

    default_ordering = "priority_number"

    def get_base_queryset(self):
        try:
            return deposits_for_sales(
                actor=self.request.user,
                operation="admin.deposit.export" if self.is_export else "admin.deposit.list",
                filters={k: v for k, v in self.request.GET.items() if k != "p"},
            )
        except PermissionDeniedError:
            raise PermissionDenied from None

    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns[0] = self._get_title_column("priority_number", accessor=lambda d: d.priority_number)
        return columns

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "member.name" in row:
            row["member.name"] = shown_contact(item.member, "name")
        if "member.user.phone" in row:
            row["member.user.phone"] = shown_contact(item.member, "phone")
        if "amount" in row:
            row["amount"] = yuan(item.amount)
        if "status" in row:
            row["status"] = item.get_status_display()
        return {field: spreadsheet_safe(value) for field, value in row.items()}


class DepositViewSet(ModelViewSet):
    """Listing and export only: deposits change through payments.services, never a form."""

    model = Deposit
    icon = "tag"
    menu_label = _("诚意金")
    menu_order = 260
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields: list[str] = []
    index_view_class = DepositIndexView
    list_display = [
        "priority_number",
        ValueColumn("member", label=_("会员"), value=lambda d: shown_contact(d.member, "name")),
        "project",
        ValueColumn("amount", label=_("金额（元）"), value=lambda d: yuan(d.amount)),
        ValueColumn("status", label=_("状态"), value=lambda d: d.get_status_display()),
        "paid_at",
    ]
    list_filter = ["project", "status"]
    list_export = [
        "project.title",
        "priority_number",
        "member.name",
        "member.user.phone",
        "amount",
        "status",
        "paid_at",
        "refund_requested_at",
        "refunded_at",
    ]
    export_headings = {
        "project.title": _("楼盘"),
        "priority_number": _("排号"),
        "member.name": _("会员"),
        "member.user.phone": _("手机号"),
        "amount": _("金额（元）"),
        "status": _("状态"),
        "paid_at": _("支付时间"),
        "refund_requested_at": _("申请退款时间"),
        "refunded_at": _("退款时间"),
    }
    export_filename = "deposits"
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "copy_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name in ("index", "index_results")]
