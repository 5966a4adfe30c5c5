"""Demo property projects (楼盘) in 深圳, 广州 and 上海.

Together they show every rule of DOMAIN.md's pre-sale section: a project still in planning
without a pre-sale licence (members-only preview; its price fields are filled on purpose so
that the API can be seen hiding them), licensed projects in pre-sale and on sale, a sold-out
and a delivered one, adverse factors of every category, and one project whose review found
none ("经核查未发现", reviewed with zero factors).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from content.choices import AdverseFactorCategory as Factor
from content.choices import SalesStatus
from content.models import (
    AdverseFactor,
    OpenDay,
    ProjectGalleryImage,
    ProjectPage,
    ProjectPhase,
    UnitType,
)
from portal.demo.pages import Staff, heading, image_block, page_ensure, paragraph

YUAN = 100  # prices are stored in 分

# (name, rooms, area m², orientation)
UnitRow = tuple[str, int, str, str]
# (category, name, distance m, note)
FactorRow = tuple[str, str, int, str]

PROJECTS: list[dict] = [
    {
        "slug": "yunhai-bay",
        "title": "深圳 · 云海湾",
        "city": "深圳",
        "district": "南山区",
        "address": "南山区后海大道与登良路交汇处西北侧",
        "sales_status": SalesStatus.ON_SALE,
        "licence": ("深房许字（2026）南山第018号", dt.date(2026, 3, 18)),
        "price": (78_000, 118_000),
        "deposit": 100_000,
        "phone": "0755-8666 0188",
        "coords": ("22.516800", "113.943600"),
        "intro": "滨海湾区约 12 万㎡综合社区，步行 600 米可达地铁站，配建 12 班幼儿园与社区体育公园。",
        "phases": [
            ("一期", dt.date(2027, 12, 30), "6 栋高层住宅，共 826 户。"),
            ("二期", dt.date(2028, 12, 30), "4 栋高层住宅及社区商业街。"),
        ],
        "units": [
            ("A 户型 三房两厅", 3, "89.00", "南"),
            ("B 户型 四房两厅", 4, "115.00", "东南"),
            ("C 户型 四房两厅双套房", 4, "143.00", "南"),
        ],
        "factors": [
            (
                Factor.NOISE,
                "沙河西路高架桥",
                380,
                "西侧城市快速路高架，高峰时段有交通噪音，已采用中空夹胶玻璃。",
            ),
            (
                Factor.ENVIRONMENT_CHANGE,
                "规划轨道交通线路",
                250,
                "项目北侧规划地铁线路，预计 2027 年动工，施工期间有围挡。",
            ),
        ],
        "open_days": [(-40, "一期主体结构封顶开放日"), (18, "园林样板段开放日")],
        "gallery": [
            ("skyline-dusk", "项目效果图（黄昏）"),
            ("garden", "中心园林"),
            ("show-flat", "B 户型样板房"),
        ],
    },
    {
        "slug": "meilin-garden",
        "title": "深圳 · 梅林翠园",
        "city": "深圳",
        "district": "福田区",
        "address": "福田区梅林路与凯丰路交汇处",
        "sales_status": SalesStatus.DELIVERED,
        "licence": ("深房许字（2022）福田第006号", dt.date(2022, 5, 20)),
        "price": (56_000, 72_000),
        "deposit": 50_000,
        "phone": "0755-8333 1266",
        "coords": ("22.567300", "114.050800"),
        "intro": "背靠梅林山郊野公园的成熟社区，已于 2024 年全部交付，物业服务中心驻场服务。",
        "phases": [
            ("一期", dt.date(2023, 12, 28), "已交付。"),
            ("二期", dt.date(2024, 6, 30), "已交付。"),
        ],
        "units": [
            ("两房两厅", 2, "78.50", "南"),
            ("三房两厅", 3, "98.00", "东南"),
        ],
        # Reviewed, and nothing found: the disclosure still has to be explicit.
        "factors": [],
        "open_days": [],
        "gallery": [("hills", "梅林山景"), ("clubhouse", "社区会所")],
    },
    {
        "slug": "pearl-river-residence",
        "title": "广州 · 珠江悦府",
        "city": "广州",
        "district": "海珠区",
        "address": "海珠区滨江东路与广州大道南交汇处",
        "sales_status": SalesStatus.PRE_SALE,
        "licence": ("穗房预字第20260135号", dt.date(2026, 10, 28)),
        "price": (62_000, 89_000),
        "deposit": 50_000,
        "phone": "020-8918 6600",
        "coords": ("23.108200", "113.326900"),
        "intro": "一线江景住宅，已取得预售许可证，万客会会员可优先认筹并享会员购房优惠。",
        "phases": [("一期", dt.date(2028, 6, 30), "3 栋江景高层，共 412 户。")],
        "units": [
            ("江景三房", 3, "108.00", "南"),
            ("江景四房", 4, "139.00", "东南"),
            ("江景大平层", 4, "186.00", "南"),
        ],
        "factors": [
            (Factor.NOISE, "珠江航道", 150, "江面货运船只夜间偶有鸣笛。"),
            (Factor.BELIEF, "江畔古庙", 700, "东侧有一处区级文物保护寺庙，节庆期间人流较多。"),
        ],
        "open_days": [(9, "售楼处及样板房会员开放日")],
        "gallery": [("waterfront", "滨江步道"), ("show-flat", "江景四房样板间")],
    },
    {
        "slug": "baiyun-hills",
        "title": "广州 · 白云山居",
        "city": "广州",
        "district": "白云区",
        "address": "白云区同和街道广州大道北东侧",
        "sales_status": SalesStatus.PLANNING,
        "licence": None,  # no pre-sale licence yet: members-only preview, no prices shown
        # Filled on purpose: the rule hides them until the licence, and the demo proves it.
        "price": (38_000, 52_000),
        "deposit": 20_000,
        "phone": "020-3722 8800",
        "coords": ("23.201500", "113.326100"),
        "intro": "规划中的山景社区。户型与价格正通过会员问卷征求意见，欢迎会员登记购房意向。",
        "phases": [("一期", dt.date(2029, 6, 30), "规划 8 栋小高层，方案报批中。")],
        "units": [
            ("两房（规划）", 2, "76.00", "南"),
            ("三房（规划）", 3, "95.00", "南"),
            ("四房（规划）", 4, "125.00", "东南"),
        ],
        "factors": [
            (Factor.ODOUR, "生活垃圾综合处理厂", 2600, "东北方向，夏季东北风时偶有异味。"),
            (Factor.NOISE, "机场高速公路", 900, "项目西侧，已规划隔声屏障。"),
            (Factor.TABOO, "公墓", 1800, "北侧山体背面，项目内不可见。"),
        ],
        "open_days": [],
        "gallery": [("hills", "项目所在山景（示意）")],
    },
    {
        "slug": "pujiang-blossom",
        "title": "上海 · 浦江花语",
        "city": "上海",
        "district": "闵行区",
        "address": "闵行区浦锦路与江月路交汇处",
        "sales_status": SalesStatus.ON_SALE,
        "licence": ("沪房管（闵行）预字（2025）第0001023号", dt.date(2025, 11, 6)),
        "price": (68_000, 82_000),
        "deposit": 100_000,
        "phone": "021-5433 2266",
        "coords": ("31.075600", "121.509800"),
        "intro": "浦江沿岸低密度社区，洋房与高层组合，社区配建 15 班小学。",
        "phases": [
            ("一期", dt.date(2027, 6, 30), "情景洋房 12 栋。"),
            ("二期", dt.date(2028, 3, 31), "高层住宅 5 栋。"),
        ],
        "units": [
            ("洋房三房", 3, "120.00", "南"),
            ("高层两房", 2, "82.00", "南"),
            ("高层三房", 3, "99.00", "东南"),
            ("洋房四房", 4, "145.00", "南"),
        ],
        "factors": [
            (Factor.NOISE, "轨道交通地面段", 300, "东侧地铁线路地面段，运营时段有列车噪音。"),
            (Factor.POLLUTION, "橡胶制品厂", 1500, "南侧工业区内，已列入搬迁计划，时间未定。"),
        ],
        "open_days": [(-12, "洋房工地开放日"), (25, "交付前工地开放日")],
        "gallery": [("garden", "洋房组团园林"), ("skyline-day", "项目鸟瞰（效果图）")],
    },
    {
        "slug": "jiading-grove",
        "title": "上海 · 嘉定林语",
        "city": "上海",
        "district": "嘉定区",
        "address": "嘉定区白银路与双丁路交汇处",
        "sales_status": SalesStatus.PRE_SALE,
        "licence": ("沪房管（嘉定）预字（2026）第0000512号", dt.date(2026, 9, 15)),
        "price": (42_000, 55_000),
        "deposit": 50_000,
        "phone": "021-5999 3388",
        "coords": ("31.377400", "121.250700"),
        "intro": "嘉定新城紧凑型社区，面向首次置业的年轻家庭，首期推出两房与三房。",
        "phases": [("一期", dt.date(2028, 9, 30), "7 栋高层，共 960 户。")],
        "units": [
            ("紧凑两房", 2, "72.00", "南"),
            ("舒适三房", 3, "89.00", "南"),
        ],
        "factors": [
            (
                Factor.ENVIRONMENT_CHANGE,
                "规划绿地调整",
                120,
                "西侧原规划公共绿地经批准调整为社区公园与停车场，面积减少约 15%。",
            ),
            (Factor.NOISE, "沪嘉高速公路", 650, "东侧高速公路，已设隔声屏障。"),
        ],
        "open_days": [(6, "会员专场样板房开放")],
        "gallery": [("skyline-day", "嘉定新城天际线"), ("show-flat", "紧凑两房样板间")],
    },
    {
        "slug": "chunshen-riverside",
        "title": "上海 · 春申水岸",
        "city": "上海",
        "district": "闵行区",
        "address": "闵行区春申路与莘朱路交汇处",
        "sales_status": SalesStatus.SOLD_OUT,
        "licence": ("沪房管（闵行）预字（2024）第0000876号", dt.date(2024, 8, 2)),
        "price": (61_000, 70_000),
        "deposit": 50_000,
        "phone": "021-6411 5577",
        "coords": ("31.104900", "121.395200"),
        "intro": "春申板块滨水社区，已全部售罄，计划 2027 年交付。",
        "phases": [("一期", dt.date(2027, 3, 31), "已售罄，主体施工中。")],
        "units": [
            ("两房两厅", 2, "86.00", "南"),
            ("三房两厅", 3, "112.00", "南"),
        ],
        "factors": [
            (Factor.ODOUR, "污水处理厂", 1900, "西南方向，已完成除臭改造。"),
        ],
        "open_days": [(-70, "主体结构开放日")],
        "gallery": [("waterfront", "水岸景观")],
    },
]

FLOOR_PLANS = {2: "plan-2", 3: "plan-3", 4: "plan-4"}


def _project_build(row: dict, *, images: dict, today: dt.date) -> ProjectPage:
    licence_number, licence_date = row["licence"] or ("", None)
    low, high = row["price"]
    latitude, longitude = row["coords"]
    cover = images[row["gallery"][0][0]]
    return ProjectPage(
        title=row["title"],
        slug=row["slug"],
        city=row["city"],
        district=row["district"],
        address=row["address"],
        sales_status=row["sales_status"],
        presale_licence_number=licence_number,
        presale_licence_date=licence_date,
        price_min_per_sqm=low * YUAN,
        price_max_per_sqm=high * YUAN,
        deposit_amount=row["deposit"] * YUAN,
        sales_centre_address=row["address"] + "（售楼处）",
        sales_centre_phone=row["phone"],
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        intro=row["intro"],
        search_description=row["intro"],
        body=[
            heading("项目概况"),
            paragraph(row["intro"]),
            image_block(cover, row["gallery"][0][1]),
            heading("红线外不利因素公示"),
            paragraph(
                "根据公司公示制度，本项目红线外不利因素已经法务与项目部门共同核查，"
                "详见下方公示列表；如经核查未发现，亦予以明示。"
            ),
        ],
        adverse_factors_reviewed=True,
        phases=[
            ProjectPhase(name=name, planned_delivery=delivery, description=description)
            for name, delivery, description in row["phases"]
        ],
        unit_types=[
            UnitType(
                name=name,
                rooms=rooms,
                area_sqm=Decimal(area),
                orientation=orientation,
                floor_plan=images[FLOOR_PLANS[rooms]],
            )
            for name, rooms, area, orientation in row["units"]
        ],
        adverse_factors=[
            AdverseFactor(category=category, name=name, distance_m=distance, note=note)
            for category, name, distance, note in row["factors"]
        ],
        open_days=[
            OpenDay(date=today + dt.timedelta(days=offset), note=note)
            for offset, note in row["open_days"]
        ],
        gallery_images=[
            ProjectGalleryImage(image=images[key], caption=caption)
            for key, caption in row["gallery"]
        ],
    )


def demo_projects_ensure(*, parent, images: dict, staff: Staff, today: dt.date) -> dict:
    """The demo projects by slug, publishing those that are missing."""
    projects = {}
    for row in PROJECTS:
        page, _created = page_ensure(
            parent, _project_build(row, images=images, today=today), staff=staff
        )
        projects[row["slug"]] = page
    return projects
