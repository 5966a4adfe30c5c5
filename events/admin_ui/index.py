"""The event staff's start page: today's and upcoming events, and the latest past ones,
each with its figures and links to check-in, the attendance report and the records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import PermissionDeniedError
from events.admin_ui.base import forbidden
from events.permissions import is_event_staff
from events.staff_selectors import event_records_state, events_for_staff


class EventStaffIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/index.html"
    page_title = _("活动现场")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not is_event_staff(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            upcoming = list(events_for_staff(actor=user))
            past = list(events_for_staff(actor=user, past=True))
        except PermissionDeniedError:  # the dispatch gate already answered 403
            raise PermissionDenied from None
        context.update(
            upcoming=[(e, event_records_state(event=e)) for e in upcoming],
            past=[(e, event_records_state(event=e)) for e in past],
            can_check_in=user.has_perm("events.change_registration")
            or user.has_perm("events.add_walkin"),
            can_report=user.has_perm("events.view_registration"),
            can_records=user.has_perm("events.view_eventrecord")
            or user.has_perm("events.add_eventrecord"),
        )
        return context
