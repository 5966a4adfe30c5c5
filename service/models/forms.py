"""The complaint forms editors build in Wagtail (投诉 / 报修 / 建议).

A `ComplaintFormPage` is Wagtail's form page (wagtail.contrib.forms.AbstractForm): editors
add, order and label its extra fields (`ComplaintFormField`, Wagtail's AbstractFormField)
and translate the page into English with Wagtail's translation tools, which copy the
fields with their names (`clean_name`), so both languages file the same keys. The
standard fields every complaint needs (project, category, title, description, people,
flags, attachments, and a guest's name, mobile and code) are not editor-built: the
service requires them, so the form always has them (service.forms.STANDARD_FIELDS).

A submission never becomes a loose FormSubmission row: it is filed as a Complaint through
`service.services.complaint_file_from_form` (see docs/architecture.md, "Complaint forms").
It lives in `service`, not `content`, because its submission is a service write and
`content` never imports `service`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField

from service.choices import Category, RequestKind

# The names of the standard fields; an editor's field may not take one of them.
RESERVED_NAMES = frozenset(
    {
        "project",
        "project_slug",
        "building",
        "unit",
        "category",
        "title",
        "description",
        "people_count",
        "legal_action",
        "media_exposure",
        "attachments",
        "attachment_tokens",
        "guest_name",
        "guest_phone",
        "sms_code",
        "fields",
        "form_slug",
    }
)


class ComplaintFormField(AbstractFormField):
    page = ParentalKey(
        "service.ComplaintFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )

    class Meta(AbstractFormField.Meta):
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")


class ComplaintFormAdminForm(WagtailAdminFormPageForm):
    """Wagtail's form-page checks (duplicate labels), plus: no editor field may take the
    name of a standard field."""

    def clean(self):
        cleaned = super().clean()
        forms = self.formsets.get("form_fields")
        for form in getattr(forms, "forms", []):
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            field = ComplaintFormField(label=form.cleaned_data.get("label", ""))
            name = form.instance.clean_name or field.get_field_clean_name()
            if name in RESERVED_NAMES:
                form.add_error("label", ValidationError(_("该名称已被标准字段使用，请换一个。")))
        return cleaned


class ComplaintFormPage(AbstractForm):
    """A form for filing complaints, repair requests or suggestions."""

    intro = models.TextField(_("说明"), blank=True)
    request_kind = models.CharField(
        _("申请类型"), max_length=12, choices=RequestKind.choices, default=RequestKind.COMPLAINT
    )
    default_category = models.CharField(
        _("默认类别"), max_length=24, choices=Category.choices, default=Category.OTHER
    )
    category_choosable = models.BooleanField(
        _("允许填写人选择类别"),
        default=False,
        help_text=_("不勾选时，提交的内容一律归入默认类别。"),
    )
    thank_you_text = models.TextField(_("提交成功提示"), blank=True)

    base_form_class = ComplaintFormAdminForm
    template = "service/complaint_form_page.html"
    landing_page_template = "service/complaint_form_page_landing.html"
    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("request_kind"),
                FieldPanel("default_category"),
                FieldPanel("category_choosable"),
            ],
            heading=_("投诉后台对应"),
        ),
        InlinePanel("form_fields", label=_("附加字段")),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = _("投诉表单页")
        verbose_name_plural = _("投诉表单页")

    def get_form_class(self):
        from service.forms import complaint_form_class

        return complaint_form_class(page=self)

    def get_form(self, *args, **kwargs):
        # Wagtail's previews pass the page and the user; our form takes them as who views.
        from club.selectors import member_for_user
        from service.forms import complaint_form_class

        kwargs.pop("page", None)
        user = kwargs.pop("user", None)
        member = member_for_user(user=user) if user is not None else None
        return complaint_form_class(page=self, viewer=user, member=member)(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from service.forms import complaint_form_serve

        return complaint_form_serve(page=self, request=request)

    def process_form_submission(self, form):
        # Never a loose FormSubmission: complaint_form_serve files through the service.
        raise NotImplementedError("complaint forms are filed by service.forms")
