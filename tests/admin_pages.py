"""Driving the Wagtail page editor with the Django test client, as a browser would.

The form data is read from the editor's own HTML (what a browser would send back), then
changed as the test says; StreamFields, which the browser's JavaScript builds, are sent
empty.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def create_url(model, parent) -> str:
    opts = model._meta
    return reverse("wagtailadmin_pages:add", args=[opts.app_label, opts.model_name, parent.pk])


def form_data(client: Client, url: str, model, **changes) -> dict:
    """The editor's form at `url` as the browser would post it, with `changes` applied;
    a value of None removes the field (an unchecked checkbox)."""
    response = client.get(url)
    assert response.status_code == 200, response
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    form = WagtailTestUtils.get_soup(html).find("form", attrs={"id": "page-edit-form"})
    for box in form.find_all("input", type="checkbox", checked=True):
        data[box["name"]] = box.get("value", "on")  # what a browser sends for a bare checkbox
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def admin_datetime(value) -> str:
    """A datetime as the admin's date-time widget sends it (local time)."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
