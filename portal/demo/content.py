"""The demo club content: projects, events, news, magazine and merchants.

Everything is created through the same paths editors use (the tree API, revisions and
`publish()`, which enforces the domain rules) and only when missing, so the loader can run
any number of times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from content.choices import MerchantCategory
from content.models import ArticlePage, Merchant, NewsletterIssuePage
from content.services import SiteTree
from portal.demo import images as demo_images
from portal.demo.events import demo_events_ensure
from portal.demo.pages import Staff, heading, image_block, page_ensure, paragraph, quote
from portal.demo.projects import demo_projects_ensure
from portal.demo.texts import ARTICLES, NEWSLETTER_SECTIONS, NEWSLETTERS

C = MerchantCategory

# name, category, city, offer, address, phone
# fmt: off
MERCHANTS: list[tuple[str, str, str, str, str, str]] = [
    ("海岸线粤菜馆", C.DINING, "深圳", "会员用餐享 9 折（酒水除外）", "南山区海德三道 88 号", "0755-2655 0101"),
    ("小树苗少儿英语", C.EDUCATION, "深圳", "会员子女首期课程立减 500 元", "南山区学府路 12 号 3 楼", "0755-2688 7722"),
    ("安心口腔诊所", C.HEALTH, "深圳", "会员洁牙 6 折，家庭成员同享", "福田区梅林路 36 号", "0755-8312 4455"),
    ("木语全屋定制", C.HOME, "深圳", "会员定制家具 88 折，免费上门测量", "福田区深南大道 6008 号家居广场 2 楼", "0755-8399 1200"),
    ("湾区影城", C.LEISURE, "深圳", "会员观影每张立减 10 元", "南山区后海大道 2388 号 5 楼", "0755-2166 3030"),
    ("珠江渔港酒家", C.DINING, "广州", "会员包房免服务费，菜品 9 折", "海珠区滨江东路 401 号", "020-8442 6688"),
    ("百合生活超市", C.SHOPPING, "广州", "会员日（每月 8 日）全场 95 折", "海珠区江南大道中 168 号", "020-8430 2233"),
    ("启明星艺术培训", C.EDUCATION, "广州", "会员子女美术体验课免费", "白云区同和路 51 号", "020-3722 1010"),
    ("康宁中医馆", C.HEALTH, "广州", "会员长者免挂号费", "白云区广州大道北 1811 号", "020-3728 9090"),
    ("花城装饰设计", C.HOME, "广州", "会员装修设计费全免", "天河区体育西路 103 号 12 楼", "020-3888 6161"),
    ("弄堂小馆", C.DINING, "上海", "会员用餐赠送甜品一份", "闵行区浦锦路 288 号", "021-5433 8899"),
    ("申城书局", C.SHOPPING, "上海", "会员购书 85 折", "徐汇区龙腾大道 2555 号", "021-6422 1177"),
    ("悦动健身", C.LEISURE, "上海", "会员年卡 8 折，免费体验 3 次", "嘉定区白银路 88 号 2 楼", "021-5995 6060"),
    ("仁和社区医院特需门诊", C.HEALTH, "上海", "会员体检套餐 85 折", "闵行区春申路 1200 号", "021-6412 3300"),
    ("静好家居", C.HOME, "上海", "会员软装产品 9 折，满 5000 元送窗帘安装", "嘉定区双丁路 500 号", "021-5999 7788"),
]
# fmt: on

LOGOS = {
    C.DINING: "logo-dining",
    C.SHOPPING: "logo-shopping",
    C.EDUCATION: "logo-education",
    C.HEALTH: "logo-health",
    C.HOME: "logo-home",
    C.LEISURE: "logo-leisure",
}


@dataclass(frozen=True)
class ContentCounts:
    projects: int
    events: int
    articles: int
    newsletters: int
    merchants: int
    images: int


def _month_start(today: dt.date, months_back: int) -> dt.date:
    month_index = today.year * 12 + today.month - 1 - months_back
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def demo_articles_ensure(*, parent, images: dict, staff: Staff, today: dt.date) -> None:
    for slug, title, days_ago, cover, intro, paragraphs in ARTICLES:
        body = [paragraph(intro), image_block(images[cover])] + [paragraph(p) for p in paragraphs]
        page = ArticlePage(
            title=title,
            slug=slug,
            date=today - dt.timedelta(days=days_ago),
            intro=intro,
            search_description=intro,
            cover=images[cover],
            body=body,
        )
        page_ensure(parent, page, staff=staff)


def demo_newsletters_ensure(*, parent, images: dict, staff: Staff, today: dt.date) -> None:
    """Twelve monthly issues, the latest this month; the cover follows the season."""
    latest = max(row[0] for row in NEWSLETTERS)
    for number, theme, summary, foreword, project_news, service_news, tip in NEWSLETTERS:
        published_on = _month_start(today, latest - number)
        cover = images[demo_images.COVERS[(published_on.month % 12) // 3]]
        texts = [
            [quote(foreword, "万客会编辑部")],
            [paragraph(project_news), paragraph("详细资料请登录会员中心查看楼盘资讯。")],
            [paragraph("本期活动回顾与下期活动预告，请在会员中心“会员活动”中报名。")],
            [paragraph(service_news), paragraph("客户服务热线 24 小时受理报修、咨询与投诉。")],
            [heading(tip, "h3"), paragraph("更多生活小贴士，欢迎会员投稿分享。")],
        ]
        sections = [
            {"type": "section", "value": {"title": title, "body": body}}
            for title, body in zip(NEWSLETTER_SECTIONS, texts, strict=True)
        ]
        page = NewsletterIssuePage(
            title=f"万客会会刊 第{number}期 · {theme}",
            slug=f"issue-{number}",
            issue_number=number,
            published_on=published_on,
            cover=cover,
            summary=summary,
            search_description=summary,
            sections=sections,
        )
        page_ensure(parent, page, staff=staff)


def demo_merchants_ensure(*, images: dict, today: dt.date) -> None:
    """Partner merchants (特约商户) by name and city; existing ones are left unchanged."""
    valid_from = dt.date(today.year, 1, 1)
    valid_until = dt.date(today.year + 1, 12, 31)
    for name, category, city, offer, address, phone in MERCHANTS:
        Merchant.objects.get_or_create(
            name=name,
            city=city,
            defaults={
                "category": category,
                "offer": offer,
                "address": address,
                "phone": phone,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "logo": images[LOGOS[category]],
            },
        )


def demo_content_ensure(*, tree: SiteTree, staff: Staff) -> ContentCounts:
    """All demo content, creating only what is missing; returns the totals present."""
    today = timezone.localdate()
    images = demo_images.demo_images_ensure()
    projects = demo_projects_ensure(parent=tree.projects, images=images, staff=staff, today=today)
    demo_events_ensure(parent=tree.events, projects=projects, staff=staff, today=today)
    demo_articles_ensure(parent=tree.articles, images=images, staff=staff, today=today)
    demo_newsletters_ensure(parent=tree.newsletters, images=images, staff=staff, today=today)
    demo_merchants_ensure(images=images, today=today)
    return ContentCounts(
        projects=tree.projects.get_children().count(),
        events=tree.events.get_children().count(),
        articles=tree.articles.get_children().count(),
        newsletters=tree.newsletters.get_children().count(),
        merchants=Merchant.objects.count(),
        images=len(images),
    )
