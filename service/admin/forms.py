"""The forms of the complaint admin. They only collect input: every rule is the service's,
and the service's errors come back onto these fields (service.admin.errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.selectors import projects_for_staff
from service.choices import Category, Severity
from service.services.filing import STAFF_CHANNELS

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _note(label, *, required: bool) -> forms.CharField:
    return forms.CharField(label=label, widget=TEXTAREA, required=required, max_length=5000)


class AcknowledgeForm(forms.Form):
    public_note = _note(_("给投诉人的答复"), required=True)


class StartForm(forms.Form):
    internal_note = _note(_("处理记录（内部）"), required=True)
    public_note = _note(_("给投诉人的说明"), required=False)


class ResolveForm(forms.Form):
    public_note = _note(_("处理结果（告知投诉人）"), required=True)
    internal_note = _note(_("内部备注"), required=False)


class FollowUpForm(forms.Form):
    reached = forms.ChoiceField(
        label=_("回访结果"),
        choices=[("yes", _("已联系上投诉人")), ("no", _("未能联系上（记录一次未接通）"))],
        widget=forms.RadioSelect,
    )
    rating = forms.TypedChoiceField(
        label=_("满意度"),
        choices=[("", _("（未评价）"))] + [(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = _note(_("投诉人意见"), required=False)
    internal_note = _note(_("回访记录（内部）"), required=True)


class CloseForm(forms.Form):
    public_note = _note(_("给投诉人的说明"), required=False)
    internal_note = _note(_("内部备注"), required=False)


class ReopenForm(forms.Form):
    reason = _note(_("再次投诉的原因"), required=True)


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("处理部门"), queryset=None)
    handler = forms.ModelChoiceField(label=_("处理人"), queryset=None)
    note = _note(_("内部备注"), required=False)

    def __init__(self, *args, **kwargs):
        from service.selectors import complaint_handlers, departments_all

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_all()
        self.fields["handler"].queryset = complaint_handlers()
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.username


class HandlingForm(forms.Form):
    internal_note = _note(_("处理记录（内部）"), required=True)
    public_note = _note(_("给投诉人的说明"), required=False)


class FlagsForm(forms.Form):
    legal_action = forms.BooleanField(label=_("已引发法律诉讼"), required=False)
    media_exposure = forms.BooleanField(label=_("已被媒体曝光"), required=False)
    may_escalate = forms.BooleanField(label=_("可能引发诉讼或曝光"), required=False)
    needs_outside_support = forms.BooleanField(label=_("需顾问或其他公司协助"), required=False)
    people_count = forms.IntegerField(label=_("投诉人数"), min_value=1)
    caused_by_us = forms.BooleanField(label=_("我方原因未解决"), required=False)
    note = _note(_("变更说明"), required=True)


class LowerSeverityForm(forms.Form):
    severity = forms.ChoiceField(label=_("调整为"), choices=Severity.choices)
    reason = _note(_("下调原因"), required=True)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        rank = Severity.rank(current)
        self.fields["severity"].choices = [
            c for c in Severity.choices if Severity.rank(c[0]) < rank
        ]


class CaseForm(forms.Form):
    """All five parts; the service says which are missing, all at once."""

    cause = _note(_("原因"), required=False)
    handling = _note(_("处理过程"), required=False)
    result = _note(_("处理结果"), required=False)
    lessons = _note(_("经验教训"), required=False)
    corrective_actions = _note(_("纠正措施"), required=False)


class LinkForm(forms.Form):
    target = forms.ChoiceField(label=_("归入"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("新建同类问题的名称"), max_length=200, required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("new", _("新建同类问题（以本投诉为首）")), *choices]


class IntakeForm(forms.Form):
    """A complaint staff take by phone, at the counter or from a forum post."""

    channel = forms.ChoiceField(
        label=_("渠道"), choices=[(c.value, c.label) for c in STAFF_CHANNELS]
    )
    guest_name = forms.CharField(label=_("投诉人姓名"), max_length=100, required=False)
    guest_phone = forms.CharField(label=_("投诉人手机号"), max_length=20, required=False)
    project = forms.ModelChoiceField(label=_("楼盘"), queryset=None, required=False)
    building = forms.CharField(label=_("楼栋"), max_length=50, required=False)
    unit = forms.CharField(label=_("房号"), max_length=50, required=False)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", "---------")] + list(Category.choices), required=False
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    description = forms.CharField(label=_("内容"), widget=forms.Textarea, required=False)
    people_count = forms.IntegerField(label=_("投诉人数"), initial=1, min_value=1)
    legal_action = forms.BooleanField(label=_("已引发法律诉讼"), required=False)
    media_exposure = forms.BooleanField(label=_("已被媒体曝光"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_for_staff()
