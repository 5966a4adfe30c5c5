"""The two editor-built complaint forms of the demo: 业主投诉 and 在线报修 (with English).

`demo_service_forms_ensure(tree=..., staff=...)` is idempotent like the rest of the demo
loader; the complaints demo data calls it (the forms must exist before complaints are
filed through them).
"""

from __future__ import annotations

from wagtail.models import Locale

from content.services import SiteTree
from portal.demo.pages import Staff, page_ensure
from service.choices import Category, RequestKind
from service.models import ComplaintFormField, ComplaintFormPage

# slug, title, kind, default category, choosable, intro, thank-you text, extra fields
# (label, English label, type, required, choices), English title and intro.
FORMS = [
    (
        "complaints",
        "业主投诉",
        RequestKind.COMPLAINT,
        Category.ENGINEERING_QUALITY,
        True,
        "您的每一条意见我们都会认真对待。客户服务中心将在一个工作日内与您联系。",
        "感谢您的反馈，我们会尽快处理并回访。",
        [
            ("期望联系时间", "Preferred time to call", "dropdown", False, "上午\n下午\n晚上"),
            ("交房日期", "Handover date", "date", False, ""),
        ],
        "Owner complaints",
        "We take every concern seriously. Customer service will contact you within one working day.",
    ),
    (
        "repairs",
        "在线报修",
        RequestKind.REPAIR,
        Category.PROPERTY_MANAGEMENT,
        False,
        "家中设施需要维修？请告诉我们位置和情况，物业服务中心会安排上门。",
        "报修已提交，维修人员会与您预约上门时间。",
        [
            ("报修部位", "Where", "dropdown", True, "厨房\n卫生间\n客厅\n卧室\n阳台\n其他"),
            ("方便上门时间", "When we may come", "singleline", False, ""),
        ],
        "Repair request",
        "Something at home needs fixing? Tell us where and what; property services will visit.",
    ),
]


def _fields(spec) -> list[ComplaintFormField]:
    return [
        ComplaintFormField(
            sort_order=index,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
        )
        for index, (label, _english, field_type, required, choices) in enumerate(spec)
    ]


def _english(page: ComplaintFormPage, *, spec, title: str, intro: str, staff: Staff) -> None:
    """Translate the form as an editor would (Wagtail's copy for translation keeps each
    field's name, so both languages file the same keys), then publish it."""
    english = Locale.objects.filter(language_code="en").first()
    if english is None or page.get_translations().filter(locale=english).exists():
        return
    translation = page.copy_for_translation(english, copy_parents=True)
    translation.title = title
    translation.intro = intro
    labels = {label: english_label for label, english_label, *_rest in spec}
    for field in translation.form_fields.all():
        field.label = labels.get(field.label, field.label)
        field.save()
    translation.save_revision(user=staff.author).publish(user=staff.publisher)


def demo_service_forms_ensure(*, tree: SiteTree, staff: Staff) -> list[ComplaintFormPage]:
    """The demo's complaint and repair forms under the home page, in zh-Hans and en."""
    pages = []
    for slug, title, kind, category, choosable, intro, thanks, spec, en_title, en_intro in FORMS:
        page = ComplaintFormPage(
            title=title,
            slug=slug,
            request_kind=kind,
            default_category=category,
            category_choosable=choosable,
            intro=intro,
            thank_you_text=thanks,
        )
        page.form_fields = _fields(spec)
        page, _created = page_ensure(tree.home, page, staff=staff)
        _english(page, spec=spec, title=en_title, intro=en_intro, staff=staff)
        pages.append(page)
    return pages
