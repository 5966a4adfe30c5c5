"""Plausible people for the bulk demo members: names, contacts and household answers.

Each segment of DOMAIN.md gets the answers that the rule table of club/segments.py maps to
it (a high income for AFFLUENT_FAMILY, a child aged 0-17 for CHILD_FOCUSED, an elderly
parent at home or an age of 55+ for ELDER_CARE, ...), so the derived segment is the one
aimed at. Everything here is pure Python and deterministic for a given random generator.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

from club.choices import Education, Gender, IncomeBand, PurchaseTimeframe, Segment
from club.segments import ADULT_FROM_AGE, years_between

# DOMAIN.md's observed shares, in percent.
SEGMENT_SHARES: dict[str, int] = {
    Segment.SOCIAL_NEWCOMER: 29,
    Segment.CHILD_FOCUSED: 31,
    Segment.AFFLUENT_FAMILY: 9,
    Segment.ELDER_CARE: 6,
    Segment.PRAGMATIC_FAMILY: 25,
}
_SEGMENT_BOUNDS = list(
    zip(accumulate(v / 100 for v in SEGMENT_SHARES.values()), SEGMENT_SHARES, strict=True)
)
_GOLDEN = 0.6180339887498949

# Common surnames with their rough frequency (percent of the population), and pinyin.
SURNAMES = [
    ("王", "wang", 7.1), ("李", "li", 7.0), ("张", "zhang", 6.7), ("刘", "liu", 5.4),
    ("陈", "chen", 4.5), ("杨", "yang", 3.1), ("黄", "huang", 2.3), ("赵", "zhao", 2.2),
    ("吴", "wu", 2.0), ("周", "zhou", 1.9), ("徐", "xu", 1.5), ("孙", "sun", 1.5),
    ("马", "ma", 1.3), ("朱", "zhu", 1.3), ("胡", "hu", 1.2), ("郭", "guo", 1.1),
    ("何", "he", 1.0), ("林", "lin", 1.0), ("罗", "luo", 0.9), ("高", "gao", 0.9),
    ("郑", "zheng", 0.8), ("梁", "liang", 0.8), ("谢", "xie", 0.8), ("宋", "song", 0.7),
    ("唐", "tang", 0.7), ("许", "xu", 0.6), ("韩", "han", 0.6), ("冯", "feng", 0.6),
    ("邓", "deng", 0.6), ("曹", "cao", 0.5), ("彭", "peng", 0.5), ("曾", "zeng", 0.5),
    ("肖", "xiao", 0.5), ("田", "tian", 0.5), ("董", "dong", 0.4), ("袁", "yuan", 0.4),
    ("潘", "pan", 0.4), ("蒋", "jiang", 0.4), ("蔡", "cai", 0.4), ("余", "yu", 0.4),
    ("杜", "du", 0.4), ("叶", "ye", 0.4), ("程", "cheng", 0.4), ("苏", "su", 0.3),
    ("魏", "wei", 0.3), ("吕", "lv", 0.3), ("丁", "ding", 0.3), ("任", "ren", 0.3),
    ("沈", "shen", 0.3), ("姚", "yao", 0.3), ("卢", "lu", 0.3), ("钟", "zhong", 0.3),
    ("姜", "jiang", 0.3), ("崔", "cui", 0.3), ("谭", "tan", 0.3), ("陆", "lu", 0.3),
    ("范", "fan", 0.2), ("汪", "wang", 0.2), ("廖", "liao", 0.2), ("石", "shi", 0.2),
    ("金", "jin", 0.2), ("贾", "jia", 0.2), ("夏", "xia", 0.2), ("方", "fang", 0.2),
    ("邹", "zou", 0.2), ("熊", "xiong", 0.2), ("欧阳", "ouyang", 0.05), ("司马", "sima", 0.02),
]  # fmt: skip
_SURNAME_CUM = list(accumulate(w for _s, _p, w in SURNAMES))

GIVEN_MALE = [
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"), ("杰", "jie"),
    ("涛", "tao"), ("斌", "bin"), ("超", "chao"), ("明", "ming"), ("刚", "gang"), ("平", "ping"),
    ("辉", "hui"), ("鹏", "peng"), ("华", "hua"), ("飞", "fei"), ("鑫", "xin"), ("波", "bo"),
    ("宇", "yu"), ("浩", "hao"), ("俊", "jun"), ("凯", "kai"), ("健", "jian"), ("峰", "feng"),
    ("建", "jian"), ("国", "guo"), ("志", "zhi"), ("文", "wen"), ("博", "bo"), ("子", "zi"),
    ("轩", "xuan"), ("泽", "ze"), ("昊", "hao"), ("睿", "rui"), ("晨", "chen"), ("天", "tian"),
    ("海", "hai"), ("亮", "liang"), ("成", "cheng"), ("龙", "long"), ("东", "dong"), ("永", "yong"),
]  # fmt: skip
GIVEN_FEMALE = [
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("霞", "xia"), ("秀", "xiu"), ("玲", "ling"), ("婷", "ting"), ("雪", "xue"),
    ("慧", "hui"), ("莉", "li"), ("琳", "lin"), ("颖", "ying"), ("倩", "qian"), ("洁", "jie"),
    ("欣", "xin"), ("怡", "yi"), ("萱", "xuan"), ("涵", "han"), ("雨", "yu"), ("佳", "jia"),
    ("梦", "meng"), ("晓", "xiao"), ("思", "si"), ("诗", "shi"), ("雅", "ya"), ("悦", "yue"),
    ("琪", "qi"), ("薇", "wei"), ("燕", "yan"), ("红", "hong"), ("梅", "mei"), ("兰", "lan"),
]  # fmt: skip

# Mainland mobile prefixes (all valid for `phonenumbers`); 138 is left out because the demo
# member's 13800138000 lives there.
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "139", "147", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "198", "199",
)  # fmt: skip
_SUFFIX_SPACE = 10**8
_PHONE_SPACE = len(MOBILE_PREFIXES) * _SUFFIX_SPACE
# Coprime with the phone space (no factor 2, 3, 5 or 11): index -> number is a permutation,
# and consecutive indexes land on unrelated prefixes and suffixes.
_PHONE_MULTIPLIER = 1_234_567_891
_PHONE_OFFSET = 271_828_182
# Reserved example domains (RFC 2606): demo addresses can never reach a real mailbox.
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")

REFERRAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as club.services.registration
_CODE_SPACE = 32**8
_CODE_MULTIPLIER = 0x9E3779B1  # odd: a permutation of the 40-bit code space
_CODE_OFFSET = 0x5DEECE66D

EMPLOYER_BRANDS = (
    "华信", "瑞达", "恒通", "嘉禾", "中远", "新世纪", "博雅", "鼎盛", "金桥", "远航", "启明", "正大",
)  # fmt: skip
EMPLOYER_KINDS = (
    "科技有限公司", "电子有限公司", "贸易有限公司", "物流有限公司", "建设集团", "医药有限公司",
    "文化传媒有限公司", "教育咨询有限公司", "餐饮管理有限公司", "会计师事务所", "律师事务所",
)  # fmt: skip
EMPLOYER_PUBLIC = (
    "{city}市人民医院", "{city}市实验小学", "{city}市第一中学", "{city}市税务局", "{city}大学",
)  # fmt: skip
EMPLOYER_OTHER = ("个体经营", "自由职业")

TIMEFRAMES = [
    (PurchaseTimeframe.NOW, 8),
    (PurchaseTimeframe.WITHIN_3_MONTHS, 14),
    (PurchaseTimeframe.WITHIN_6_MONTHS, 20),
    (PurchaseTimeframe.WITHIN_1_YEAR, 24),
    (PurchaseTimeframe.LATER, 18),
    ("", 16),
]
_TIMEFRAME_CUM = list(accumulate(w for _t, w in TIMEFRAMES))


@dataclass(frozen=True)
class SegmentProfile:
    """How to answer the household questions so that the segment derives to `segment`."""

    rooms: tuple[int, ...]
    area: tuple[int, int]
    budget_wan: tuple[int, int]  # 万元
    education: tuple[tuple[str, int], ...]
    topics: tuple[str, ...]
    events: tuple[str, ...]


_EDU = Education
PROFILES: dict[str, SegmentProfile] = {
    Segment.SOCIAL_NEWCOMER: SegmentProfile(
        (1, 2), (45, 90), (150, 500),
        ((_EDU.COLLEGE, 25), (_EDU.BACHELOR, 55), (_EDU.MASTER_OR_ABOVE, 20)),
        ("PROJECT_NEWS", "CLUB_EVENTS", "HOME_LIVING"), ("OPEN_DAY", "CULTURE", "SPORTS"),
    ),
    Segment.CHILD_FOCUSED: SegmentProfile(
        (3, 4), (89, 140), (300, 900),
        ((_EDU.HIGH_SCHOOL, 15), (_EDU.COLLEGE, 25), (_EDU.BACHELOR, 45), (_EDU.MASTER_OR_ABOVE, 15)),
        ("PROJECT_NEWS", "CLUB_EVENTS", "COMMUNITY"), ("OPEN_DAY", "FAMILY", "EDUCATION"),
    ),
    Segment.AFFLUENT_FAMILY: SegmentProfile(
        (4, 5), (140, 260), (800, 2000),
        ((_EDU.BACHELOR, 50), (_EDU.MASTER_OR_ABOVE, 40), (_EDU.COLLEGE, 10)),
        ("PROJECT_NEWS", "MEMBER_OFFERS", "HOME_LIVING"), ("OPEN_DAY", "CULTURE", "SPORTS"),
    ),
    Segment.ELDER_CARE: SegmentProfile(
        (2, 3), (70, 120), (200, 700),
        ((_EDU.JUNIOR_HIGH_OR_BELOW, 30), (_EDU.HIGH_SCHOOL, 35), (_EDU.COLLEGE, 20), (_EDU.BACHELOR, 15)),
        ("CLUB_EVENTS", "COMMUNITY", "MEMBER_OFFERS"), ("SENIOR", "CULTURE", "SPORTS"),
    ),
    Segment.PRAGMATIC_FAMILY: SegmentProfile(
        (2, 3), (55, 95), (100, 350),
        ((_EDU.JUNIOR_HIGH_OR_BELOW, 25), (_EDU.HIGH_SCHOOL, 35), (_EDU.COLLEGE, 25), (_EDU.BACHELOR, 15)),
        ("PROJECT_NEWS", "MEMBER_OFFERS", "COMMUNITY"), ("OPEN_DAY", "FAMILY", "SPORTS"),
    ),
}  # fmt: skip


def segment_for_index(index: int) -> str:
    """The segment aimed at for bulk member `index`: a low-discrepancy sequence over the
    shares, so any run of consecutive members is within about one member of DOMAIN.md."""
    u = (index * _GOLDEN) % 1.0
    return next(
        (segment for bound, segment in _SEGMENT_BOUNDS if u < bound), Segment.PRAGMATIC_FAMILY
    )


def phone_for_index(index: int) -> str:
    """A unique mainland mobile number in E.164 for every index below the phone space."""
    value = (index * _PHONE_MULTIPLIER + _PHONE_OFFSET) % _PHONE_SPACE
    prefix, suffix = divmod(value, _SUFFIX_SPACE)
    return f"+86{MOBILE_PREFIXES[prefix]}{suffix:08d}"


def referral_code_for_index(index: int) -> str:
    """A unique 8-character referral code per index (a permutation of the code space)."""
    value = (index * _CODE_MULTIPLIER + _CODE_OFFSET) % _CODE_SPACE
    chars = []
    for _i in range(8):
        value, digit = divmod(value, 32)
        chars.append(REFERRAL_ALPHABET[digit])
    return "".join(chars)


def age_birth_date(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date on which someone is exactly `age` whole years old on `today`."""
    latest = _years_before(today, age)
    earliest = _years_before(today, age + 1) + dt.timedelta(days=1)
    return dt.date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


@dataclass
class Person:
    """One bulk member's answers, before ids are known."""

    index: int
    segment: str
    name: str
    pinyin: str
    gender: str
    birth_date: dt.date
    city: str
    employer: str
    education: str
    children_now: list[int]  # the children's ages today
    elderly_at_home: bool | None
    income_band: str
    answered: bool
    rooms: list[int]
    area_min: int
    area_max: int
    budget_max: int  # 分
    purchase_timeframe: str
    newsletter_topics: list[str]
    event_interests: list[str]
    has_email: bool
    marketing: bool


def _name(rng: random.Random, gender: str) -> tuple[str, str]:
    surname, surname_py, _w = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    pool = GIVEN_FEMALE if gender == Gender.FEMALE else GIVEN_MALE
    if gender == Gender.UNDISCLOSED:
        pool = GIVEN_MALE if rng.random() < 0.5 else GIVEN_FEMALE
    count = 1 if rng.random() < 0.35 else 2
    given = [rng.choice(pool) for _i in range(count)]
    return surname + "".join(c for c, _p in given), surname_py + "".join(p for _c, p in given)


def _household(rng: random.Random, segment: str) -> tuple[int, list[int], bool, str]:
    """(age today, children's ages today, elderly at home, income band) for the segment."""
    roll = rng.random()
    if segment == Segment.AFFLUENT_FAMILY:
        age = rng.randint(30, 62)
        kids = [rng.randint(0, max(0, age - 24)) for _i in range(rng.randint(0, 2))]
        return age, kids, rng.random() < 0.3, IncomeBand.HIGH
    if segment == Segment.CHILD_FOCUSED:
        age = rng.randint(26, 50)
        kids = [rng.randint(0, min(17, age - 22))]
        if rng.random() < 0.4:
            kids.append(rng.randint(0, min(17, age - 22)))
        income = (
            IncomeBand.MIDDLE
            if roll < 0.6
            else IncomeBand.LOW
            if roll < 0.85
            else IncomeBand.UNDISCLOSED
        )
        return age, sorted(kids, reverse=True), rng.random() < 0.25, income
    income = (
        IncomeBand.MIDDLE
        if roll < 0.55
        else IncomeBand.LOW
        if roll < 0.85
        else IncomeBand.UNDISCLOSED
    )
    if segment == Segment.ELDER_CARE:
        if rng.random() < 0.6:  # empty nesters, grown-up children
            age = rng.randint(55, 75)
            kids = [rng.randint(ADULT_FROM_AGE + 8, age - 22)] if rng.random() < 0.8 else []
            return age, kids, rng.random() < 0.2, income
        age = rng.randint(32, 54)  # living with their elderly parents
        return age, [], True, income
    if segment == Segment.PRAGMATIC_FAMILY:
        if roll < 0.55:  # lower income, any working age
            return rng.randint(22, 54), [], False, IncomeBand.LOW
        age = rng.randint(35, 54)
        kids = [rng.randint(ADULT_FROM_AGE, age - 18)] if age >= 38 and rng.random() < 0.3 else []
        return age, kids, False, IncomeBand.MIDDLE if roll < 0.85 else IncomeBand.UNDISCLOSED
    # SOCIAL_NEWCOMER: young, no minor children, no elderly at home, not low income
    age = min(34, max(18, int(rng.gauss(27, 4))))
    return age, [], False, IncomeBand.MIDDLE if roll < 0.75 else IncomeBand.UNDISCLOSED


def _employer(rng: random.Random, city: str, age: int) -> str:
    if age >= 60 and rng.random() < 0.7:
        return "已退休"
    roll = rng.random()
    if roll < 0.7:
        return f"{city}{rng.choice(EMPLOYER_BRANDS)}{rng.choice(EMPLOYER_KINDS)}"
    if roll < 0.9:
        return rng.choice(EMPLOYER_PUBLIC).format(city=city)
    return rng.choice(EMPLOYER_OTHER)


def _pick(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def person_make(*, rng: random.Random, index: int, today: dt.date, cities: list[str]) -> Person:
    """The answers of bulk member `index`, aimed at its segment."""
    segment = segment_for_index(index)
    profile = PROFILES[segment]
    roll = rng.random()
    gender = Gender.MALE if roll < 0.49 else Gender.FEMALE if roll < 0.98 else Gender.UNDISCLOSED
    name, pinyin = _name(rng, gender)
    age, kids, elderly, income = _household(rng, segment)
    city = rng.choice(cities) if cities else ""
    # Households that skipped the questions: the age alone then gives the same segment.
    answered = not (
        rng.random() < 0.12
        and not kids
        and not elderly
        and (
            segment == Segment.SOCIAL_NEWCOMER
            or (segment == Segment.PRAGMATIC_FAMILY and age >= 35 and income != IncomeBand.LOW)
            or (segment == Segment.ELDER_CARE and age >= 55)
        )
    )
    low_rooms = rng.choice(profile.rooms)
    rooms = [low_rooms] + ([low_rooms + 1] if rng.random() < 0.4 else [])
    area_min = rng.randint(*profile.area) // 5 * 5
    budget_wan = rng.randint(*profile.budget_wan) // 10 * 10
    timeframe = rng.choices([t for t, _w in TIMEFRAMES], cum_weights=_TIMEFRAME_CUM)[0]
    return Person(
        index=index,
        segment=segment,
        name=name,
        pinyin=pinyin,
        gender=gender,
        birth_date=age_birth_date(rng, age, today),
        city=city,
        employer=_employer(rng, city, age),
        education=_pick(rng, profile.education),
        children_now=kids if answered else [],
        elderly_at_home=elderly if answered else None,
        income_band=income if answered else "",
        answered=answered,
        rooms=rooms,
        area_min=area_min,
        area_max=area_min + rng.randint(2, 6) * 10,
        budget_max=budget_wan * 10_000 * 100,
        purchase_timeframe=str(timeframe),
        newsletter_topics=rng.sample(profile.topics, rng.randint(1, len(profile.topics))),
        event_interests=rng.sample(profile.events, rng.randint(0, len(profile.events))),
        has_email=rng.random() < 0.85,
        marketing=rng.random() < 0.70,
    )


def email_for(person: Person) -> str:
    """A unique address (the index makes it so) at a reserved example domain."""
    domain = EMAIL_DOMAINS[person.index % len(EMAIL_DOMAINS)]
    return f"{person.pinyin}{person.birth_date:%y}.{person.index}@{domain}"


def answered_children(
    children_now: list[int], joined_on: dt.date, today: dt.date
) -> tuple[list[int], dt.date]:
    """The ages as answered and the answer date: answered when joining, unless a child was
    not yet born then, in which case the household was updated within the last year."""
    elapsed = years_between(joined_on, today)
    if any(age < elapsed for age in children_now):
        return list(children_now), max(joined_on, today - dt.timedelta(days=300))
    return [age - elapsed for age in children_now], joined_on
