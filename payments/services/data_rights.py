"""A member's payments and deposits in their data export (club's export hook)."""

from __future__ import annotations

from payments.models import Deposit, Payment


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def payments_export(member) -> dict:
    return {
        "payments": [
            {
                "kind": p.kind,
                "amount_fen": p.amount,
                "currency": p.currency,
                "status": p.status,
                "created_at": _iso(p.created_at),
                "succeeded_at": _iso(p.succeeded_at),
                "refunded_at": _iso(p.refunded_at),
            }
            for p in Payment.objects.filter(member=member).order_by("created_at")
        ],
        "deposits": [
            {
                "project": d.project.title,
                "amount_fen": d.amount,
                "status": d.status,
                "priority_number": d.priority_number,
                "paid_at": _iso(d.paid_at),
                "refunded_at": _iso(d.refunded_at),
            }
            for d in Deposit.objects.filter(member=member).select_related("project")
        ],
    }
