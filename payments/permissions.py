"""Sales (销售) see the deposits of every project, with members' contacts as club allows
them (sales hold the PII permission); the read is audited like purchase intents.
Idempotent; permissions are only ever added."""

from __future__ import annotations

from core.roles import SALES, role_permissions_grant

VIEW_DEPOSIT = "view_deposit"


def payments_permissions_ensure() -> None:
    role_permissions_grant({SALES: [f"payments.{VIEW_DEPOSIT}"]})
