"""What the members admin shows in a cell or a spreadsheet: contacts as masked by the
audited read, money in yuan, choices by their Chinese label, and spreadsheet cells that
cannot run as formulas."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column

from club.selectors import member_contact

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def shown_contact(member, kind: str) -> str:
    """The contact the audited read attached (masked unless permitted); masked otherwise."""
    contact = getattr(member, "contact", None) or member_contact(member=member, scopes=frozenset())
    return contact[kind] or ""


def yuan(fen: int | None) -> str:
    """Minor units (分) as yuan for people: 120000000 -> "1,200,000.00"."""
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:,.2f}"


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def spreadsheet_safe(value: Any) -> Any:
    """A value a spreadsheet shows as text: member input such as `=HYPERLINK(...)` is
    prefixed with an apostrophe so it never runs as a formula (CSV and Excel alike)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class ValueColumn(Column):
    """A column whose cell is `value(row)`: labels, yuan, masked contacts."""

    def __init__(self, name: str, *, value: Callable[[Any], Any], **kwargs):
        self.value = value
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return self.value(instance)
