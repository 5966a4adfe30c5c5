"""Our translation catalogues: extraction, the completeness check, and compilation.

Source strings are Chinese (zh-Hans is the default language) and go through gettext; the
English catalogue `locale/en/LC_MESSAGES/django.po` maps each of them to English. The
hand-kept catalogues in `locale/zh_Hans/LC_MESSAGES/` (django.po, djangojs.po) hold only
Chinese for upstream msgids (Wagtail's, Django's) whose own zh_Hans translation is missing;
they are never extracted into, since their msgids are not in our code.

- `catalogue_update()` runs Django's `makemessages` for English with the options kept here,
  so the catalogue's layout does not depend on who runs it (`make messages`).
- `catalogue_problems()` extracts the strings from the code into a scratch directory (the
  shipped catalogue is not touched) and lists what the shipped English catalogue lacks.
- `catalogue_compile()` writes the .mo files with Babel's `pybabel compile`, exactly as
  `make install` does, in pure Python, so installing and running the site needs no system
  package; extraction needs GNU gettext's `xgettext` (Django's `makemessages` calls it),
  which only developers and CI run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages
from django.template.base import Lexer, TokenType

# Beside manage.py (settings.LOCALE_PATHS); computed without settings so that the test
# run can compile the catalogues before Django is set up.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
TARGET_LOCALE = "en"
DOMAIN = "django"
# Not our user-facing code: tests, the front end (its own i18n), docs and scripts; and our
# copies of Wagtail's admin templates (portal/csp.py), whose strings Wagtail translates.
IGNORED = ("tests", "frontend", "node_modules", "docs", "scripts", "var", "wagtailadmin")
MAKEMESSAGES_OPTIONS = {
    "no_obsolete": True,  # a removed string leaves the catalogue (git keeps its history)
    "add_location": "file",  # file names only: moving code does not churn the catalogue
    "verbosity": 0,
}
INSTALL_GETTEXT = "GNU gettext is needed to extract messages: apt-get install gettext"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_TRANSLATING_TAGS = re.compile(r"^(translate|trans|blocktranslate|blocktrans)\b")


@dataclass
class CatalogueProblems:
    """What stands between our code and a complete English catalogue."""

    untranslated: list[str] = field(default_factory=list)  # absent, empty or fuzzy
    fuzzy_header: bool = False  # `pybabel compile` skips a catalogue marked fuzzy
    not_chinese: list[str] = field(default_factory=list)  # source strings without Chinese
    template_text: list[str] = field(default_factory=list)  # "file: text" outside tags

    def __bool__(self) -> bool:
        return bool(
            self.untranslated or self.fuzzy_header or self.not_chinese or self.template_text
        )

    def report(self) -> str:
        lines = []
        if self.fuzzy_header:
            lines.append(f"Remove '#, fuzzy' from the header of {_po_path()}.")
        if self.untranslated:
            lines.append(
                f"No English translation in {_po_path()} (translate these there, then run"
                " `make messages` again):"
            )
            lines += [f"  {msgid!r}" for msgid in self.untranslated]
        if self.not_chinese:
            lines.append("Source strings must be Chinese (zh-Hans is the source language):")
            lines += [f"  {msgid!r}" for msgid in self.not_chinese]
        if self.template_text:
            lines.append("Chinese text outside {% translate %} in templates:")
            lines += [f"  {text}" for text in self.template_text]
        return "\n".join(lines)


def _po_path(locale: str = TARGET_LOCALE) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _require_gettext() -> None:
    if shutil.which("xgettext") is None:
        raise RuntimeError(INSTALL_GETTEXT)


def catalogue_update() -> Path:
    """Extract our strings into the English catalogue (new ones get an empty msgstr)."""
    _require_gettext()
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)
    try:
        call_command(
            "makemessages",
            locale=[TARGET_LOCALE],
            ignore_patterns=list(IGNORED),  # makemessages extends the list it is given
            **MAKEMESSAGES_OPTIONS,
        )
    finally:
        os.chdir(cwd)
    return _po_path()


class _ScratchExtraction(makemessages.Command):
    """`makemessages`, writing every catalogue into one scratch directory."""

    scratch: str = ""

    def find_files(self, root):
        files = super().find_files(root)
        self.locale_paths = [self.scratch]
        for translatable in files:
            translatable.locale_dir = self.scratch
        return files


def extracted_msgids() -> set[str]:
    """The msgids our code marks for translation today, extracted exactly as `make messages`."""
    _require_gettext()
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        command = _ScratchExtraction()
        command.scratch = scratch
        os.chdir(settings.BASE_DIR)
        try:
            call_command(
                command,
                locale=[TARGET_LOCALE],
                ignore_patterns=list(IGNORED),
                **MAKEMESSAGES_OPTIONS,
            )
        finally:
            os.chdir(cwd)
        with open(Path(scratch) / TARGET_LOCALE / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as fp:
            catalog = read_po(fp)
    return {_msgid(message) for message in catalog if message.id}


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _shipped_catalogue(locale: str = TARGET_LOCALE):
    with open(_po_path(locale), "rb") as fp:
        return read_po(fp)


def shipped_translations(locale: str = TARGET_LOCALE) -> dict[str, bool]:
    """msgid → whether the shipped catalogue gives it a usable (non-empty, non-fuzzy) msgstr."""
    catalog = _shipped_catalogue(locale)
    usable = {}
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        usable[_msgid(message)] = not message.fuzzy and all(strings)
    return usable


def untranslated_template_text() -> list[str]:
    """Chinese text in our templates that is not inside a translating tag."""
    found = []
    for template_dir in sorted(Path(settings.BASE_DIR).glob("*/templates")):
        for path in sorted(template_dir.rglob("*")):
            if path.suffix not in {".html", ".txt"}:
                continue
            depth = 0  # inside {% blocktranslate %} … {% endblocktranslate %}
            for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
                content = token.contents.strip()
                if token.token_type == TokenType.BLOCK:
                    if content.startswith(("blocktranslate", "blocktrans")):
                        depth += 1
                    elif content.startswith(("endblocktranslate", "endblocktrans")):
                        depth -= 1
                    elif _TRANSLATING_TAGS.match(content):
                        continue
                if token.token_type == TokenType.COMMENT or depth:
                    continue
                if _CJK.search(content):
                    relative = path.relative_to(settings.BASE_DIR)
                    found.append(f"{relative}: {' '.join(content.split())[:60]}")
    return found


def catalogue_problems() -> CatalogueProblems:
    """Everything a user could read untranslated in English, or Chinese not from the source."""
    shipped = shipped_translations()
    extracted = extracted_msgids()
    return CatalogueProblems(
        untranslated=sorted(msgid for msgid in extracted if not shipped.get(msgid)),
        fuzzy_header=_shipped_catalogue().fuzzy,
        not_chinese=sorted(msgid for msgid in extracted if not _CJK.search(msgid)),
        template_text=untranslated_template_text(),
    )


def catalogue_compile() -> None:
    """Compile every shipped .po into its .mo (fuzzy entries left out, as msgfmt does).

    The same compiler as `make install`'s `pybabel compile`, through Babel's own front end.
    """
    domains = sorted({po.stem for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")})
    if not domains:
        return
    args = ["pybabel", "-q", "compile", "-d", str(LOCALE_DIR), "-D", " ".join(domains)]
    if CommandLineInterface().run(args):
        raise RuntimeError("pybabel compile failed: " + " ".join(args))
