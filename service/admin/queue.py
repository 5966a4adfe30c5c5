"""The staff queue (投诉队列): filters, SLA badges, masked complainants, bulk assignment.

The filter form is a django-filter FilterSet, as Wagtail's own listings use, but it only
describes the form: its cleaned values become a `ComplaintFilter` and the selector
`complaints_for_staff` applies them (permission scoping, SLA flags in SQL, ordering), so
the queue, the API and the reports read complaints the same way. Each page read writes
one audit row.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views import generic

from content.selectors import projects_for_staff
from service.choices import Category, Severity, Status
from service.models import Complaint
from service.permissions import VIEW
from service.selectors import (
    ComplaintFilter,
    complainant_contact,
    complaint_handlers,
    complaint_queue_audit,
    complaints_for_staff,
    departments_all,
)

ORDERINGS = [
    ("newest", gettext_lazy("最新受理")),
    ("overdue", gettext_lazy("超时优先")),
    ("severity", gettext_lazy("级别优先")),
    ("due", gettext_lazy("即将到期")),
    ("oldest", gettext_lazy("最早受理")),
]
SEVERITY_TAG = {
    Severity.MAJOR: "w-status--label",
    Severity.HOT: "w-status--label",
    Severity.IMPORTANT: "w-status--primary",
    Severity.NORMAL: "",
}


class ComplaintFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("状态"), choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    severity = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("级别"), choices=Severity.choices, widget=forms.CheckboxSelectMultiple
    )
    category = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("类别"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    project = django_filters.ModelMultipleChoiceFilter(
        label=gettext_lazy("楼盘"), queryset=lambda request: projects_for_staff()
    )
    department = django_filters.ModelMultipleChoiceFilter(
        label=gettext_lazy("处理部门"), queryset=lambda request: departments_all()
    )
    handler = django_filters.ModelMultipleChoiceFilter(
        label=gettext_lazy("处理人"), queryset=lambda request: complaint_handlers()
    )
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("超时"),
        choices=[("yes", gettext_lazy("已超时")), ("no", gettext_lazy("未超时"))],
        empty_label=gettext_lazy("全部"),
        widget=forms.RadioSelect,
    )
    ordering = django_filters.ChoiceFilter(
        label=gettext_lazy("排序"),
        choices=ORDERINGS,
        empty_label=None,
        null_label=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Complaint
        fields: list[str] = []


def complaint_filter_from(data: dict) -> ComplaintFilter:
    """The selector's filter from the filter form's cleaned values."""
    overdue = {"yes": True, "no": False}.get(data.get("overdue") or "")
    return ComplaintFilter(
        status=list(data.get("status") or []),
        severity=list(data.get("severity") or []),
        category=list(data.get("category") or []),
        project_ids=[p.pk for p in data.get("project") or []],
        department_ids=[d.pk for d in data.get("department") or []],
        handler_ids=[u.pk for u in data.get("handler") or []],
        overdue=overdue,
        ordering=data.get("ordering") or "newest",
    )


def sla_badge(complaint: Complaint) -> str:
    """Overdue (response or handling), or when the next clock runs out."""
    if getattr(complaint, "response_overdue", False):
        return format_html('<span class="w-status w-status--label">{}</span>', _("响应超时"))
    if getattr(complaint, "handling_overdue", False):
        return format_html('<span class="w-status w-status--label">{}</span>', _("处理超时"))
    due = None
    if complaint.acknowledged_at is None:
        due = complaint.first_response_due_at
    elif complaint.status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS) and (
        complaint.handler_id is None or complaint.handling_recorded_at is None
    ):
        due = complaint.handling_due_at
    if due is None:
        return ""
    left = due - timezone.now()
    hours = max(int(left.total_seconds() // 3600), 0)
    text = (
        _("%(h)d 小时内到期") % {"h": hours + 1}
        if hours < 48
        else _("%(when)s 到期") % {"when": date_format(timezone.localtime(due), "m-d H:i")}
    )
    return format_html('<span class="w-status w-status--primary">{}</span>', text)


class ValueColumn(Column):
    def __init__(self, name, *, value, **kwargs):
        self.value = value
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return self.value(instance)


def complaint_detail_url(complaint: Complaint) -> str:
    return reverse("service_complaint:detail", args=[complaint.reference])


class ComplaintIndexView(generic.IndexView):
    """The queue. Needs `service.view_complaint`; anyone else gets 403."""

    model = Complaint
    permission_policy = None  # dispatch() checks the service permission
    filterset_class = ComplaintFilterSet
    paginate_by = 100
    results_template_name = "wagtailadmin/generic/index_results.html"
    template_name = "service/admin/complaint_index.html"
    page_title = gettext_lazy("投诉队列")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def selector_filter(self) -> ComplaintFilter:
        if self.filters is not None and self.filters.is_valid():
            return complaint_filter_from(self.filters.form.cleaned_data)
        return ComplaintFilter()

    def get_base_queryset(self):
        return complaints_for_staff(
            actor=self.request.user, filters=self.selector_filter
        ).select_related("member__user")

    def order_queryset(self, queryset):
        return queryset  # the selector orders (see ComplaintFilterSet.ordering)

    def filter_queryset(self, queryset):
        return queryset  # the selector filters

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        rows = list(result[2])
        f = self.selector_filter
        complaint_queue_audit(
            actor=self.request.user,
            filters={k: v for k, v in vars(f).items() if v not in (None, [], "")},
            row_count=len(rows),
        )
        return (*result[:2], rows, result[3])

    def get_inspect_url(self, instance):
        return complaint_detail_url(instance)

    def get_edit_url(self, instance):
        return None

    def get_add_url(self):
        return reverse("service_complaint:add")

    @cached_property
    def add_item_label(self):
        return _("录入投诉")

    @cached_property
    def columns(self):
        user = self.request.user
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="complaint"),
            TitleColumn(
                "reference",
                label=_("投诉编号"),
                url_name=None,
                get_url=complaint_detail_url,
                get_title_id=lambda c: f"complaint_{c.pk}_title",
            ),
            Column("title", label=_("标题")),
            ValueColumn(
                "complainant",
                label=_("投诉人"),
                value=lambda c: "{name} {phone}".format(
                    **complainant_contact(complaint=c, actor=user)
                ),
            ),
            ValueColumn("category", label=_("类别"), value=lambda c: c.get_category_display()),
            ValueColumn(
                "project", label=_("楼盘"), value=lambda c: c.project.title if c.project_id else "-"
            ),
            ValueColumn(
                "severity",
                label=_("级别"),
                value=lambda c: format_html(
                    '<span class="w-status {}">{}</span>',
                    SEVERITY_TAG.get(c.severity, ""),
                    c.get_severity_display(),
                ),
            ),
            ValueColumn("status", label=_("状态"), value=lambda c: c.get_status_display()),
            ValueColumn(
                "handler",
                label=_("处理人"),
                value=lambda c: (
                    (c.handler.get_full_name() or c.handler.get_username())
                    if c.handler_id
                    else _("未分派")
                ),
            ),
            ValueColumn("sla", label=_("时限"), value=sla_badge),
            ValueColumn(
                "created_at",
                label=_("受理时间"),
                value=lambda c: date_format(timezone.localtime(c.created_at), "Y-m-d H:i"),
            ),
        ]
