"""Writing planned demo complaints (portal.demo.complaints) in bulk: ids allocated first so
rows can point at each other, references numbered by month in filing order, and the
monthly reference counters moved past them so the next real filing draws a fresh number."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from portal.demo.bulk import ids_allocate, rows_insert
from service.models import CaseWriteUp, Complaint, ComplaintEvent, FollowUp, ReferenceCounter

if TYPE_CHECKING:
    from portal.demo.complaints import Life

BEIJING = ZoneInfo("Asia/Shanghai")


def _rows(objs: list[models.Model]) -> tuple[list[str], list[tuple]]:
    model = type(objs[0])
    columns = [f.attname for f in model._meta.concrete_fields]
    return columns, [
        tuple(str(v) if c == "guest_phone" else v for c in columns for v in [getattr(o, c)])
        for o in objs
    ]


def _insert(objs: list[models.Model]) -> None:
    if objs:
        rows_insert(type(objs[0]), *_rows(objs))


def complaints_write(lives: list[Life]) -> int:
    """Write planned lives: ids first (rows point at each other), references by month."""
    groups = {
        id(life.complaint.issue_group): life.complaint.issue_group
        for life in lives
        if life.complaint.issue_group
    }
    for group in groups.values():
        group.save()
    for life, pk in zip(lives, ids_allocate(Complaint, len(lives)), strict=True):
        life.complaint.pk = pk
    per_month: Counter = Counter()
    counters = dict(ReferenceCounter.objects.values_list("period", "last"))
    for life in sorted(lives, key=lambda lf: lf.complaint.created_at):
        period = timezone.localtime(life.complaint.created_at, BEIJING).strftime("%Y%m")
        per_month[period] += 1
        life.complaint.reference = f"TS{period}-{counters.get(period, 0) + per_month[period]:06d}"
        if life.complaint.issue_group is not None:
            life.complaint.issue_group_id = life.complaint.issue_group.pk
    events = [e for life in lives for e in life.events]
    follow_ups = [f for life in lives for f in life.follow_ups]
    for objs, model in ((events, ComplaintEvent), (follow_ups, FollowUp)):
        for obj, pk in zip(objs, ids_allocate(model, len(objs)), strict=True):
            obj.pk = pk
            obj.complaint_id = obj.complaint.pk
    cases = [life.case for life in lives if life.case]
    for case in cases:
        case.complaint_id = case.complaint.pk
    _insert([life.complaint for life in lives])
    _insert(events)
    _insert(follow_ups)
    if cases:
        CaseWriteUp.objects.bulk_create(cases)
    for period, n in per_month.items():
        counter, _created = ReferenceCounter.objects.get_or_create(period=period)
        ReferenceCounter.objects.filter(pk=counter.pk).update(
            last=Greatest(F("last"), counters.get(period, 0) + n)
        )
    return len(lives)
