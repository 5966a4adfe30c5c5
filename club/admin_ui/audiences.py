"""Saved audiences in the admin (会员管理 › 受众): list with live counts, create, edit.

The form's conditions are the AudienceFilter's; saving goes through
club.services.audiences (validation, versions, audit) like the GraphQL mutations. The
"预览人数" button counts the audience the form describes without saving it, so marketing
sees the size while defining it. Each audience links to the member list filtered by it,
whose CSV/Excel export yields exactly the audience's members (`?audience=<id>`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from club.choices import IncomeBand, PurchaseTimeframe, Segment
from club.models import Audience
from club.selectors import scopes_for_user
from club.selectors.audiences import AGE_BAND_LABELS, audience_count
from club.services.audiences import audience_save
from content.selectors import projects_for_staff
from core.errors import DomainError, DomainErrors

YES_NO_ANY = [("", gettext_lazy("不限")), ("1", gettext_lazy("是")), ("0", gettext_lazy("否"))]
LIST_FIELDS = ("segment", "city", "age_band", "income_band", "purchase_timeframe")
PROJECT_FIELDS = ("interested_project", "intent_project", "owner_of_project")
BOOLEAN_FIELDS = ("has_children", "elderly_at_home", "is_owner", "referred", "email_opt_in")
DATE_FIELDS = ("joined_after", "joined_before")


def _multiple(label, choices=()):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO_ANY, required=False)


class AudienceForm(WagtailAdminModelForm):
    segment = _multiple(gettext_lazy("客户细分"), Segment.choices)
    city = forms.CharField(
        label=gettext_lazy("城市"), required=False, help_text=gettext_lazy("多个城市以逗号分隔")
    )
    age_band = _multiple(gettext_lazy("年龄段"), [(b, b) for b in AGE_BAND_LABELS])
    has_children = _yes_no(gettext_lazy("有子女"))
    elderly_at_home = _yes_no(gettext_lazy("与老人同住"))
    income_band = _multiple(gettext_lazy("家庭年收入"), IncomeBand.choices)
    interested_project = _multiple(gettext_lazy("关注楼盘"))
    purchase_timeframe = _multiple(gettext_lazy("购房时间"), PurchaseTimeframe.choices)
    intent_project = _multiple(gettext_lazy("登记购房意向的楼盘"))
    owner_of_project = _multiple(gettext_lazy("已购楼盘（业主）"))
    is_owner = _yes_no(gettext_lazy("业主"))
    joined_after = forms.DateField(label=gettext_lazy("入会日期起（含）"), required=False)
    joined_before = forms.DateField(label=gettext_lazy("入会日期止（不含）"), required=False)
    referred = _yes_no(gettext_lazy("经会员推荐入会"))
    email_opt_in = _yes_no(gettext_lazy("同意接收邮件"))

    class Meta:
        model = Audience
        fields = ["name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        projects = [(p.slug, p.title) for p in projects_for_staff()]
        for name in PROJECT_FIELDS:
            self.fields[name].choices = projects
        if self.instance.pk and not self.is_bound:
            for name, value in self.instance.conditions.items():
                if name in BOOLEAN_FIELDS:
                    value = "1" if value else "0"
                elif name == "city":
                    value = "，".join(value)
                self.initial[name] = value

    def conditions(self) -> dict[str, Any]:
        """The cleaned form as AudienceFilter conditions (empty choices: no condition)."""
        data = self.cleaned_data
        result: dict[str, Any] = {}
        for name in (*LIST_FIELDS, *PROJECT_FIELDS):
            value = data.get(name)
            if name == "city":
                value = [
                    c.strip() for c in (value or "").replace("，", ",").split(",") if c.strip()
                ]
            if value:
                result[name] = list(value)
        for name in BOOLEAN_FIELDS:
            if data.get(name) in ("0", "1"):
                result[name] = data[name] == "1"
        for name in DATE_FIELDS:
            if data.get(name):
                result[name] = data[name]
        return result


class _AudienceSaveMixin:
    """Create and edit save through the service; "预览人数" counts without saving."""

    def form_valid(self, form):
        if "preview" in self.request.POST:
            preview = Audience(conditions=form.conditions())
            try:
                count = audience_count(audience=preview)
            except DomainError as exc:
                form.add_error(None, exc.message)
                return self.form_invalid(form)
            messages.info(self.request, _("符合条件的会员：%(n)d 人") % {"n": count})
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.object = audience_save(
                actor=self.request.user,
                scopes=scopes_for_user(self.request.user),
                audience=self.object if self.object is not None and self.object.pk else None,
                name=form.cleaned_data["name"],
                description=form.cleaned_data.get("description") or "",
                conditions=form.conditions(),
            )
        except DomainError as exc:
            for error in exc.errors if isinstance(exc, DomainErrors) else [exc]:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("受众「%(name)s」已保存（第 %(version)d 版），当前 %(n)d 人。")
            % {
                "name": self.object.name,
                "version": self.object.version,
                "n": audience_count(audience=self.object),
            },
        )
        return redirect(self.get_success_url())


class AudienceCreateView(_AudienceSaveMixin, generic.CreateView):
    object = None


class AudienceEditView(_AudienceSaveMixin, generic.EditView):
    pass


def audience_count_cell(audience: Audience) -> str:
    return format_html(
        '{} <a href="{}?audience={}">{}</a>',
        audience_count(audience=audience),
        reverse("club_member:index"),
        audience.pk,
        _("查看与导出"),
    )


__all__ = ["AudienceCreateView", "AudienceEditView", "AudienceForm", "audience_count_cell"]
