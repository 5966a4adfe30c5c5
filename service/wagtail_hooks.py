"""Service admin registrations."""

from wagtail import hooks


@hooks.register("filter_form_submissions_for_user")
def complaint_forms_out_of_form_submissions(user, editable_forms):
    # A complaint form's submissions are complaints (the staff queue), never Wagtail form
    # submissions: its empty submission list would only suggest that filings were lost.
    from service.models import ComplaintFormPage

    return editable_forms.not_type(ComplaintFormPage)
