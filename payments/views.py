"""The Stripe webhook endpoint: the raw body goes to the service untouched."""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import gateway
from payments.services import WebhookRejected, webhook_receive

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe signs its deliveries; there is no session or cookie to protect
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        outcome = webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except WebhookRejected as exc:
        logger.warning("Stripe webhook refused: %s", exc)
        return JsonResponse({"error": "invalid signature or payload"}, status=400)
    except gateway.GatewayError as exc:
        logger.warning("Stripe webhook deferred, Stripe unreachable: %s", exc)
        return JsonResponse({"error": "try again"}, status=503)
    return JsonResponse({"received": True, "outcome": outcome})
