"""The built-in words of each notification (Chinese, with English in the catalogue).

Editors override any of them per language in the admin (通知模板); these apply wherever a
template field is blank. Placeholders: `{{ name }}` and the ones listed per key.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.models import NotificationKey as Key

# key: (e-mail subject, e-mail body, SMS text)
DEFAULTS = {
    Key.WELCOME: (
        _("欢迎加入万客会"),
        _(
            "{{ name }}，您好：\n\n欢迎加入万客会！您将第一时间获得楼盘资讯、会员优惠和会员活动信息。"
        ),
        _("【万客会】{{ name }}，欢迎加入万客会！"),
    ),
    Key.COMPLAINT_RECEIVED: (
        _("【万客会】投诉已受理 {{ reference }}"),
        _("【万客会】您的投诉（编号 {{ reference }}）已受理，我们将在一个工作日内答复您。"),
        _("【万客会】您的投诉（编号 {{ reference }}）已受理，我们将在一个工作日内答复您。"),
    ),
    Key.COMPLAINT_STATUS_CHANGED: (
        _("【万客会】投诉 {{ reference }} 进展：{{ status }}"),
        _(
            "{{ name }}，您好：\n\n您的投诉（编号 {{ reference }}）当前状态：{{ status }}。\n{{ note }}"
        ),
        _("【万客会】您的投诉 {{ reference }} 当前状态：{{ status }}。"),
    ),
    Key.EVENT_CONFIRMED: (
        _("【万客会】活动报名成功：{{ title }}"),
        _(
            "{{ name }}，您好：\n\n您已成功报名活动「{{ title }}」（{{ date }}），届时凭电子票入场。"
        ),
        _("【万客会】您已成功报名活动「{{ title }}」（{{ date }}）。"),
    ),
    Key.EVENT_PROMOTED: (
        _("【万客会】候补成功：{{ title }}"),
        _("{{ name }}，您好：\n\n您候补的活动「{{ title }}」（{{ date }}）已有名额，报名已确认。"),
        _("【万客会】您候补的活动「{{ title }}」（{{ date }}）已有名额，报名已确认。"),
    ),
    Key.EVENT_REMINDER: (
        _("【万客会】活动提醒：{{ title }}"),
        _(
            "{{ name }}，您好：\n\n您报名的活动「{{ title }}」将于明天 {{ time }} 在{{ venue }}举行。"
        ),
        _("【万客会】提醒：您报名的活动「{{ title }}」将于明天 {{ time }} 在{{ venue }}举行。"),
    ),
    Key.DEPOSIT_CONFIRMED: (
        _("【万客会】诚意金确认：{{ project }}"),
        _(
            "{{ name }}，您好：\n\n您为「{{ project }}」缴纳的诚意金 {{ amount }} 元已确认，"
            "排号 {{ number }}。开盘前您可随时申请退还。感谢您的信任。"
        ),
        _("【万客会】您已成功缴纳「{{ project }}」诚意金 {{ amount }} 元，排号 {{ number }}。"),
    ),
}
