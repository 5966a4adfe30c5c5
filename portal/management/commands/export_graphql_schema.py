"""Write the GraphQL schema as SDL to graphql/schema.graphql (`make schema`).

The committed file is the API contract frontend and marketing read; a test fails when it
differs from the live schema, and `--check` does the same for CI or a pre-commit hook.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from graphql import is_specified_directive
from graphql.utilities.print_schema import (
    is_defined_type,
    print_directive,
    print_schema_definition,
    print_type,
)

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "graphql" / "schema.graphql"


def schema_sdl() -> str:
    """The live schema as SDL (graphql-core's printer), types sorted by name.

    Sorting keeps the file stable whatever order apps and grapple register types in;
    fields keep their order in the code, which reads better than alphabetical.
    (graphql-core's `lexicographic_sort_schema` cannot be used: it rebuilds graphene's
    enums as plain ones, which then fail to print grapple's enum default values.)
    Descriptions from grapple are translatable, so the SDL is printed in the default
    language whatever language the caller has active.
    """
    from portal.graphql.schema import schema

    graphql_schema = schema.graphql_schema
    with translation.override(settings.LANGUAGE_CODE):
        directives = [d for d in graphql_schema.directives if not is_specified_directive(d)]
        types = sorted(
            (t for t in graphql_schema.type_map.values() if is_defined_type(t)),
            key=lambda t: t.name,
        )
        blocks = [
            *filter(None, (print_schema_definition(graphql_schema),)),
            *map(print_directive, sorted(directives, key=lambda d: d.name)),
            *map(print_type, types),
        ]
    return "\n\n".join(blocks) + "\n"


class Command(BaseCommand):
    help = "Write the GraphQL schema (SDL) to graphql/schema.graphql, or check it is current."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=DEFAULT_OUTPUT, help="Where to write the SDL."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero if the file differs from the live schema.",
        )

    def handle(self, *args, output: Path, check: bool, **options):
        sdl = schema_sdl()
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if check:
            if current != sdl:
                raise CommandError(f"{output} is out of date with the schema: run `make schema`.")
            self.stdout.write(f"{output} is up to date.")
            return
        if current == sdl:
            self.stdout.write(f"{output} is already up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(sdl, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
