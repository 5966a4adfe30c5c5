"""One complaint in the admin: the detail page (timeline, buttons), its action forms, and
staff entry of phone, walk-in and forum complaints.

Every page that shows a complaint reads it through `complaint_for_staff`, which needs
`service.view_complaint` and writes the audit row; without the permission the answer is
403 before anything is read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import DomainError, NotFoundError
from service.admin.actions import ACTIONS, action_offered, actions_offered, link_choices
from service.admin.errors import form_errors_add
from service.admin.forms import IntakeForm, LowerSeverityForm
from service.admin.queue import sla_badge
from service.choices import Severity
from service.permissions import HANDLE, SUPERVISE, VIEW
from service.selectors import (
    complainant_contact,
    complaint_attachments_for_staff,
    complaint_for_staff,
    complaint_staff_timeline,
    complaint_view_log,
    issue_group_candidates,
)
from service.services import complaint_file


def _index_crumb() -> dict:
    return {"url": reverse("service_complaint:index"), "label": _("投诉队列")}


class _ComplaintMixin(WagtailAdminTemplateMixin):
    permission = VIEW
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW) or not request.user.has_perm(self.permission):
            raise PermissionDenied
        try:
            self.complaint = complaint_for_staff(actor=request.user, reference=kwargs["reference"])
        except NotFoundError:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("service_complaint:detail", args=[self.complaint.reference])


class ComplaintDetailView(_ComplaintMixin, TemplateView):
    template_name = "service/admin/complaint_detail.html"

    def get_page_title(self):
        return self.complaint.reference

    def get_page_subtitle(self):
        return self.complaint.title

    def get_breadcrumbs_items(self):
        return [_index_crumb(), {"url": "", "label": self.complaint.reference}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        complaint = self.complaint
        context = super().get_context_data(**kwargs)
        context.update(
            complaint=complaint,
            contact=complainant_contact(complaint=complaint, actor=user),
            sla=sla_badge(complaint),  # complaint_for_staff annotates the SLA flags
            timeline=complaint_staff_timeline(actor=user, complaint=complaint),
            attachments=complaint_attachments_for_staff(actor=user, complaint=complaint),
            follow_ups=list(complaint.follow_ups.all()),
            case=getattr(complaint, "case_write_up", None),
            actions=[
                {"name": a.name, "label": a.label, "icon": a.icon, "transition": a.is_transition}
                for a in actions_offered(complaint=complaint, user=user)
            ],
            candidates=issue_group_candidates(actor=user, complaint=complaint, limit=5)
            if user.has_perm(HANDLE)
            else [],
            # Who opened this complaint (DOMAIN.md: 查看有记录), for supervisors.
            view_log=list(complaint_view_log(actor=user, complaint=complaint)[:20])
            if user.has_perm(SUPERVISE)
            else [],
            major_without_case=complaint.severity == Severity.MAJOR
            and not hasattr(complaint, "case_write_up"),
        )
        return context


class ComplaintActionView(_ComplaintMixin, FormView):
    """GET: the action's form; POST: the service call, its errors back on the form."""

    template_name = "service/admin/complaint_action.html"

    def dispatch(self, request, *args, **kwargs):
        self.action = ACTIONS.get(kwargs["action"])
        if self.action is None:
            raise Http404
        self.permission = self.action.permission
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not action_offered(action=self.action, complaint=self.complaint, user=request.user):
            messages.error(request, _("投诉当前状态下不能进行此操作。"))
            return redirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def get_form_class(self):
        return self.action.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.action.form_class is LowerSeverityForm:
            kwargs["current"] = self.complaint.severity
        if self.action.name == "link":
            kwargs["choices"] = link_choices(actor=self.request.user, complaint=self.complaint)
        return kwargs

    def get_initial(self):
        c = self.complaint
        if self.action.name == "flags":
            return {
                name: getattr(c, name)
                for name in (
                    "legal_action",
                    "media_exposure",
                    "may_escalate",
                    "needs_outside_support",
                    "people_count",
                    "caused_by_us",
                )
            }
        if self.action.name == "assign":
            return {"department": c.department_id, "handler": c.handler_id}
        if self.action.name == "case" and hasattr(c, "case_write_up"):
            case = c.case_write_up
            return {n: getattr(case, n) for n in self.action.form_class.base_fields}
        if self.action.name == "link":
            return {"title": c.title}
        return {}

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return f"{self.complaint.reference} {self.complaint.title}"

    def get_breadcrumbs_items(self):
        return [
            _index_crumb(),
            {"url": self.detail_url(), "label": self.complaint.reference},
            {"url": "", "label": self.action.label},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(complaint=self.complaint, action=self.action, detail_url=self.detail_url())
        return context

    def form_valid(self, form):
        try:
            self.action.perform(
                actor=self.request.user, complaint=self.complaint, data=form.cleaned_data
            )
        except (DomainError, ValidationError) as exc:
            form_errors_add(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存：%(action)s。") % {"action": self.action.label})
        return redirect(self.detail_url())


class ComplaintIntakeView(WagtailAdminTemplateMixin, FormView):
    """Staff enter a complaint taken by phone, at the counter or from a forum (through the
    filing service: staff clock, channel recorded, acknowledgement sent)."""

    template_name = "service/admin/complaint_action.html"
    form_class = IntakeForm
    page_title = gettext_lazy("录入投诉")
    header_icon = "plus"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [_index_crumb(), {"url": "", "label": self.page_title}]

    @cached_property
    def _cancel_url(self):
        return reverse("service_complaint:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_url"] = self._cancel_url
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            complaint = complaint_file(
                filed_by=self.request.user,
                channel=data["channel"],
                guest_name=data["guest_name"],
                guest_phone=data["guest_phone"],
                project=data["project"],
                building=data["building"],
                unit=data["unit"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                people_count=data["people_count"],
                legal_action=data["legal_action"],
                media_exposure=data["media_exposure"],
            )
        except (DomainError, ValidationError) as exc:
            form_errors_add(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("投诉已录入，编号 %(reference)s。") % {"reference": complaint.reference}
        )
        return redirect("service_complaint:detail", complaint.reference)


__all__ = ["ComplaintActionView", "ComplaintDetailView", "ComplaintIntakeView"]
