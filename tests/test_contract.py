"""The schema keeps the names and types of the API contract (graphql/contract.graphql).

The contract is what the frontend, marketing's saved queries and acceptance tests rely on.
Parts of it belong to capabilities still to come (complaints, event registration,
deposits); they are listed in PENDING, and the test fails as soon as one of them appears
so that the list only ever shrinks.
"""

from __future__ import annotations

from pathlib import Path

from graphql import parse, print_ast
from graphql.language import EnumTypeDefinitionNode

from portal.graphql.schema import schema

CONTRACT = Path(__file__).resolve().parent.parent / "graphql" / "contract.graphql"

PENDING: set[str] = set()


def _differences() -> tuple[list[str], set[str]]:
    live = schema.graphql_schema
    problems: list[str] = []
    absent: set[str] = set()
    for definition in parse(CONTRACT.read_text()).definitions:
        name = definition.name.value
        live_type = live.type_map.get(name)
        if live_type is None:
            absent.add(name)
            continue
        if isinstance(definition, EnumTypeDefinitionNode):
            missing = {v.name.value for v in definition.values} - set(live_type.values)
            problems += [f"{name}.{value} missing" for value in sorted(missing)]
            continue
        for field in definition.fields:
            live_field = live_type.fields.get(field.name.value)
            path = f"{name}.{field.name.value}"
            if live_field is None:
                absent.add(path)
                continue
            if str(live_field.type) != print_ast(field.type):
                problems.append(f"{path}: {live_field.type} instead of {print_ast(field.type)}")
            for argument in getattr(field, "arguments", None) or []:
                live_argument = live_field.args.get(argument.name.value)
                if live_argument is None:
                    problems.append(f"{path}({argument.name.value}) missing")
                elif str(live_argument.type) != print_ast(argument.type):
                    problems.append(
                        f"{path}({argument.name.value}): {live_argument.type} "
                        f"instead of {print_ast(argument.type)}"
                    )
    return problems, absent


def test_every_built_part_of_the_contract_has_its_names_and_types():
    problems, absent = _differences()
    assert problems == []
    assert absent - PENDING == set(), "contract names missing from the schema"


def test_the_pending_list_shrinks_as_capabilities_land():
    _problems, absent = _differences()
    assert PENDING - absent == set(), "now built: remove from PENDING"
