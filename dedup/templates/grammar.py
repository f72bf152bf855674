"""How the words of :mod:`.vocabulary` make template expressions: the building blocks of every
pattern, and :func:`whole_line`, which turns a body into an :class:`Expression` for one line.

Every expression is written for ``regex`` in version 1, case-insensitive with simple case folding
(``(?-f)``), matched with ``fullmatch`` against a whole stripped line in its original characters:
spaces (:data:`SP`) include no-break and zero-width ones, and decoration (:data:`DECOR`) the
arrows, bullets and full-width punctuation pages put around their words. A vocabulary table
becomes an alternation of its phrases with :func:`words`. Parts that several patterns share
(dates, times, names) are here; a pattern's own parts are next to it.

>>> e = whole_line(rf"{DECOR}(?&label){DECOR}", 30, label=words(("read more", "see also")))
>>> e.fullmatch("» Read\\u00a0more:"), e.fullmatch("Read more about it"), e.max_len
(True, False, 30)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import regex

__all__ = [
    "AT",
    "CAPITALISED",
    "DATE",
    "DATE_YEAR_OPTIONAL",
    "DECOR",
    "FULL_NAME",
    "NAME_PARTICLE",
    "SP",
    "TIME",
    "Expression",
    "phrase",
    "whole_line",
    "words",
]


class Expression:
    """A template expression for one whole line: its source, its flags, and the longest line it
    accepts; compiled on first use.

    Not a dataclass: it keeps the compiled expression once built. Compiling every template
    expression takes most of a second (``regex``'s compiler is pure Python), so ``import dedup``
    does not pay it; the first line matched does. The length bound is checked before matching,
    not written into the expression as a look-ahead: the pre-tests match a line's opening (or
    closing) partially, and a look-ahead reaching the end of that opening would answer "partial"
    for any of them, so a bounded expression would need an unbounded twin, compiled again.
    """

    __slots__ = ("_compiled", "flags", "max_len", "source")

    def __init__(self, source: str, flags: int, max_len: int) -> None:
        self.source = source
        self.flags = flags
        self.max_len = max_len
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        """The compiled expression, without the length bound (see :meth:`fullmatch`)."""
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled

    @property
    def from_end(self) -> bool:
        """Matched right to left (``regex``'s reverse mode)."""
        return bool(self.flags & regex.REVERSE)

    def fullmatch(self, line: str) -> bool:
        """Whether the whole line, of 1 to :attr:`max_len` characters, matches."""
        return 0 < len(line) <= self.max_len and self.compiled.fullmatch(line) is not None


#: Any space, including no-break, zero-width and the BOM left inside scraped text.
SP = r"[\s\u200b-\u200d\u2060\ufeff]"

#: Punctuation that decorates furniture around its words: colons, arrows, bullets, ellipses.
DECOR = rf"(?:{SP}|[:：;.…»«›‹><→←↓▸▶►▾▼•·|*#+()\[\]【】（）\-–—])*+"

#: What phrase() spells loosely (stdlib ``re``: a pattern this small needs no ``regex`` compile).
_PHRASE_PARTS = re.compile(r"( - | |-|')")


@cache  # the month and weekday tables are written out in several expressions
def phrase(text: str) -> str:
    """An expression for one literal phrase, tolerant of the ways scraped text spells it.

    A space matches any run of spaces; " - " any dash or none between the words; a hyphen inside
    a word is optional ("e-mail" = "email"); an apostrophe may be straight or curly.

    >>> bool(regex.fullmatch(phrase("e-mail"), "email")), bool(regex.fullmatch(phrase("don't"), "don’t"))
    (True, True)
    """
    out = []
    for part in _PHRASE_PARTS.split(text):
        if part == " - ":
            out.append(rf"{SP}*[-–—:|]?{SP}*")
        elif part == " ":
            out.append(f"{SP}+")
        elif part == "-":
            out.append(r"[-\u2010\u2011]?")
        elif part == "'":
            out.append(r"['’‘`´]")
        else:
            out.append(regex.escape(part))
    return "".join(out)


def words(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of literal phrases, longest first."""
    return "(?:" + "|".join(phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def whole_line(body: str, max_len: int, *, from_end: bool = False, **parts: str) -> Expression:
    """The expression ``body`` for a whole line of at most ``max_len`` characters.

    ``parts`` are named sub-expressions that ``body`` and other parts call as ``(?&name)``. The
    calls are written out in place as non-capturing groups: ``regex`` group calls are not atomic,
    so the language is the same, and a pattern with a DEFINE block pays a fixed ~60 us set-up on
    every match (ten times the inlined pattern's cost on a short line).

    ``from_end``: match right to left (``regex``'s reverse mode), for furniture known by how its
    line ends: a line that does not end that way fails at its last characters.
    """
    for _ in range(len(parts) + 1):
        inlined = _CALL.sub(lambda m: f"(?:{parts[m[1]]})", body)
        if inlined == body:
            break
        body = inlined
    assert "(?&" not in body, "template parts must not call themselves"
    # (?-f): simple case folding. Full folding (ß = ss) makes compiling several times slower, and
    # the few words that need it are spelled both ways in the vocabularies.
    flags = regex.IGNORECASE | regex.V1 | regex.DOTALL | (regex.REVERSE if from_end else 0)
    return Expression(f"(?-f){body}", flags, max_len)


_CALL = re.compile(r"\(\?&(\w+)\)")

# ----------------------------------------------------------------------------------------------
# Dates and times: dateline, byline, dated_byline
# ----------------------------------------------------------------------------------------------

_YEAR = r"(?:1[89]|20)\d\d"
_MON = r"(?:0?[1-9]|1[0-2])"
_DOM = r"(?:0?[1-9]|[12]\d|3[01])"
_DAY = rf"{_DOM}(?:st|nd|rd|th|er|\.|º)?"
_YEAR_TAIL = rf",?{SP}*(?:del?{SP}+)?{_YEAR}(?:{SP}*(?:г\.|года|год|r\.))?"
# "July 15, 2018", "15 July 2018", "16 de julio de 2018", "2018-07-16", "16.07.2018",
# "2018年7月16日", after an optional weekday. {Y} becomes "" (year required, a bare line) or "?"
# (year optional, after a keyword).
_DATE_TEMPLATE = (
    rf"(?:(?&weekday)\.?,?{SP}+)?"
    rf"(?:(?&month)\.?{SP}*{_DAY}(?:{_YEAR_TAIL}){{Y}}"
    rf"|{_DAY}{SP}*(?:de{SP}+)?(?&month)\.?(?:{_YEAR_TAIL}){{Y}}"
    rf"|{_YEAR}[-/.]{_MON}[-/.]{_DOM}|{_DOM}[-/.]{_DOM}[-/.]{_YEAR}"
    rf"|{_YEAR}{SP}*年{SP}*{_MON}{SP}*月{SP}*{_DOM}{SP}*日"
    rf"|{_YEAR}{SP}*년{SP}*{_MON}{SP}*월{SP}*{_DOM}{SP}*일)"
    rf"(?:{SP}*\((?&weekday)\))?"
)
#: A date with its year; it calls the parts ``month`` and ``weekday``.
DATE = _DATE_TEMPLATE.replace("{Y}", "")
#: A date whose year may be left out (after a keyword: "Published July 15").
DATE_YEAR_OPTIONAL = _DATE_TEMPLATE.replace("{Y}", "?")
_TZ = (
    r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|MSK|МСК|MEZ|MESZ|HKT|SGT|JST|KST|IST|AEST|AEDT"
    r"|ACST|AWST|NZST|NZDT|[ECMPA][SD]T|ET|PT|CT|MT|Uhr|hrs|h|horas|hs|ч\.)"
    r"(?:[+-]\d\d?(?::?\d\d)?)?"
)
#: "09:31", "3:04 pm", "10h02", "3 p.m.", with an optional time zone.
TIME = (
    rf"(?:(?:[01]?\d|2[0-3])(?:[:.]|{SP}*h{SP}*)[0-5]\d(?::[0-5]\d)?(?:{SP}*[ap]\.?{SP}?m\.?)?"
    rf"|(?:[01]?\d|2[0-3]){SP}*[ap]\.?{SP}?m\.?)"
    rf"(?:{SP}*\(?{_TZ}\)?)?"
)
#: Between a date and its time: spaces, punctuation, or "at" / "um" / "à" / "a las" / "alle" ...
AT = rf"{SP}*[,|•·/–—-]?{SP}*(?:(?:at|um|à|a{SP}+las?|alle|às|om|o|в|kl\.){SP}+)?"

# ----------------------------------------------------------------------------------------------
# Names: byline, dated_byline, report_credit, contact_line, photo credits, author_bio
# ----------------------------------------------------------------------------------------------

NAME_PARTICLE = r"(?-i:de|da|del|della|der|den|di|do|dos|du|la|le|van|von|ten|ter|bin|ibn|al|el)"
#: A full name: two to four words (each a pattern's own ``word`` part), name particles between.
FULL_NAME = rf"(?&word)(?:{SP}+(?:{NAME_PARTICLE}{SP}+)*(?&word)){{1,3}}"
#: A capitalised word or an initial: part of a name, an outlet or a place ("O'Brien", "D.C.",
#: "CNN's").
CAPITALISED = r"(?-i:\p{Lu}[\p{L}\p{M}'’.-]*)"
