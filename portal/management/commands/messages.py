"""Keep the English catalogue complete (`make messages`).

Extracts every string our code marks for translation into
`locale/en/LC_MESSAGES/django.po`, compiles the catalogues, and lists what still has no
English translation. Fill in the listed msgstr lines and run it again until it is clean;
`--check` only lists, changing nothing (the test suite runs the same check).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal import translations


class Command(BaseCommand):
    help = "Extract our strings into the English catalogue and list untranslated ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only list problems; change no file."
        )

    def handle(self, *args, check: bool = False, **options):
        try:
            if not check:
                path = translations.catalogue_update()
                self.stdout.write(f"Updated {path}")
            problems = translations.catalogue_problems()
            if not check:
                translations.catalogue_compile()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError(problems.report())
        self.stdout.write("Every message has an English translation.")
