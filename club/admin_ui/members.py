"""Wagtail admin for members: list (filters, search), audited detail, segment override,
purchase recording. Members are never created, edited or deleted through generic model
forms: every change goes through club.services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from club.admin_ui.columns import shown_contact, spreadsheet_safe, yes_no
from club.choices import Segment
from club.selectors import (
    member_contact,
    member_detail_for_staff,
    member_for_staff_action,
    member_points_balance,
    member_points_ledger,
    members_for_staff,
    scopes_for_user,
)
from club.selectors.audiences import audience_condition
from club.selectors.search import member_search
from club.services import purchase_record
from content.selectors import projects_for_staff
from core.errors import DomainError, NotFoundError, PermissionDeniedError


class MaskedContactColumn(Column):
    """Phone or e-mail as the selector's audited read masked it for the viewer."""

    def __init__(self, name, *, kind: str, **kwargs):
        self.kind = kind
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return shown_contact(instance, self.kind)


class MemberIndexView(generic.IndexView):
    """The member list and its CSV/Excel export: one audited read each (club.selectors)."""

    default_ordering = "-joined_at"

    def get_base_queryset(self):
        try:
            queryset = members_for_staff(
                actor=self.request.user,
                operation="admin.member.export" if self.is_export else "admin.member.list",
                filters={k: v for k, v in self.request.GET.items() if k != "p"},
            )
        except PermissionDeniedError:
            raise PermissionDenied
        audience = self.request.GET.get("audience", "")
        if audience:
            # A saved audience's members: the same SQL condition its count and sends use.
            try:
                queryset = queryset.filter(audience_condition(audience_id=int(audience)))
            except ValueError:
                raise Http404
        return queryset

    @cached_property
    def columns(self):
        # The linked first column shows the name as masked for the viewer (王**).
        columns = list(super().columns)
        columns[0] = self._get_title_column("name", accessor=lambda m: shown_contact(m, "name"))
        return columns

    def search_queryset(self, queryset):
        return member_search(actor=self.request.user, queryset=queryset, query=self.search_query)

    def to_row_dict(self, item):
        shown = {
            "name": lambda m: shown_contact(m, "name"),
            "phone": lambda m: shown_contact(m, "phone"),
            "email": lambda m: shown_contact(m, "email"),
            "segment": lambda m: m.get_segment_display(),
            "purchase_timeframe": lambda m: m.get_purchase_timeframe_display(),
            "is_owner": lambda m: yes_no(m.is_owner),
            "has_marketing_consent": lambda m: yes_no(m.has_marketing_consent),
        }
        return {
            field: spreadsheet_safe(shown[field](item) if field in shown else getattr(item, field))
            for field in self.list_export
        }


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
            "points": _("积分"),
        }
        return labels.get(field_name) or super().get_field_label(field_name, field)

    def get_fields_context(self):
        # Other apps add sections to the record (e.g. service: the member's complaints)
        # through this hook, so club needs to know nothing of them.
        fields = super().get_fields_context()
        for section in hooks.get_hooks("club_member_record_sections"):
            fields.extend(section(request=self.request, member=self.object))
        return fields

    # Booleans in the reader's language (是/否), never Python's True/False.
    def get_has_marketing_consent_display_value(self):
        return yes_no(self.object.has_marketing_consent)

    def get_is_owner_display_value(self):
        return yes_no(self.object.is_owner)

    def get_elderly_at_home_display_value(self):
        value = self.object.elderly_at_home
        return "-" if value is None else yes_no(value)

    def get_name_display_value(self):
        return shown_contact(self.object, "name") or "-"

    def get_phone_display_value(self):
        return shown_contact(self.object, "phone") or "-"

    def get_email_display_value(self):
        return shown_contact(self.object, "email") or "-"

    def get_consents_display_value(self):
        rows = [
            (
                _("%(kind)s v%(version)s（%(granted)s，撤回于 %(withdrawn)s）")
                if c.withdrawn_at
                else _("%(kind)s v%(version)s（%(granted)s，有效）")
            )
            % {
                "kind": c.get_kind_display(),
                "version": c.version,
                "granted": f"{c.granted_at:%Y-%m-%d}",
                "withdrawn": f"{c.withdrawn_at:%Y-%m-%d}" if c.withdrawn_at else "",
            }
            for c in self.object.consents.all()
        ]
        return _("；").join(rows) or "-"

    def get_purchases_display_value(self):
        rows = [
            f"{p.project.title} {p.unit}" for p in self.object.purchases.select_related("project")
        ]
        return "；".join(rows) or "-"

    def get_points_display_value(self):
        entries = [
            f"{e.created_at:%Y-%m-%d} {e.points:+d}（{e.get_reason_display()}"
            + (f"：{e.note}" if e.note else "")
            + "）"
            for e in member_points_ledger(member=self.object)
        ]
        balance = member_points_balance(member=self.object)
        return "；".join([_("余额 %(n)d") % {"n": balance}, *entries])

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
    "points",
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
        self.member = member_for_staff_action(member_id=kwargs["pk"])
        if self.member is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        scopes = scopes_for_user(self.request.user)
        return member_contact(member=self.member, scopes=scopes)["name"]

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
    project = forms.ModelChoiceField(label=gettext_lazy("楼盘"), queryset=None)
    unit = forms.CharField(label=gettext_lazy("房号"), max_length=50)
    purchased_on = forms.DateField(label=gettext_lazy("签约日期"), required=False)
    price_yuan = forms.DecimalField(
        label=gettext_lazy("成交总价（元）"), required=False, min_value=1, decimal_places=2
    )
    note = forms.CharField(label=gettext_lazy("备注"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_for_staff()


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
