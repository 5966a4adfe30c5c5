"""Chinese word segmentation for search.

Full-text engines split text on spaces and punctuation; Chinese has neither between words,
so "优质学区房" would be one unsearchable token. Every piece of text that goes into a search
index, and every query, passes through `segment()`, which uses jieba's search mode to emit
each word and its sub-words ("优质 学区 房", "预售 许可 许可证"). Because the segmentation
happens before the text reaches the backend, the same index content works on the database
backend (SQLite FTS5, PostgreSQL tsvector) and on OpenSearch/Elasticsearch with a
whitespace analyzer.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Keep letters, digits and CJK ideographs; everything else separates words.
_WORDLIKE = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff]+", re.UNICODE)


@lru_cache(maxsize=1)
def _initialised() -> bool:
    jieba.initialize()
    return True


def segment_words(text: str) -> list[str]:
    """The words of `text` in search mode, lower-cased, without punctuation."""
    if not text:
        return []
    _initialised()
    words: list[str] = []
    for token in jieba.cut_for_search(text):
        token = token.strip().lower()
        if token and _WORDLIKE.fullmatch(token):
            words.append(token)
    return words


def segment(text: str) -> str:
    """`text` as space-separated words, ready for any full-text index or query."""
    return " ".join(segment_words(text))
