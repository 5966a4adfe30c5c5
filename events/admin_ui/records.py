"""After the event: the sign-in sheet, photos and (owner meetings) the minutes; closing.

Uploads go through `events.services.event_record_upload` (file type checks, private
collection for documents); closing through `event_records_close`. An owner meeting closed
without minutes shows the flag here and in the event list until minutes are attached.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.errors import DomainError, PermissionDeniedError
from events.admin_ui.base import EventStaffView, field_errors, forbidden
from events.choices import RecordKind
from events.services import event_record_upload, event_records_close
from events.services.uploads import ACCEPTED
from events.staff_selectors import (
    event_for_staff,
    event_records_for_staff,
    event_records_state,
)


class RecordUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("记录类型"), choices=RecordKind.choices)
    file = forms.FileField(
        label=_("文件"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ",".join(sorted({f".{e}" for exts in ACCEPTED.values() for e in exts}))
            }
        ),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class EventRecordsView(EventStaffView, TemplateView):
    permission = ("events.view_eventrecord", "events.add_eventrecord")
    template_name = "events/admin/records.html"
    page_title = _("活动记录")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            records=event_records_for_staff(actor=user, event=self.event),
            state=event_records_state(event=self.event),
            can_attach=user.has_perm("events.add_eventrecord"),
            can_close=user.has_perm("events.add_eventclosure"),
            close_url=reverse("events_staff_close", args=[self.event.pk]),
        )
        context.setdefault("upload_form", RecordUploadForm())
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("events.add_eventrecord"):
            return forbidden(request)
        form = RecordUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                event_record_upload(
                    actor=request.user,
                    event=self.event,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except PermissionDeniedError:
                return forbidden(request)
            except (DomainError, ValidationError) as error:
                field_errors(form, error)
            else:
                messages.success(request, _("活动记录已上传。"))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(upload_form=form))


class EventCloseView(EventStaffView, TemplateView):
    permission = "events.add_eventclosure"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        records_url = reverse("events_staff_records", args=[self.event.pk])
        try:
            event_records_close(actor=request.user, event=self.event)
        except PermissionDeniedError:
            return forbidden(request)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(records_url)
        closed = event_for_staff(actor=request.user, event_id=self.event.pk)
        if event_records_state(event=closed).minutes_missing:
            messages.warning(request, _("活动已归档，但这场业主恳谈会还没有会议纪要，请尽快补传。"))
        else:
            messages.success(request, _("活动已归档。"))
        return HttpResponseRedirect(records_url)
