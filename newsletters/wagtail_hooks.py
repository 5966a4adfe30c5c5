"""Admin menu and routes of the newsletters (会刊发送, 退信屏蔽)."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from newsletters import admin_views

app_name = "newsletters_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.create, name="create"),
    path("preview/<int:issue_id>/<str:language>/", admin_views.preview, name="preview"),
    path("<int:send_id>/", admin_views.detail, name="detail"),
    path("<int:send_id>/progress.json", admin_views.progress_json, name="progress"),
    path("<int:send_id>/pause/", admin_views.pause, name="pause"),
    path("<int:send_id>/resume/", admin_views.resume, name="resume"),
    path("suppressions/", admin_views.suppressions, name="suppressions"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("newsletters/", include((urlpatterns, app_name), namespace=app_name))]


class _PermittedMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_sends_menu_item():
    return _PermittedMenuItem(
        _("会刊发送"),
        reverse("newsletters_admin:index"),
        icon_name="mail",
        order=260,
        permission=admin_views.SEND_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_suppressions_menu_item():
    return _PermittedMenuItem(
        _("退信屏蔽"),
        reverse("newsletters_admin:suppressions"),
        icon_name="warning",
        order=261,
        permission="newsletters.view_suppression",
    )
