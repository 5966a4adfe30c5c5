"""Vocabulary shared by several apps (DESIGN.md): segments are used by members and events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    SOCIAL_NEWCOMER = "SOCIAL_NEWCOMER", _("社会新锐")
    CHILD_FOCUSED = "CHILD_FOCUSED", _("望子成龙")
    AFFLUENT_FAMILY = "AFFLUENT_FAMILY", _("富贵之家")
    ELDER_CARE = "ELDER_CARE", _("健康养老")
    PRAGMATIC_FAMILY = "PRAGMATIC_FAMILY", _("务实之家")
