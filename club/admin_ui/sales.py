"""Wagtail admin for purchase intents (list + CSV/Excel export) and API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from club.admin_ui.columns import shown_contact, spreadsheet_safe, yuan
from club.models import ApiToken
from club.selectors import api_token_by_id, points_ledger_for_staff, purchase_intents_for_sales
from club.services import api_token_create, api_token_revoke
from core.errors import DomainError, PermissionDeniedError


class PurchaseIntentIndexView(generic.IndexView):
    """Sales' view of intents and their export: one audited read each (club.selectors),
    phones masked unless the PII permission is held, money in yuan, choices by label."""

    default_ordering = "-created_at"

    def get_base_queryset(self):
        try:
            return purchase_intents_for_sales(
                actor=self.request.user,
                operation="admin.intent.export" if self.is_export else "admin.intent.list",
                filters={k: v for k, v in self.request.GET.items() if k != "p"},
            )
        except PermissionDeniedError:
            raise PermissionDenied

    @cached_property
    def columns(self):
        # The linked first column shows the member's name as masked for the viewer (王**).
        columns = list(super().columns)
        columns[0] = self._get_title_column(
            "member", accessor=lambda i: shown_contact(i.member, "name")
        )
        return columns

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "member.name" in row:
            row["member.name"] = shown_contact(item.member, "name")
        if "rooms" in row:
            row["rooms"] = "、".join(str(n) for n in row["rooms"] or [])
        if "member.user.phone" in row:
            row["member.user.phone"] = shown_contact(item.member, "phone")
        if "budget_max" in row:
            row["budget_max"] = yuan(item.budget_max)
        if "purchase_timeframe" in row:
            row["purchase_timeframe"] = item.get_purchase_timeframe_display()
        return {field: spreadsheet_safe(value) for field, value in row.items()}


class ApiTokenForm(WagtailAdminModelForm):
    scopes_choice = forms.MultipleChoiceField(
        label=gettext_lazy("权限范围"),
        choices=[
            (ApiToken.SCOPE_MEMBERS, gettext_lazy("read:members（会员数据，手机号邮箱脱敏）")),
            (ApiToken.SCOPE_MEMBERS_PII, gettext_lazy("read:members:pii（含明文手机号与邮箱）")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    expires_in_days = forms.IntegerField(
        label=gettext_lazy("有效天数"), min_value=1, max_value=366, initial=90
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


class ApiTokenCreateView(generic.CreateView):
    """Issues the token through the service and shows the plaintext exactly once."""

    def save_instance(self):
        data = self.form.cleaned_data
        try:
            token, raw = api_token_create(
                user=data["user"],
                scopes=data["scopes_choice"],
                name=data["name"],
                expires_in_days=data["expires_in_days"],
                actor=self.request.user,
            )
        except DomainError as exc:
            raise forms.ValidationError(exc.message)
        self.raw_token = raw
        return token

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except forms.ValidationError as exc:
            form.add_error(None, exc)
            self.produced_error_message = exc.messages[0]
            return self.form_invalid(form)
        messages.warning(
            self.request,
            _("令牌已创建，请立即复制保存，此后不会再显示：%(token)s") % {"token": self.raw_token},
        )
        return redirect(self.get_success_url())


class ApiTokenIndexView(generic.IndexView):
    default_ordering = "-created_at"

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.request.user.has_perm("club.change_apitoken"):
            buttons.append(
                Button(
                    _("吊销"),
                    url=reverse("club_apitoken_revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


def _token_or_404(pk: int) -> ApiToken:
    token = api_token_by_id(token_id=pk)
    if token is None:
        raise Http404
    return token


class ApiTokenRevokeView(View):
    """POST revokes at once; GET is refused so a link preview cannot revoke."""

    def post(self, request, pk):
        if not request.user.has_perm("club.change_apitoken"):
            raise PermissionDenied
        token = _token_or_404(pk)
        api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("令牌 %(name)s 已吊销。") % {"name": token})
        return redirect("club_apitoken:index")

    def get(self, request, pk):
        if not request.user.has_perm("club.change_apitoken"):
            raise PermissionDenied
        token = _token_or_404(pk)

        return render(request, "club/admin/confirm_revoke.html", {"token": token})


class PointsLedgerIndexView(generic.IndexView):
    """The referral points ledger (积分), read-only: holders of view_pointsledgerentry."""

    default_ordering = "-created_at"

    def get_base_queryset(self):
        try:
            return points_ledger_for_staff(actor=self.request.user)
        except PermissionDeniedError:
            raise PermissionDenied
