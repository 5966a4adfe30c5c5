"""Wagtail admin for members: list (filters, search), audited detail, segment override,
purchase recording. Members are never created, edited or deleted through generic model
forms: every change goes through club.services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from club.choices import Segment
from club.masking import mask_email, mask_phone
from club.models import Member
from club.selectors import (
    member_contact,
    member_detail_for_staff,
    member_read_audit,
    scopes_for_user,
)
from club.services import purchase_record
from club.services.auth import login_identifier
from content.models import ProjectPage
from core.errors import DomainError, NotFoundError, PermissionDeniedError


class MaskedContactColumn(Column):
    """Phone or e-mail, masked unless the viewer holds the PII permission."""

    def __init__(self, name, *, kind: str, **kwargs):
        self.kind = kind
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        scopes = getattr(self, "_scopes", frozenset())
        value = instance.user.phone if self.kind == "phone" else instance.user.email
        if "read:members:pii" in scopes:
            return str(value) if value else ""
        return (mask_phone(value) if self.kind == "phone" else mask_email(value)) or ""

    def get_cell_context_data(self, instance, parent_context):
        request = parent_context.get("request")
        self._scopes = scopes_for_user(request.user) if request else frozenset()
        return super().get_cell_context_data(instance, parent_context)


class MemberIndexView(generic.IndexView):
    default_ordering = "-joined_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    def search_queryset(self, queryset):
        """Exact look-ups for phone, e-mail and referral code (indexed); name by substring."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        identifier = login_identifier(query)
        if identifier.startswith("+86"):
            return queryset.filter(user__phone=identifier)
        if "@" in identifier:
            return queryset.filter(user__email=identifier)
        if len(query) == 8 and query.isalnum() and query.upper() == query:
            return queryset.filter(referral_code=query)
        return queryset.filter(name__icontains=query)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            rows = context.get("object_list") or []
            scopes = scopes_for_user(self.request.user)
            member_read_audit(
                actor=self.request.user,
                scopes=scopes,
                operation="admin.member.list",
                filters={k: v for k, v in self.request.GET.items() if k != "p"},
                row_count=len(rows),
            )
        return context


class MemberInspectView(generic.InspectView):
    """The member's record; opening it is audited, contacts masked without PII permission."""

    contact_fields = ("phone", "email")

    def get_object(self, queryset=None):
        try:
            return member_detail_for_staff(actor=self.request.user, member_id=int(self.pk))
        except PermissionDeniedError:
            raise PermissionDenied
        except (NotFoundError, ValueError):
            raise Http404

    def get_field_label(self, field_name, field):
        labels = {
            "phone": _("手机号"),
            "email": _("电子邮箱"),
            "consents": _("授权同意"),
            "purchases": _("购房记录"),
            "segment_history": _("细分调整记录"),
        }
        return labels.get(field_name) or super().get_field_label(field_name, field)

    def _contact(self):
        return member_contact(member=self.object, scopes=scopes_for_user(self.request.user))

    def get_phone_display_value(self):
        return self._contact()["phone"] or "-"

    def get_email_display_value(self):
        return self._contact()["email"] or "-"

    def get_consents_display_value(self):
        rows = [
            f"{c.get_kind_display()} v{c.version}（{c.granted_at:%Y-%m-%d}"
            + (f" 撤回于 {c.withdrawn_at:%Y-%m-%d}）" if c.withdrawn_at else "，有效）")
            for c in self.object.consents.all()
        ]
        return "；".join(rows) or "-"

    def get_purchases_display_value(self):
        rows = [
            f"{p.project.title} {p.unit}" for p in self.object.purchases.select_related("project")
        ]
        return "；".join(rows) or "-"

    def get_segment_history_display_value(self):
        rows = [
            f"{o.at:%Y-%m-%d %H:%M} {o.actor or '-'}：{o.previous_segment or '-'} → "
            f"{o.segment or _('恢复自动')}（{o.reason}）"
            for o in self.object.segment_overrides.select_related("actor")
        ]
        return "；".join(rows) or "-"

    @property
    def header_more_buttons(self):
        buttons = []
        user = self.request.user
        if user.has_perm("club.override_segment") and not self.object.deleted_at:
            buttons.append(
                Button(
                    _("调整客户细分"),
                    url=reverse("club_member_segment", args=[self.object.pk]),
                    icon_name="tag",
                    priority=10,
                )
            )
        if user.has_perm("club.add_purchase") and not self.object.deleted_at:
            buttons.append(
                Button(
                    _("录入购房"),
                    url=reverse("club_member_purchase", args=[self.object.pk]),
                    icon_name="doc-full",
                    priority=20,
                )
            )
        return buttons


MEMBER_INSPECT_FIELDS = [
    "name",
    "phone",
    "email",
    "gender",
    "birth_date",
    "city",
    "employer",
    "education",
    "children_ages",
    "elderly_at_home",
    "income_band",
    "segment",
    "segment_derived",
    "segment_override",
    "segment_history",
    "joined_at",
    "purchase_timeframe",
    "has_marketing_consent",
    "consents",
    "is_owner",
    "purchases",
    "referral_code",
    "referred_by",
    "deleted_at",
]


class _MemberActionView(WagtailAdminTemplateMixin, FormView):
    """A form on one member whose submission calls one service."""

    template_name = "wagtailadmin/generic/form.html"
    permission: str = ""
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.member = get_object_or_404(Member, pk=kwargs["pk"], deleted_at__isnull=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.member.name

    def inspect_url(self) -> str:
        return reverse("club_member:inspect", args=[self.member.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.path, submit_button_label=self.submit_label)
        return context

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.inspect_url())


class SegmentOverrideForm(forms.Form):
    segment = forms.ChoiceField(
        label=gettext_lazy("客户细分"),
        choices=[("", gettext_lazy("（取消人工指定，恢复自动推导）"))] + list(Segment.choices),
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("调整原因"), widget=forms.Textarea, max_length=1000)


class SegmentOverrideView(_MemberActionView):
    form_class = SegmentOverrideForm
    permission = "club.override_segment"
    page_title = gettext_lazy("调整客户细分")
    submit_label = gettext_lazy("保存")
    success_message = gettext_lazy("客户细分已调整。")

    def get_initial(self):
        return {"segment": self.member.segment_override}

    def perform(self, data):
        from club.services import member_segment_override

        member_segment_override(
            actor=self.request.user,
            member=self.member,
            segment=data["segment"],
            reason=data["reason"],
        )


class PurchaseForm(forms.Form):
    project = forms.ModelChoiceField(
        label=gettext_lazy("楼盘"), queryset=ProjectPage.objects.none()
    )
    unit = forms.CharField(label=gettext_lazy("房号"), max_length=50)
    purchased_on = forms.DateField(label=gettext_lazy("签约日期"), required=False)
    price_yuan = forms.DecimalField(
        label=gettext_lazy("成交总价（元）"), required=False, min_value=1, decimal_places=2
    )
    note = forms.CharField(label=gettext_lazy("备注"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = ProjectPage.objects.order_by("title")


class PurchaseRecordView(_MemberActionView):
    form_class = PurchaseForm
    permission = "club.add_purchase"
    page_title = gettext_lazy("录入购房")
    submit_label = gettext_lazy("录入")
    success_message = gettext_lazy("购房记录已录入，该会员已成为业主。")

    def perform(self, data):
        price = data.get("price_yuan")
        purchase_record(
            actor=self.request.user,
            member=self.member,
            project=data["project"],
            unit=data["unit"],
            purchased_on=data.get("purchased_on"),
            price=int(price * 100) if price is not None else None,
            note=data.get("note") or "",
        )


__all__ = [
    "MEMBER_INSPECT_FIELDS",
    "MaskedContactColumn",
    "MemberIndexView",
    "MemberInspectView",
    "PurchaseRecordView",
    "SegmentOverrideView",
]
