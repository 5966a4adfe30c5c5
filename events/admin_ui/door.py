"""Check-in at the door on a phone: scan the ticket's QR code or type its code; walk-ins.

The page works without JavaScript (the typed code is a plain form post). With it, the
camera is read by the browser's BarcodeDetector where there is one, else by the vendored
polyfill (barcode-detector + zxing-wasm, served from our static files), and each code is
posted to `CheckInScanView`, which answers the same `DoorAnswer` as JSON.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.errors import DomainError
from events.admin_ui.base import EventStaffView, field_errors, forbidden
from events.services import door_check_in, walk_in_record


class TicketCodeForm(forms.Form):
    code = forms.CharField(
        label=_("票码"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class WalkInForm(forms.Form):
    """Only the shape is checked here; `walk_in_record` checks the rest and answers every
    field's error at once."""

    name = forms.CharField(label=_("姓名"), required=False)
    phone = forms.CharField(label=_("手机号"), required=False)
    party_size = forms.IntegerField(label=_("人数"), initial=1)
    note = forms.CharField(label=_("备注"), required=False)


# The vendored QR decoder is WebAssembly: compiling it needs 'wasm-unsafe-eval' (which
# allows WebAssembly only, never JavaScript eval), on this page alone.
@method_decorator(csp_update({"script-src": ["'wasm-unsafe-eval'"]}), name="dispatch")
class CheckInView(EventStaffView, TemplateView):
    """The door screen: camera, typed code, the last answer in big letters, walk-ins."""

    permission = ("events.change_registration", "events.add_walkin")
    template_name = "events/admin/check_in.html"
    page_title = _("现场签到")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("code_form", TicketCodeForm())
        context.setdefault("walk_in_form", WalkInForm())
        context["scan_url"] = reverse("events_staff_scan", args=[self.event.pk])
        context["walk_in_url"] = reverse("events_staff_walk_in", args=[self.event.pk])
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("events.change_registration"):
            return forbidden(request)
        form = TicketCodeForm(request.POST)
        answer = None
        if form.is_valid():
            answer = door_check_in(
                actor=request.user, event=self.event, code=form.cleaned_data["code"]
            )
            form = TicketCodeForm()
        return self.render_to_response(self.get_context_data(code_form=form, answer=answer))


class CheckInScanView(EventStaffView, View):
    """JSON for the page's script: one scanned or typed code in, one `DoorAnswer` out."""

    permission = "events.change_registration"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        code = (request.POST.get("code") or "")[:200]
        answer = door_check_in(actor=request.user, event=self.event, code=code)
        return JsonResponse(answer.as_json())


class WalkInView(CheckInView):
    """Record a walk-in; errors are shown beside their fields on the door screen."""

    permission = "events.add_walkin"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = WalkInForm(request.POST)
        if form.is_valid():
            try:
                walk_in = walk_in_record(actor=request.user, event=self.event, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                field_errors(form, error)
            else:
                messages.success(
                    request, _("已登记现场来宾 %(count)d 人。") % {"count": walk_in.party_size}
                )
                return HttpResponseRedirect(reverse("events_staff_check_in", args=[self.event.pk]))
        return self.render_to_response(self.get_context_data(walk_in_form=form))
