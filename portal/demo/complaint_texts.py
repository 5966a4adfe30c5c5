"""What the demo complaints say: titles by category, staff notes, case write-ups.

Category weights are DOMAIN.md's observed half-year volumes (engineering quality 6,360,
planning/design 501, property management 202, sales 183, other 121, customer service 71).
"""

from __future__ import annotations

CATEGORY_WEIGHTS = {
    "ENGINEERING_QUALITY": 6360,
    "PLANNING_DESIGN": 501,
    "PROPERTY_MANAGEMENT": 202,
    "SALES_MANAGEMENT": 183,
    "OTHER": 121,
    "CUSTOMER_SERVICE": 71,
}

CHANNEL_WEIGHTS = {"WEB": 45, "PHONE": 30, "ON_SITE": 12, "FORUM": 8, "EMAIL": 5}

TITLES = {
    "ENGINEERING_QUALITY": [
        ("外墙渗水", "客厅外墙雨天渗水，墙面起皮发霉。"),
        ("卫生间漏水", "楼下反映我家卫生间漏水到他家天花板。"),
        ("墙面裂缝", "主卧墙面出现多条裂缝，担心结构问题。"),
        ("窗户密封不严", "飘窗密封条老化，下雨时窗台积水。"),
        ("地面空鼓", "客厅地砖多处空鼓，踩上去有响声。"),
        ("管道堵塞", "厨房下水管道反复堵塞。"),
        ("入户门变形", "入户门变形关不严，冬天漏风。"),
        ("屋面防水", "顶层屋面防水失效，卧室天花板渗水。"),
    ],
    "PLANNING_DESIGN": [
        ("户型与样板间不符", "交房后发现阳台进深比样板间小。"),
        ("绿化面积减少", "小区中心绿地被改为停车位。"),
        ("车位规划不足", "地下车位数量远少于销售时介绍。"),
    ],
    "PROPERTY_MANAGEMENT": [
        ("电梯故障", "3 号楼电梯一周内两次困人。"),
        ("保洁不到位", "楼道垃圾清运不及时。"),
        ("门禁失灵", "单元门禁经常失灵，陌生人随意进出。"),
    ],
    "SALES_MANAGEMENT": [
        ("销售承诺未兑现", "销售时承诺赠送的储藏室未兑现。"),
        ("办证进度慢", "产权证办理超过合同约定时间。"),
    ],
    "CUSTOMER_SERVICE": [
        ("热线无人接听", "客服热线多次无人接听。"),
        ("回复不及时", "报修后三天无人联系。"),
    ],
    "OTHER": [
        ("周边施工噪音", "小区旁工地夜间施工噪音大。"),
        ("会员活动报名问题", "活动报名成功后未收到通知。"),
    ],
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超"]

ACK_NOTE = "您好，您的投诉已收到，我们已安排专人跟进，会尽快与您联系。"
START_NOTE = "已安排相关部门上门查看，制定整改方案。"
RESOLVED_NOTE = "整改已完成，请您查看。如仍有问题请随时联系我们。"
FOLLOW_UP_NOTE = "电话回访，业主对处理结果表示认可。"
ATTEMPT_NOTE = "回访电话无人接听。"
RATING_COMMENTS = {
    5: "处理及时，态度很好。",
    4: "问题已解决，整体满意。",
    3: "解决了，但等待时间较长。",
    2: "处理结果一般。",
    1: "多次沟通才处理。",
}

CASE = {
    "cause": "施工阶段防水层施工不规范，隐蔽工程验收未发现问题。",
    "handling": "成立专项小组，二十四小时内上门查看，与业主共同确认整改方案并每日通报进度。",
    "result": "完成整改并经业主验收，赔偿业主受损物品，业主签字确认。",
    "lessons": "隐蔽工程验收须留存影像资料；群诉苗头出现时须当日上报。",
    "corrective_actions": "修订防水施工工艺标准，对在建项目开展防水专项检查。",
}

DEPARTMENTS = [
    # name, receives major reports, intake (customer-service centre)
    ("客户关系中心", False, True),
    ("工程管理部", False, False),
    ("物业服务中心", False, False),
    ("营销管理部", False, False),
    ("设计管理部", False, False),
    ("品质管理部", True, False),
]
CATEGORY_DEPARTMENT = {
    "ENGINEERING_QUALITY": "工程管理部",
    "PLANNING_DESIGN": "设计管理部",
    "PROPERTY_MANAGEMENT": "物业服务中心",
    "SALES_MANAGEMENT": "营销管理部",
    "CUSTOMER_SERVICE": "客户关系中心",
    "OTHER": "客户关系中心",
}
