"""What every event staff screen shares: the permission gate and the event it is about."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import DomainError, DomainErrors, PermissionDeniedError
from events.staff_selectors import event_for_staff


def forbidden(request) -> HttpResponse:
    """A plain 403. Wagtail would turn PermissionDenied into a redirect to the dashboard
    (and the scanner's fetch would follow it into HTML); these URLs say 403 to everyone
    outside the event staff, page or JSON alike."""
    return permission_denied(request, PermissionDenied())


class EventStaffView(WagtailAdminTemplateMixin):
    """Answers 403 without `permission` (any of them when a tuple), 404 for no such event."""

    permission: str | tuple[str, ...] = ()
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        wanted = (self.permission,) if isinstance(self.permission, str) else self.permission
        if not any(request.user.has_perm(perm) for perm in wanted):
            return forbidden(request)
        try:
            self.event = event_for_staff(actor=request.user, event_id=kwargs["event_id"])
        except PermissionDeniedError:
            return forbidden(request)
        if self.event is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("events_staff_index"), "label": _("活动现场")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            event=self.event,
            can_check_in=user.has_perm("events.change_registration"),
            can_walk_in=user.has_perm("events.add_walkin"),
            can_report=user.has_perm("events.view_registration"),
            can_records=user.has_perm("events.view_eventrecord")
            or user.has_perm("events.add_eventrecord"),
        )
        return context


def field_errors(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Put a service's coded errors beside their fields, all of them at once."""
    if isinstance(error, DomainErrors):
        items = [(e.field, e.message) for e in error.errors]
    elif isinstance(error, DomainError):
        items = [(error.field, error.message)]
    elif hasattr(error, "error_dict"):
        items = [(f, i.message) for f, errs in error.error_dict.items() for i in errs]
    else:
        items = [(None, message) for message in error.messages]
    for field, message in items:
        form.add_error(field if field in form.fields else None, message)
