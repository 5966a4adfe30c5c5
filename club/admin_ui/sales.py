"""Wagtail admin for purchase intents (list + CSV/Excel export) and API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from club.masking import mask_phone
from club.models import ApiToken
from club.selectors import member_read_audit, purchase_intents_for_sales, scopes_for_user
from club.services import api_token_create, api_token_revoke
from core.errors import DomainError, PermissionDeniedError


class PurchaseIntentIndexView(generic.IndexView):
    """Sales' view of intents; exports carry phones masked unless the PII permission is held."""

    default_ordering = "-created_at"

    def get_base_queryset(self):
        try:
            return purchase_intents_for_sales(actor=self.request.user)
        except PermissionDeniedError:
            raise PermissionDenied

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "rooms" in row:
            row["rooms"] = "、".join(str(n) for n in row["rooms"] or [])
        if "member.user.phone" in row:
            phone = item.member.user.phone
            if "read:members:pii" in scopes_for_user(self.request.user):
                row["member.user.phone"] = str(phone) if phone else ""
            else:
                row["member.user.phone"] = mask_phone(phone) or ""
        return row

    def render_to_response(self, context, **response_kwargs):
        rows = context.get("object_list") or []
        member_read_audit(
            actor=self.request.user,
            scopes=scopes_for_user(self.request.user),
            operation="admin.intent.export" if self.is_export else "admin.intent.list",
            filters={k: v for k, v in self.request.GET.items() if k != "p"},
            row_count=len(rows),
        )
        return super().render_to_response(context, **response_kwargs)


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


class ApiTokenRevokeView(View):
    """POST revokes at once; GET is refused so a link preview cannot revoke."""

    def post(self, request, pk):
        if not request.user.has_perm("club.change_apitoken"):
            raise PermissionDenied
        token = get_object_or_404(ApiToken, pk=pk)
        api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("令牌 %(name)s 已吊销。") % {"name": token})
        return redirect("club_apitoken:index")

    def get(self, request, pk):
        if not request.user.has_perm("club.change_apitoken"):
            raise PermissionDenied
        token = get_object_or_404(ApiToken, pk=pk)
        from django.shortcuts import render

        return render(request, "club/admin/confirm_revoke.html", {"token": token})
