"""Complaint attachments: upload before filing, staff download (service.views)."""

from django.urls import path

from service import views

app_name = "service"

urlpatterns = [
    path("attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
]
