"""Event staff check a ticket in at the door in a real browser, by typing its code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core import roles
from events.permissions import event_staff_permissions_ensure
from events.services import event_register, ticket_code
from tests.e2e.conftest import chromium_launch
from tests.factories import UserFactory, event_create, member_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_typed_code_shows_checked_in_then_already_checked_in(live_server, browser, site_tree):
    event_staff_permissions_ensure()  # the transactional database was flushed of it
    UserFactory(username="door-e2e", is_staff=True, groups=[roles.EVENT_STAFF])
    event = event_create(site_tree, title="中秋游园会", max_party_size=3)
    registration = event_register(member=member_create(name="王小明"), event=event, party_size=3)
    code = ticket_code(registration=registration)

    # a phone-sized screen
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "door-e2e")
    page.fill("input[name=password]", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(live_server.url + reverse("events_staff_check_in", args=[event.pk]))
    result = page.locator("#check-in-result")
    page.fill("#check-in-form input[name=code]", code)
    page.click("#check-in-form button[type=submit]")
    page.wait_for_selector('#check-in-result[data-result="CHECKED_IN"]')
    assert "已签到" in result.inner_text() and "王**" in result.inner_text()
    assert "共 3 人" in result.inner_text()
    screenshots = Path(settings.VAR_DIR) / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / "event-check-in-phone.png"), full_page=True)

    page.fill("#check-in-form input[name=code]", code)
    page.press("#check-in-form input[name=code]", "Enter")
    page.wait_for_selector('#check-in-result[data-result="ALREADY_CHECKED_IN"]')
    assert "签到过" in result.inner_text()
    # the script loaded the decoder from our static files, nothing from another host
    assert page.evaluate("typeof window.BarcodeDetectionAPI") == "object"
    context.close()


def _y4m_of(text: str, path) -> None:
    """A still video (YUV4MPEG2, Chromium's fake camera format) showing `text` as a QR code."""
    import segno

    matrix = [list(row) for row in segno.make(text, error="m").matrix]
    scale, border = 6, 4
    side = (len(matrix) + 2 * border) * scale
    side += side % 2
    luma = bytearray([235]) * (side * side)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = ((y + border) * scale + dy) * side + (x + border) * scale
                    luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * ((side // 2) * (side // 2) * 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{side} H{side} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _frame in range(5):
            out.write(b"FRAME\n" + bytes(luma) + chroma)


def test_the_camera_reads_the_ticket_qr_and_checks_it_in(
    live_server, playwright_driver, site_tree, tmp_path
):
    """Chromium's fake camera shows the ticket; the page's decoder reads it (on Linux
    Chromium has no native BarcodeDetector, so this is the vendored zxing-wasm path)."""

    event_staff_permissions_ensure()
    UserFactory(username="door-cam", is_staff=True, groups=[roles.EVENT_STAFF])
    event = event_create(site_tree, max_party_size=2)
    registration = event_register(member=member_create(name="李四"), event=event, party_size=2)
    video = tmp_path / "ticket.y4m"
    _y4m_of(ticket_code(registration=registration), video)

    browser = chromium_launch(
        playwright_driver,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    try:
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "door-cam")
        page.fill("input[name=password]", "pw-for-tests-2026")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(live_server.url + reverse("events_staff_check_in", args=[event.pk]))
        page.click("#check-in-camera")
        page.wait_for_selector('#check-in-result[data-result="CHECKED_IN"]', timeout=30_000)
        assert "李*" in page.locator("#check-in-result").inner_text()
    finally:
        browser.close()
