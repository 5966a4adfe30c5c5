"""The customer-service area of the admin (客户服务): the queue and a complaint's pages, the
case library, the working calendar's overrides and the departments.

Everything here needs `service.view_complaint`: without it the menu is hidden and every
URL answers 403. Writing the calendar and the departments needs the supervisors'
`service.supervise_complaint` (they move every SLA clock and every escalation).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from service.admin.queue import ComplaintIndexView, ValueColumn
from service.admin.views import ComplaintActionView, ComplaintDetailView, ComplaintIntakeView
from service.models import CaseWriteUp, Department, WorkingCalendarOverride
from service.permissions import SUPERVISE, VIEW
from service.selectors import case_library_search


class ServicePermissionPolicy(ModelPermissionPolicy):
    """View with the service permission; add, change and delete as supervisors."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        return user.has_perm(VIEW if action == "view" else SUPERVISE)

    def users_with_any_permission(self, actions):
        from service.selectors import complaint_handlers

        # Handlers hold the view permission; who of them may write is the supervisors.
        return complaint_handlers()


class ComplaintViewSet(ViewSet):
    """The queue, a complaint's detail page, its action forms and staff entry."""

    name = "service_complaint"
    url_prefix = "service/complaints"
    icon = "warning"
    menu_label = gettext_lazy("投诉队列")
    menu_order = 100
    add_to_admin_menu = False

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        return type(
            "ComplaintMenuItem",
            (MenuItem,),
            {"is_shown": lambda _self, request: request.user.has_perm(VIEW)},
        )

    def get_urlpatterns(self):
        index = ComplaintIndexView.as_view(
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
        )
        results = ComplaintIndexView.as_view(
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            results_only=True,
        )
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("add/", ComplaintIntakeView.as_view(), name="add"),
            path("<str:reference>/", ComplaintDetailView.as_view(), name="detail"),
            path("<str:reference>/<str:action>/", ComplaintActionView.as_view(), name="action"),
        ]


def _detail_url(case: CaseWriteUp) -> str:
    return reverse("service_complaint:detail", args=[case.complaint.reference])


class CaseLibraryIndexView(generic.IndexView):
    """Case write-ups searched by words (service.selectors.case_library_search)."""

    model = CaseWriteUp
    permission_policy = None  # dispatch() checks the service permission
    is_searchable = True
    page_title = gettext_lazy("案例库")
    header_icon = "doc-full-inverse"
    paginate_by = 30

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return case_library_search(actor=self.request.user, query=self.search_query or "")

    def search_queryset(self, queryset):
        return queryset  # the selector searched

    def order_queryset(self, queryset):
        return queryset

    @cached_property
    def columns(self):
        short = lambda text: Truncator(text).chars(60)  # noqa: E731
        return [
            TitleColumn(
                "complaint",
                label=_("投诉"),
                get_url=_detail_url,
                accessor=lambda c: f"{c.complaint.reference} {c.complaint.title}",
            ),
            ValueColumn(
                "project",
                label=_("楼盘"),
                value=lambda c: c.complaint.project.title if c.complaint.project_id else "-",
            ),
            ValueColumn("cause", label=_("原因"), value=lambda c: short(c.cause)),
            ValueColumn("lessons", label=_("经验教训"), value=lambda c: short(c.lessons)),
            ValueColumn(
                "corrective_actions",
                label=_("纠正措施"),
                value=lambda c: short(c.corrective_actions),
            ),
            Column("author", label=_("编写人")),
            ValueColumn(
                "created_at",
                label=_("编写时间"),
                value=lambda c: date_format(c.created_at, "Y-m-d"),
            ),
        ]


class CaseLibraryViewSet(ViewSet):
    name = "service_cases"
    url_prefix = "service/cases"
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("案例库")
    menu_order = 300
    add_to_admin_menu = False
    menu_item_class = ComplaintViewSet.menu_item_class

    def get_urlpatterns(self):
        kwargs = dict(
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
        )
        return [
            path("", CaseLibraryIndexView.as_view(**kwargs), name="index"),
            path(
                "results/",
                CaseLibraryIndexView.as_view(**kwargs, results_only=True),
                name="index_results",
            ),
        ]


class CalendarOverrideViewSet(ModelViewSet):
    model = WorkingCalendarOverride
    icon = "calendar-alt"
    menu_label = gettext_lazy("工作日历")
    menu_order = 400
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["date", "is_working_day", "name"]
    list_display = ["date", "is_working_day", "name"]
    list_filter = ["is_working_day"]


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = gettext_lazy("处理部门")
    menu_order = 500
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["name", "head", "email", "receives_major_reports", "is_intake"]
    list_display = ["name", "head", "email", "receives_major_reports", "is_intake"]


for _model in (WorkingCalendarOverride, Department):
    register_permission_policy(_model, ServicePermissionPolicy(_model))


class ServiceGroup(ViewSetGroup):
    menu_label = gettext_lazy("客户服务")
    menu_icon = "help"
    menu_order = 260
    items = (
        ComplaintViewSet(),
        CaseLibraryViewSet(),
        CalendarOverrideViewSet("service_calendar"),
        DepartmentViewSet("service_department"),
    )
