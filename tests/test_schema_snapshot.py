"""The committed SDL (graphql/schema.graphql) is the live schema: it never drifts."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from portal.management.commands.export_graphql_schema import DEFAULT_OUTPUT, schema_sdl


def test_the_committed_schema_matches_the_live_schema():
    committed = DEFAULT_OUTPUT.read_text(encoding="utf-8") if DEFAULT_OUTPUT.exists() else ""
    assert committed == schema_sdl(), (
        "graphql/schema.graphql is out of date with the GraphQL schema: run `make schema` "
        "and commit the result."
    )


def test_the_contract_names_are_in_the_schema():
    sdl = schema_sdl()
    for line in [
        "projects(city: String, salesStatus: ProjectSalesStatus, first: Int, after: String):"
        " ProjectConnection!",
        "project(slug: String!): Project",
        "event(slug: String!): Event",
        "newsletters(first: Int, after: String): NewsletterIssueConnection!",
        "search(query: String!, first: Int): [SearchResult!]!",
    ]:
        assert line in sdl


def test_check_fails_on_a_stale_file_and_passes_once_it_is_written(tmp_path):
    output = tmp_path / "schema.graphql"
    output.write_text("type Query { stale: String }\n", encoding="utf-8")

    with pytest.raises(CommandError, match="make schema"):
        call_command("export_graphql_schema", "--check", "--output", str(output))

    call_command("export_graphql_schema", "--output", str(output))
    call_command("export_graphql_schema", "--check", "--output", str(output))
    assert output.read_text(encoding="utf-8") == schema_sdl()
