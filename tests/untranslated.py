"""Find upstream English (Wagtail's, Django's) that a Chinese page still shows.

Wagtail and Django ship their English source catalogues; a msgid that `gettext` returns
unchanged under zh-hans has no Chinese translation anywhere (theirs or our override in
`locale/zh_Hans/`). A rendered page is searched for those msgids among its visible text:
text nodes, the attributes a user reads (titles, labels, placeholders, tooltips) and the
strings of the JSON blocks Wagtail's scripts render from.
"""

from __future__ import annotations

import contextlib
import json
import re
from functools import lru_cache
from pathlib import Path

import django
import wagtail
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from django.utils import translation

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")


def _english_catalogues() -> list[Path]:
    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent]
    return [
        po
        for root in roots
        for po in root.rglob("locale/en/LC_MESSAGES/django*.po")
        if "/tests/" not in str(po)
    ]


@lru_cache(maxsize=1)
def untranslated_upstream_msgids() -> dict[str, re.Pattern]:
    """English msgid → a pattern matching its rendered text, for those still English."""
    found: dict[str, re.Pattern] = {}
    with translation.override("zh-hans"):
        for po in _english_catalogues():
            with open(po, "rb") as fp:
                catalog = read_po(fp)
            for message in catalog:
                if not message.id:
                    continue
                if isinstance(message.id, tuple):
                    singular, plural = message.id
                    still_english = translation.ngettext(singular, plural, 2) == plural
                    text = plural
                elif message.context:
                    text = message.id
                    still_english = translation.pgettext(message.context, text) == text
                else:
                    text = message.id
                    still_english = translation.gettext(text) == text
                pieces = _PLACEHOLDER.split(text)
                words = "".join(pieces)
                if still_english and re.search("[A-Za-z]{3}", words) and "<" not in text:
                    pattern = ".+?".join(re.escape(piece) for piece in pieces)
                    found[text] = re.compile(pattern)
    return found


def _strings_in_json(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings_in_json(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings_in_json(item)]
    return []


def visible_strings(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    strings: set[str] = set()
    for script in soup.find_all("script"):
        if script.get("type") == "application/json" and script.string:
            with contextlib.suppress(ValueError):
                strings.update(_strings_in_json(json.loads(script.string)))
        script.decompose()
    for style in soup.find_all("style"):
        style.decompose()
    strings.update(text for text in soup.find_all(string=True))
    for element in soup.find_all(True):
        strings.update(str(element[name]) for name in _READ_ATTRIBUTES if element.get(name))
    return {" ".join(s.split()) for s in strings if s and s.strip()}


def english_on_page(html: str) -> set[str]:
    """The untranslated upstream msgids that the page shows, whole, as some visible string."""
    patterns = untranslated_upstream_msgids()
    shown = set()
    for text in visible_strings(html):
        for msgid, pattern in patterns.items():
            if pattern.fullmatch(text):
                shown.add(msgid)
    return shown


def untranslated_js_msgids(catalog: dict) -> list[str]:
    """Msgids of the Wagtail admin's JavaScript missing from a served zh-hans JS catalogue."""
    with open(
        Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po", "rb"
    ) as fp:
        english = read_po(fp)
    missing = []
    for message in english:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        key = f"{message.context}\x04{msgid}" if message.context else msgid
        if not catalog.get(key):
            missing.append(msgid)
    return missing
