"""The newsletter area of the Wagtail admin (会刊发送): compose a send, watch it, pause it.

Views stay thin: the form collects the choice, `newsletters.services` decide and write.
Sending needs `newsletters.add_newslettersend`; the suppression list
`newsletters.view_suppression`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from club.choices import NewsletterTopic
from content.models import NewsletterIssuePage
from core.errors import DomainError
from newsletters import selectors
from newsletters.audiences import AUDIENCE_KINDS, audience_clean, audience_count, audience_label
from newsletters.choices import Language
from newsletters.models import NewsletterSend
from newsletters.permissions import SEND
from newsletters.rendering import issue_snapshot, render_for_recipient
from newsletters.services import (
    newsletter_send_create,
    newsletter_send_pause,
    newsletter_send_resume,
    newsletter_test_send,
)
from newsletters.services.sending import send_progress

SEND_PERMISSION = SEND


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


class SendForm(forms.Form):
    issue = forms.ModelChoiceField(label=gettext_lazy("会刊"), queryset=selectors.issues_sendable())
    audience_kind = forms.ChoiceField(label=gettext_lazy("受众"))
    audience_value = forms.CharField(
        label=gettext_lazy("受众范围"),
        required=False,
        help_text=gettext_lazy("细分代码、城市名称或楼盘编号；“全部订阅者”时留空。"),
    )
    topic = forms.ChoiceField(label=gettext_lazy("主题"), required=False)
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("定时发送"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=gettext_lazy("留空则立即发送。"),
    )
    preview_language = forms.ChoiceField(
        label=gettext_lazy("测试邮件语言"), choices=Language.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = selectors.issues_sendable()
        self.fields["audience_kind"].choices = [
            (code, kind.label) for code, kind in AUDIENCE_KINDS.items()
        ]
        self.fields["topic"].choices = [("", _("任一主题"))] + list(NewsletterTopic.choices)

    def audience(self) -> dict:
        return {
            "kind": self.cleaned_data["audience_kind"],
            "value": self.cleaned_data.get("audience_value") or "",
        }


def index(request: HttpRequest) -> HttpResponse:
    _require(request, SEND_PERMISSION)
    page = Paginator(selectors.sends_listed(), 20).get_page(request.GET.get("p"))
    rows = [
        {"send": send, "audience": audience_label(send.audience), **send_progress(send=send)}
        for send in page
    ]
    return render(request, "newsletters/admin/index.html", {"rows": rows, "page": page})


def create(request: HttpRequest) -> HttpResponse:
    _require(request, SEND_PERMISSION)
    form = SendForm(request.POST or None)
    count = None
    if request.method == "POST" and form.is_valid():
        issue = form.cleaned_data["issue"]
        action = request.POST.get("action", "count")
        try:
            if action == "test":
                newsletter_test_send(
                    issue=issue,
                    email=request.user.email or "",
                    language=form.cleaned_data.get("preview_language") or Language.ZH_HANS,
                )
                messages.success(
                    request, _("测试邮件已发送到 %(email)s。") % {"email": request.user.email}
                )
            elif action == "send":
                send = newsletter_send_create(
                    issue=issue,
                    audience=form.audience(),
                    topic=form.cleaned_data.get("topic") or "",
                    scheduled_at=form.cleaned_data.get("scheduled_at"),
                    actor=request.user,
                )
                messages.success(request, _("已创建发送任务。"))
                return redirect("newsletters_admin:detail", send.pk)
            audience = audience_clean(**form.audience())
            count = audience_count(audience=audience, topic=form.cleaned_data.get("topic") or "")
        except DomainError as error:
            form.add_error(None, error.message)
    return render(request, "newsletters/admin/create.html", {"form": form, "count": count})


def preview(request: HttpRequest, issue_id: int, language: str) -> HttpResponse:
    """The e-mail as a member reading `language` receives it (both parts)."""
    _require(request, SEND_PERMISSION)
    issue = get_object_or_404(NewsletterIssuePage, pk=issue_id)
    if language not in Language.values:
        language = Language.ZH_HANS
    rendered = render_for_recipient(
        snapshot=issue_snapshot(issue),
        language=language,
        name=_("测试收件人"),
        unsubscribe_url="#",
    )
    if request.GET.get("part") == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html)


def detail(request: HttpRequest, send_id: int) -> HttpResponse:
    _require(request, SEND_PERMISSION)
    send = get_object_or_404(selectors.sends_listed(), pk=send_id)
    progress = send_progress(send=send)
    return render(
        request,
        "newsletters/admin/detail.html",
        {
            "send": send,
            "audience": audience_label(send.audience),
            "progress": progress,
            "running": send.status in ("SENDING", "SCHEDULED"),
            "now": timezone.now(),
        },
    )


def progress_json(request: HttpRequest, send_id: int) -> JsonResponse:
    _require(request, SEND_PERMISSION)
    send = get_object_or_404(NewsletterSend, pk=send_id)
    return JsonResponse({"status": send.status, **send_progress(send=send)})


@require_POST
def pause(request: HttpRequest, send_id: int) -> HttpResponse:
    return _act(request, send_id, newsletter_send_pause, _("已暂停。"))


@require_POST
def resume(request: HttpRequest, send_id: int) -> HttpResponse:
    return _act(request, send_id, newsletter_send_resume, _("已继续发送。"))


def _act(request, send_id, service, done_message) -> HttpResponse:
    _require(request, SEND_PERMISSION)
    send = get_object_or_404(NewsletterSend, pk=send_id)
    try:
        service(send=send)
        messages.success(request, done_message)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("newsletters_admin:detail", send.pk)


def suppressions(request: HttpRequest) -> HttpResponse:
    _require(request, "newsletters.view_suppression")
    query = (request.GET.get("q") or "").strip().lower()
    rows = selectors.suppressions_listed(query=query)
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    return render(request, "newsletters/admin/suppressions.html", {"page": page, "q": query})
