"""Bulk assignment from the queue: the complaints ticked go to one department and handler,
each through `complaint_assign` (its own lock, event row and severity check)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.bulk_action import BulkAction

from core.errors import DomainError
from service.admin.forms import AssignForm
from service.choices import Status
from service.models import Complaint
from service.permissions import HANDLE
from service.selectors import complaints_by_pks_for_staff
from service.services import complaint_assign


class AssignBulkAction(BulkAction):
    display_name = gettext_lazy("分派")
    action_type = "assign"
    aria_label = gettext_lazy("分派所选投诉")
    template_name = "service/admin/bulk_assign.html"
    action_priority = 10
    form_class = AssignForm
    models = [Complaint]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Replaced per request in get_actionable_objects (the selector needs the user).
        return []

    def get_all_objects_in_listing_query(self, parent_id):
        return []  # "all in listing" would need the filters: pick rows on the page instead

    def get_actionable_objects(self):
        ids = [i for i in self.request.GET.getlist("id") if i.isdigit()]
        rows = list(complaints_by_pks_for_staff(actor=self.request.user, pks=ids))
        closed = [c for c in rows if c.status == Status.CLOSED]
        return [c for c in rows if c.status != Status.CLOSED], {"items_with_no_access": closed}

    def form_valid(self, form):
        objects, _rest = self.get_actionable_objects()
        assigned, refused = 0, []
        for complaint in objects:
            try:
                complaint_assign(
                    actor=self.request.user,
                    complaint=complaint,
                    department=form.cleaned_data["department"],
                    handler=form.cleaned_data["handler"],
                    note=form.cleaned_data["note"],
                )
                assigned += 1
            except DomainError as exc:
                refused.append(f"{complaint.reference}：{exc.message}")
        if assigned:
            messages.success(self.request, _("已分派 %(n)d 件投诉。") % {"n": assigned})
        for line in refused:
            messages.error(self.request, line)
        return redirect(self.next_url)
