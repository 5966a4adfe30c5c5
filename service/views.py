"""Complaint attachments over HTTP: the upload a form or API client makes before filing,
and the staff download.

Upload (`POST /service/attachments/`, multipart, field `files`, up to 5): every file is
checked by its content and cleaned (service.attachments); all are stored or none, and each
comes back with a one-time token that `fileComplaint(input: {attachmentTokens})` claims.
A request larger than the five files allowed is refused from its Content-Length before
any byte is read. Like the GraphQL endpoint, CSRF applies only when the browser sends the
session cookie; guests and cookie-less clients need no token. Unclaimed uploads are
deleted by the worker after a day.

Download (`GET /service/attachments/<id>/`): staff holding service.view_complaint only,
audited; anyone else gets 404 (the same answer as for an unknown id).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.http import csrf_failure_reason, request_carries_session
from core.ratelimit import RateLimited, rate_limit_request
from service.attachments import MAX_ATTACHMENTS, MAX_REQUEST_BYTES
from service.selectors import attachment_for_staff
from service.services import attachments_upload


def _errors(errors: list[dict], status: int) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _error(code: str, message: str, status: int, field: str | None = None) -> JsonResponse:
    return _errors([{"field": field, "code": code, "message": str(message)}], status)


@csrf_exempt
@require_POST
def attachment_upload(request: HttpRequest) -> JsonResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0 or length > MAX_REQUEST_BYTES:
        return _error(
            "REQUEST_TOO_LARGE",
            _("一次最多上传 %(count)d 个文件，每个不超过 10 MB。") % {"count": MAX_ATTACHMENTS},
            413,
        )
    if request_carries_session(request) and csrf_failure_reason(request) is not None:
        return _error("CSRF_FAILED", _("CSRF 校验失败，请刷新页面后重试。"), 403)
    try:  # an anonymous door: counted per address before the body is read
        rate_limit_request(request, door="complaint_upload")
    except RateLimited as refused:
        response = _error(refused.code, refused.message, 429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    user = request.user if request.user.is_authenticated else None
    try:
        stored = attachments_upload(uploads=request.FILES.getlist("files"), uploader=user)
    except DomainError as exc:
        return _errors(
            [
                {"field": "files", "code": e.code, "message": e.message}
                for e in getattr(exc, "errors", [exc])
            ],
            400,
        )
    return JsonResponse(
        {
            "attachments": [
                {
                    "token": token,
                    "name": attachment.original_name,
                    "contentType": attachment.content_type,
                    "size": attachment.size,
                }
                for attachment, token in stored
            ]
        }
    )


@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    try:
        attachment = attachment_for_staff(actor=request.user, attachment_id=attachment_id)
    except DomainError:
        raise Http404 from None
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
