"""Chinese text analysis for search: dictionary words and character bigrams.

Full-text engines split text on spaces and punctuation; Chinese has neither between words,
so "优质学区房" would be one unsearchable token. Every piece of text that goes into a search
index, and every query, is analysed here, twice:

- `segment()` uses jieba's search mode to emit each word and its sub-words ("优质 学区 房",
  "预售 许可 许可证"). Words give precise, well-ranked matches.
- `bigrams()` cuts every run of CJK characters into overlapping two-character terms, as
  Lucene's CJK analyzer does ("收房验房" → 收房 房验 验房). A dictionary always misses some
  words — jieba cuts 收房验房 as 收房验/房, so a search for 验房 finds no word — but every
  word of two or more characters is a sequence of bigrams that the text contains.

Bigram terms carry a prefix (`BIGRAM_MARK`) so that they never equal a word: "验房" in the
index is a word, "cjk验房" a bigram. That keeps the two kinds of match apart on backends
that put every field into one column (SQLite FTS5), so a search can rank pages that contain
the word above pages that only contain its characters. Because the analysis happens before
the text reaches the backend, the same index content works on the database backend (SQLite
FTS5, PostgreSQL tsvector) and on OpenSearch/Elasticsearch with a whitespace analyzer.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Keep letters, digits and CJK ideographs; everything else separates words.
_WORDLIKE = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff]+", re.UNICODE)

# Scripts written without spaces (Lucene's CJK set): kana, Han (with extension A and the
# compatibility block) and Hangul syllables.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# A run of CJK characters, or a run of other letters and digits (the underscore separates,
# as it does in every backend's tokenizer).
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")

# Lower-case ASCII survives every backend's tokenizer and lower-casing unchanged, and jieba
# never emits it glued to CJK characters from ordinary text, so a marked bigram cannot be
# mistaken for a word.
BIGRAM_MARK = "cjk"


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


def bigram_terms(text: str) -> list[str]:
    """`text` analysed like Lucene's CJK analyzer: CJK runs as marked bigrams.

    A lone CJK character (a run of one) stays itself, since it has no bigram; letters and
    digits stay whole, lower-cased ("3号楼A座" → 3 cjk号楼 a 座).
    """
    terms: list[str] = []
    for run in _RUN.findall(text.lower()) if text else []:
        if len(run) == 1 or not _CJK_RUN.fullmatch(run):
            terms.append(run)
        else:
            terms.extend(BIGRAM_MARK + run[i : i + 2] for i in range(len(run) - 1))
    return terms


def bigrams(text: str) -> str:
    """`text` as space-separated bigram terms, for the index and for queries alike."""
    return " ".join(bigram_terms(text))
