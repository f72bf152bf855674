"""Text -> lines with character spans, and the normal form lines are matched by.

The normal form exists only for matching (exact keys, shingles); output text is never
normalised. It is NFKC, case-folded, with punctuation and symbols dropped and words joined
by single spaces, so quote styles, dashes, spacing and case do not hide a repeat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

__all__ = ["Line", "line_number_at", "normalize", "normalize_many", "split_lines", "split_lines_many", "tokenize"]

# Every newline convention: CRLF first so it counts as one break; then LF, CR, NEL and the
# Unicode line and paragraph separators.
_NEWLINE = regex.compile(r"\r\n|[\n\r\x85\u2028\u2029]")

# Scripts written without spaces between words: each character is one token, so that
# shingles work for Chinese, Japanese and Thai as they do for words. Thai, Lao, Tibetan,
# Myanmar, Khmer, CJK radicals and symbols, kana, CJK ideographs (BMP and supplementary
# planes), half-width katakana. Plain `re` with ranges runs 3x faster than `regex` \p{} sets.
_UNSPACED = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029"
    "\u3038-\u303b\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_TOKEN = re.compile(f"[{_UNSPACED}]|[^\\W{_UNSPACED}]+")
# Without characters of unspaced scripts, _TOKEN's tokens are the plain word runs.
_HAS_UNSPACED = re.compile(f"[{_UNSPACED}]")
_WORD = re.compile(r"\w+")
# Line breaks other than "\n": text without them is split with str.split.
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
# ASCII bytes -> themselves for word characters (what \w matches), a space for everything
# else: lower-cased ASCII text translated by it splits into exactly _TOKEN's tokens.
_ASCII_WORDS = bytes(b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(128)) + b" " * 128
# The same, keeping newlines: many ASCII lines are normalised as one newline-joined buffer.
_ASCII_WORDS_NL = _ASCII_WORDS[:0x0A] + b"\n" + _ASCII_WORDS[0x0B:]
#: Typographic punctuation that NFKC maps to characters that are not word characters, without
#: combining with a neighbour: in a line, each acts as a space does (checked in the tests), so a
#: line of ASCII and these characters is normalised as ASCII with these turned into spaces.
TYPOGRAPHY = "’‘”“„‚—–―…•·«»‹›′″°§¶†‡©®\u00a0\u200b\u00ad"
_TYPOGRAPHY_RUN = re.compile(f"[{TYPOGRAPHY}]+")
# ASCII lines normalised per buffer (bounds the buffer's copies to a few MB).
_ASCII_CHUNK = 16384


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank physical line of an article.

    ``start``/``end`` span the line's text without its surrounding whitespace; ``number`` is the
    1-based physical line number (blank lines count), as an editor shows it.
    """

    number: int
    start: int
    end: int
    text: str
    normal: str

    @property
    def tokens(self) -> list[str]:
        """The words of the normal form (characters, for unspaced scripts)."""
        return self.normal.split(" ") if self.normal else []

    @property
    def word_count(self) -> int:
        """``len(tokens)``, without building the list."""
        return self.normal.count(" ") + 1 if self.normal else 0


def tokenize(text: str) -> list[str]:
    """Split text into matching tokens: NFKC, case-folded words.

    >>> tokenize("“Don’t” — STOP!  分享按钮")
    ['don', 't', 'stop', '分', '享', '按', '钮']
    """
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def normalize(text: str) -> str:
    """The matching normal form of a line: its tokens joined by single spaces.

    >>> normalize("Lavrov said: 'If Psaki doesn't have it, I don't.'")
    'lavrov said if psaki doesn t have it i don t'
    """
    return " ".join(tokenize(text))


def normalize_many(texts: Sequence[str], cache: dict[str, str] | None = None) -> list[str]:
    """:func:`normalize` of many lines (equal to it line by line), faster.

    ASCII lines (NFKC leaves them alone) are tokenised by byte translation instead of a regex,
    and so are lines whose only other characters are typographic punctuation (curly quotes,
    dashes, ellipses: :data:`TYPOGRAPHY`); other lines without characters of unspaced scripts
    by the plain ``\\w+`` expression.
    ``cache`` (text -> normal form) spares recurring lines (banners, wire copy) the work.

    >>> normalize_many(["Don't STOP!", "", "naïve café", "分享按钮 now"])
    ['don t stop', '', 'naïve café', '分 享 按 钮 now']
    """
    if cache is None:
        cache = {}
    missing = [text for text in dict.fromkeys(texts) if text not in cache]
    plain_keys: list[str] = []  # lines normalised as ASCII: the line, and its ASCII spelling
    plain: list[str] = []
    for text in missing:
        if text.isascii():
            plain_keys.append(text)
            plain.append(text)
        else:
            spelled = _TYPOGRAPHY_RUN.sub(" ", text)
            if spelled.isascii():
                plain_keys.append(text)
                plain.append(spelled)
    for lo in range(0, len(plain), _ASCII_CHUNK):
        cache.update(
            zip(plain_keys[lo : lo + _ASCII_CHUNK], _normalize_ascii(plain[lo : lo + _ASCII_CHUNK]), strict=True)
        )
    for text in missing:
        if text not in cache:
            folded = unicodedata.normalize("NFKC", text).casefold()
            cache[text] = " ".join((_TOKEN if _HAS_UNSPACED.search(folded) else _WORD).findall(folded))
    return [cache[text] for text in texts]


def _normalize_ascii(texts: list[str]) -> list[str]:
    """Normal forms of ASCII lines: lower-cased, non-word bytes to spaces (one buffer for all of
    them; lines holding a newline one at a time), then words joined by single spaces."""
    buf = "\n".join(texts).lower().encode("ascii").translate(_ASCII_WORDS_NL)
    if buf.count(b"\n") != len(texts) - 1:  # a line holds a newline of its own
        return [b" ".join(t.lower().encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii") for t in texts]
    return [" ".join(line.split()) for line in buf.decode("ascii").split("\n")]


def split_lines(text: str, cache: dict[str, str] | None = None) -> tuple[Line, ...]:
    """Split text into its non-blank lines, keeping each line's span in ``text``.

    ``cache`` is passed to :func:`normalize_many` (a batch of articles shares one).

    >>> [(l.number, l.text) for l in split_lines("Title\\r\\n\\r\\n  Body.  \\u2028End")]
    [(1, 'Title'), (3, 'Body.'), (4, 'End')]
    """
    return split_lines_many([text], cache)[0]


def split_lines_many(texts: Sequence[str], cache: dict[str, str] | None = None) -> list[tuple[Line, ...]]:
    """:func:`split_lines` of many texts, their lines normalised in one :func:`normalize_many` call.

    >>> [[l.normal for l in ls] for ls in split_lines_many(["A b!\\n\\nC", "d-E"])]
    [['a b', 'c'], ['d e']]
    """
    spans = [line_spans(text) for text in texts]
    normals = iter(normalize_many([t for found in spans for _, _, t in found], cache))
    return [tuple(Line(n, s, s + len(t), t, next(normals)) for n, s, t in found) for found in spans]


def line_spans(text: str) -> list[tuple[int, int, str]]:
    """The non-blank lines of ``text`` as (1-based physical number, start offset, stripped text).

    Every newline convention breaks lines (``\\n``, ``\\r\\n``, ``\\r``, U+0085, U+2028, U+2029).

    >>> line_spans(" a \\r\\n\\n b\\u2028c")
    [(1, 1, 'a'), (3, 7, 'b'), (4, 9, 'c')]
    """
    spans: list[tuple[int, int, str]] = []  # (number, start, stripped text)
    if _OTHER_BREAKS.search(text) is None:  # newlines only: str.split, no regex scan
        pos = 0
        for number, raw in enumerate(text.split("\n"), 1):
            stripped = raw.strip()
            if stripped:
                spans.append((number, pos + len(raw) - len(raw.lstrip()), stripped))
            pos += len(raw) + 1
    else:
        pos = 0
        number = 1
        for m in _NEWLINE.finditer(text):
            _add_span(spans, text, pos, m.start(), number)
            pos = m.end()
            number += 1
        _add_span(spans, text, pos, len(text), number)
    return spans


def _add_span(spans: list[tuple[int, int, str]], text: str, start: int, end: int, number: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if stripped:  # blank and whitespace-only lines are separators, never content
        spans.append((number, start + len(raw) - len(raw.lstrip()), stripped))


def line_number_at(text: str, offset: int) -> int:
    """The 1-based physical line number of the character at ``offset``.

    >>> line_number_at("a\\r\\nb\\nc", 5)
    3
    """
    return 1 + len(_NEWLINE.findall(text, 0, offset))
