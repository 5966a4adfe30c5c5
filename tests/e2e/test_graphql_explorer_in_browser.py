"""Staff open the GraphQL explorer in Chromium, under the CSP, and query with a token."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from club.services import api_token_create
from tests.factories import member_create, member_reader

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_run_an_example_operation_with_a_pasted_token(live_server, page, settings):
    settings.DEBUG = False
    staff = member_reader(username="marketing-e2e", is_staff=True)
    member_create(name="望江业主")
    raw = api_token_create(user=staff, scopes=["read:members"])[1]
    # CSP violations, script errors, failed responses, and any request to another host
    # (the browser's own favicon probe is not a page request and is not counted)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: (
            problems.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )

    client = Client()
    client.force_login(staff)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/graphql/")
    page.wait_for_selector(".graphiql-container")

    page.select_option("#explorer-examples", label="MarketingMembers")
    page.wait_for_selector(".graphiql-query-editor :text('query MarketingMembers')")
    page.get_by_role("button", name="Headers").click()
    headers = page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    headers.click()
    page.keyboard.insert_text('{"Authorization": "Bearer ' + raw + '"}')
    page.locator(".graphiql-execute-button").click()
    page.wait_for_selector(".result-window :text('totalCount')")
    result = page.locator(".result-window").inner_text()

    assert '"totalCount": 1' in result
    assert problems == []
