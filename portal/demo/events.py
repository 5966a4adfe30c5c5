"""Demo club events (联谊活动 / 社区文化活动), past and upcoming, relative to today.

The three-days'-notice rule (活动通知至少提前三天) applies to demo data too. Events that
are already over, or start in less than three days, can only be published by someone holding
`content.publish_event_late`; the loader publishes every page as the superuser `admin`, so
those events go through the override path, and `ClubPage.publish()` records each one in
EventPublicationOverride (who, when, how many hours before the start; negative for events
entered after the fact, as an archive). Events three or more days ahead need no override
and get no record. Nothing is backdated: the records say truthfully what happened.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from content.choices import EventAudience
from content.models import EventPage
from core.vocabulary import Segment
from portal.demo.pages import Staff, heading, page_ensure, paragraph

ALL = EventAudience.ALL_MEMBERS
OWNERS = EventAudience.PROJECT_OWNERS
SEGMENT = EventAudience.SEGMENT

# slug, title, city, venue, days from today, start hour, hours long, capacity (None: no
# limit), price in 分 (0: free), audience, project slug or segment, max party size, intro
# fmt: off
EVENTS: list[tuple] = [
    ("meilin-owners-meeting", "梅林翠园业主恳谈会", "深圳", "梅林翠园社区会所多功能厅",
     -84, 19, 2, 80, 0, OWNERS, "meilin-garden", 1,
     "交付后首次业主恳谈会：物业服务中心、工程部与客户关系中心现场听取意见，会后形成会议纪要。"),
    ("guangzhou-mid-autumn-fair", "中秋游园会", "广州", "海珠湖公园南门广场",
     -63, 18, 3, 300, 0, ALL, "", 4,
     "猜灯谜、做月饼、赏民乐，欢迎会员携家人参加。"),
    ("pujiang-site-open-day", "浦江花语洋房工地开放日", "上海", "浦江花语项目工地（安全通道入口）",
     -49, 10, 3, 60, 0, ALL, "", 2,
     "工程师带队参观洋房主体结构与防水工艺，现场解答施工质量问题。"),
    ("kids-baking-class", "亲子烘焙课堂", "深圳", "云海湾售楼处会员活动室",
     -35, 14, 2, 24, 6_800, SEGMENT, Segment.CHILD_FOCUSED, 2,
     "一位家长带一位小朋友，一起完成南瓜曲奇。费用含材料。"),
    ("bund-greenway-walk", "滨江绿道徒步", "上海", "徐汇滨江龙美术馆集合",
     -28, 9, 3, 100, 0, ALL, "", 3,
     "沿滨江绿道步行约 8 公里，沿途讲解城市更新与滨水空间设计。"),
    ("elder-heart-health-talk", "健康讲座：长辈心血管保健", "广州", "珠江悦府售楼处二楼",
     -20, 15, 2, 80, 0, SEGMENT, Segment.ELDER_CARE, 2,
     "三甲医院心内科医生主讲，现场提供免费血压测量。"),
    ("reading-club-1", "会员读书会·第一期", "深圳", "南山书城三楼活动区",
     -13, 19, 2, 30, 0, SEGMENT, Segment.SOCIAL_NEWCOMER, 1,
     "本期共读《城市与人》，聊聊年轻人的第一套房与城市生活。"),
    ("wine-tasting-salon", "红酒品鉴沙龙", "上海", "浦江花语会所",
     -6, 19, 2, 20, 28_800, SEGMENT, Segment.AFFLUENT_FAMILY, 2,
     "侍酒师带领品鉴六款旧世界葡萄酒，含餐点。"),
    ("home-renovation-talk", "家装设计讲座：收房与装修", "广州", "万客会广州会员中心",
     -2, 14, 2, 120, 0, ALL, "", 2,
     "收房验房要点、装修报建流程与常见问题，设计师现场答疑。"),
    ("winter-basketball", "冬季社区篮球赛", "深圳", "梅林翠园社区体育公园",
     1, 9, 6, 64, 0, ALL, "", 1,
     "八支业主与会员球队参赛，欢迎到场助威。"),
    ("christmas-wreath-workshop", "亲子手工：圣诞花环", "上海", "嘉定林语售楼处",
     2, 14, 2, 30, 3_800, SEGMENT, Segment.CHILD_FOCUSED, 2,
     "用松枝、松果和缎带做一只圣诞花环带回家。费用含材料。"),
    ("planning-survey-salon", "规划中项目户型与价格意见沙龙（会员专场）", "广州", "万客会广州会员中心",
     5, 15, 2, 50, 0, ALL, "", 1,
     "广州白云区一个规划中项目邀请会员对户型、面积段与配套提出意见；项目尚未取得预售许可证，资料仅在现场向会员展示，会后可登记购房意向。"),
    ("pearl-river-open-day", "珠江悦府会员开放日", "广州", "珠江悦府售楼处及样板房",
     9, 10, 6, 200, 0, ALL, "", 3,
     "项目已取得预售许可证，会员可优先参观样板房并了解认筹流程。"),
    ("mortgage-and-fund-talk", "购房贷款与公积金讲座", "深圳", "云海湾售楼处会员活动室",
     12, 15, 2, 100, 0, SEGMENT, Segment.PRAGMATIC_FAMILY, 2,
     "银行与公积金中心专员讲解首付、贷款组合与月供测算。"),
    ("new-year-concert", "元旦跨年音乐会", "上海", "上海大剧院中剧场",
     16, 20, 3, 400, 12_000, ALL, "", 4,
     "交响乐团演奏新年经典曲目，会员票价每人 120 元。"),
    ("tanglang-hike", "青年会员交友徒步：塘朗山", "深圳", "塘朗山郊野公园北门",
     20, 8, 5, 40, 2_000, SEGMENT, Segment.SOCIAL_NEWCOMER, 1,
     "约 10 公里山路，费用为保险与补给。"),
    ("spring-couplets", "新春写春联送福字", "广州", "珠江悦府售楼处广场",
     30, 10, 4, None, 0, ALL, "", 4,
     "书法家现场挥毫，为会员书写春联与福字，不限名额。"),
    ("chunshen-pre-delivery-meeting", "春申水岸交付前业主恳谈会", "上海", "春申水岸售楼处",
     38, 14, 3, 120, 0, OWNERS, "chunshen-riverside", 2,
     "通报工程进度、交付标准与收房流程，听取业主意见，会后形成会议纪要。"),
    ("golf-experience-day", "高尔夫体验日", "深圳", "观澜湖高尔夫练习场",
     52, 9, 4, 16, 58_000, SEGMENT, Segment.AFFLUENT_FAMILY, 2,
     "职业教练一对一指导，含球具与午餐。名额有限，额满进入候补。"),
    ("family-sports-day", "亲子春季运动会", "上海", "浦江花语社区中央草坪",
     75, 9, 4, 500, 0, SEGMENT, Segment.CHILD_FOCUSED, 4,
     "亲子接力、跳绳、拔河，每个家庭可报名最多四人。"),
]
# fmt: on


def _event_build(row: tuple, *, projects: dict, today: dt.date) -> EventPage:
    (slug, title, city, venue, days, hour, hours, capacity, price, audience, target,
     party, intro) = row  # fmt: skip
    starts_at = timezone.make_aware(
        dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour))
    )
    deadline = starts_at - (dt.timedelta(hours=3) if days <= 1 else dt.timedelta(days=1))
    fee = f"每人 {price / 100:.0f} 元" if price else "免费"
    limit = f"限 {capacity} 人" if capacity else "不限名额"
    return EventPage(
        title=title,
        slug=slug,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        city=city,
        venue=venue,
        capacity=capacity,
        # one event takes registrations until it starts, to show the field is optional
        registration_deadline=None if slug == "spring-couplets" else deadline,
        max_party_size=party,
        audience=audience,
        audience_project=projects.get(target) if audience == OWNERS else None,
        audience_segment=target if audience == SEGMENT else "",
        price=price,
        waiting_list_enabled=capacity is not None and slug != "wine-tasting-salon",
        intro=intro,
        search_description=intro,
        body=[
            heading("活动安排"),
            paragraph(intro),
            paragraph(f"时间：{starts_at:%Y年%m月%d日 %H:%M}；地点：{city}{venue}。"),
            heading("报名须知"),
            paragraph(
                f"费用：{fee}；{limit}；每位会员最多携带 {party} 人（含本人）。"
                "活动当天凭会员二维码签到，活动照片与记录将在会员动态中发布。"
            ),
        ],
    )


def demo_events_ensure(*, parent, projects: dict, staff: Staff, today: dt.date) -> dict:
    """The demo events by slug, publishing those that are missing (see module docstring)."""
    events = {}
    for row in EVENTS:
        page, _created = page_ensure(
            parent, _event_build(row, projects=projects, today=today), staff=staff
        )
        events[row[0]] = page
    return events
