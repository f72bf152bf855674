"""The values dedup returns: Document, Removal, Segment and CleanResult.

All are frozen, slotted dataclasses holding tuples: a result can be shared, hashed (except
for its evidence mapping) and compared, and never changes behind its holder's back.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .config import Config
    from .evidence import FarCopies
    from .syndication import Syndication

__all__ = ["CleanResult", "Document", "OutsideWindow", "Removal", "RuleName", "Segment"]

#: Why a line was removed. ``repeat``: repeats an earlier line of the same article;
#: ``template``: page furniture recognised without a corpus; ``credit``: a wire credit line,
#: reported as ``CleanResult.credit``; ``boilerplate``: a line recurring across unrelated
#: articles of an outlet; ``banner``: a block dominated by boilerplate lines.
RuleName = Literal["repeat", "template", "credit", "boilerplate", "banner"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article to clean: plain text plus what is known about where it came from.

    ``source`` is the outlet (a domain such as ``"reuters.com"``); articles without one all
    belong to one unknown outlet. ``published`` orders syndicated copies.
    """

    text: str
    id: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    title: str | None = None

    @classmethod
    def from_html(
        cls, html: str | bytes, url: str | None = None, id: str | None = None, config: Config | None = None
    ) -> Document:
        """Extract the article of an HTML page: text, title, published date and source.

        ``html`` is the page as text, or as the bytes it was fetched or saved as (decoded as a
        browser would: :func:`dedup.html.decode_html`).

        ``source`` is the URL's registered domain (``news.bbc.co.uk`` -> ``bbc.co.uk``), else the
        page's site name. Cleaning maps into the extracted text: ``CleanResult.original`` is
        ``text``, not the HTML (see :mod:`dedup.html`).

        ``config``: only its ``max_html_bytes`` (default 5 MB) and ``max_html_paragraphs`` (20,000)
        are read: a larger page raises :class:`~dedup.errors.HTMLTooLargeError`. A page nested
        deeper than the parser reads is read flattened, with an :class:`~dedup.errors.HTMLDepthWarning`.
        """
        from .html import MAX_HTML_BYTES, MAX_HTML_PARAGRAPHS, extract_page

        if config is None:
            page = extract_page(html, url=url, max_bytes=MAX_HTML_BYTES, max_paragraphs=MAX_HTML_PARAGRAPHS)
        else:
            page = extract_page(
                html, url=url, max_bytes=config.max_html_bytes, max_paragraphs=config.max_html_paragraphs
            )
        return cls(text=page.text, id=id, source=page.source, url=page.url, published=page.published, title=page.title)


@dataclass(frozen=True, slots=True)
class Removal:
    """A removed span of the original text: whole lines, with the rule that removed them.

    ``start``/``end`` are half-open character offsets into ``CleanResult.original``;
    ``reason`` is a sentence for people; ``evidence`` holds the facts behind it (the line it
    repeats, the pattern that matched, counts), JSON-serialisable.
    """

    start: int
    end: int
    rule: RuleName
    reason: str
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Segment:
    """A kept piece: ``clean[clean_start:clean_end] == original[orig_start:orig_end]``."""

    clean_start: int
    clean_end: int
    orig_start: int
    orig_end: int


@dataclass(frozen=True, slots=True)
class OutsideWindow:
    """What an article was not compared with because of dates, so that nothing is left out silently.

    ``far_copies``: articles that share its story text but were published more than
    ``window_days`` (``Config.syndication_window_days``) from it, so they are not its copies
    (``examples``: the smallest of their ids); ``forgotten_before``: the cutoff (ISO, UTC) of the
    articles the index was asked to forget (``Index.forget``), when some of them could have been
    compared with this one.

    >>> OutsideWindow(2, ("a1", "a7"), 3.0).explain()
    'not compared as copies: 2 articles of the same story text published more than 3 days from it (a1, a7)'
    """

    far_copies: int = 0
    examples: tuple[str, ...] = ()
    window_days: float | None = None
    forgotten_before: str | None = None

    @classmethod
    def of(cls, far: FarCopies | None, forgotten_before: str | None, window_days: float | None) -> OutsideWindow | None:
        """The note of an article with these far copies and this forget cutoff (None: nothing left out)."""
        if far is None and forgotten_before is None:
            return None
        if far is None:
            return cls(forgotten_before=forgotten_before)
        return cls(far.count, far.examples, window_days, forgotten_before)

    def explain(self) -> str:
        """The note as a sentence (``dedup clean --explain`` prints it)."""
        parts = []
        if self.far_copies:
            days = f"{self.window_days:g}"
            parts.append(
                f"not compared as copies: {self.far_copies} article{'s' * (self.far_copies != 1)} of the same story "
                f"text published more than {days} day{'s' * (days != '1')} from it ({', '.join(self.examples)})"
            )
        if self.forgotten_before is not None:
            parts.append(
                f"not compared with the articles published before {self.forgotten_before}: the index forgot them"
            )
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "far_copies": self.far_copies,
            "examples": list(self.examples),
            "window_days": self.window_days,
            "forgotten_before": self.forgotten_before,
        }


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The canonical text of one article, how it maps back, and why the rest was removed.

    ``text`` is a subsequence of ``original``: kept segments, in order. ``segments`` and
    ``removals`` are sorted and disjoint; together they cover every character of the original
    except blank space at the very start and end of the article, which is trimmed.

    In corpus and index mode, ``duplicate_of`` is the id of the canonical copy when this article
    is a syndicated copy of another, and ``syndication`` (a :class:`dedup.syndication.Syndication`)
    tells how the two compare; both are None for an article without copies. ``outside_window``
    (an :class:`OutsideWindow`) says what the article was not compared with because of dates, or
    is None when nothing was left out.
    """

    text: str
    original: str
    segments: tuple[Segment, ...] = ()
    removals: tuple[Removal, ...] = ()
    credit: str | None = None
    duplicate_of: str | None = None
    id: str | None = None
    source: str | None = None
    syndication: Syndication | None = None
    outside_window: OutsideWindow | None = None
    _clean_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _orig_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        # Bisect tables for the two offset maps, derived once (frozen, so set via object).
        object.__setattr__(self, "_clean_starts", tuple(s.clean_start for s in self.segments))
        object.__setattr__(self, "_orig_starts", tuple(s.orig_start for s in self.segments))

    def to_original(self, i: int) -> int:
        """Map a clean character offset to the original offset of the same character.

        ``i == len(text)`` maps to the end of the last kept segment, so half-open spans map too.

        >>> from dedup import clean
        >>> r = clean("Share\\nPutin met Kerry.")
        >>> r.text, r.to_original(0)
        ('Putin met Kerry.', 6)
        """
        if not 0 <= i <= len(self.text):
            raise IndexError(f"clean offset {i} is outside 0..{len(self.text)}")
        if not self.segments:
            return 0
        if i == len(self.text):
            return self.segments[-1].orig_end
        s = self.segments[bisect_right(self._clean_starts, i) - 1]
        return s.orig_start + (i - s.clean_start)

    def to_clean(self, j: int) -> int | None:
        """Map an original character offset to the clean offset, or None if it was removed.

        >>> from dedup import clean
        >>> r = clean("Share\\nPutin met Kerry.")
        >>> r.to_clean(0) is None, r.to_clean(6)
        (True, 0)
        """
        if not 0 <= j < len(self.original):
            raise IndexError(f"original offset {j} is outside 0..{len(self.original) - 1}")
        k = bisect_right(self._orig_starts, j) - 1
        if k < 0:
            return None
        s = self.segments[k]
        return s.clean_start + (j - s.orig_start) if j < s.orig_end else None

    def to_dict(self, *, include_original: bool = False) -> dict[str, Any]:
        """A JSON-serialisable form; every offset also comes as a UTF-8 byte offset (``*_byte``).

        Removals carry the removed ``text`` so that the explanation reads without the original.
        """
        orig_bytes = _ByteOffsets(self.original)
        clean_bytes = _ByteOffsets(self.text)
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "text": self.text,
            "credit": self.credit,
            "duplicate_of": self.duplicate_of,
            "syndication": None if self.syndication is None else dict(self.syndication.to_dict()),
            "outside_window": None if self.outside_window is None else self.outside_window.to_dict(),
            "removals": [
                {
                    "start": r.start,
                    "end": r.end,
                    "start_byte": orig_bytes[r.start],
                    "end_byte": orig_bytes[r.end],
                    "rule": r.rule,
                    "reason": r.reason,
                    "evidence": dict(r.evidence),
                    "text": self.original[r.start : r.end],
                }
                for r in self.removals
            ],
            "segments": [
                {
                    "clean_start": s.clean_start,
                    "clean_end": s.clean_end,
                    "orig_start": s.orig_start,
                    "orig_end": s.orig_end,
                    "clean_start_byte": clean_bytes[s.clean_start],
                    "clean_end_byte": clean_bytes[s.clean_end],
                    "orig_start_byte": orig_bytes[s.orig_start],
                    "orig_end_byte": orig_bytes[s.orig_end],
                }
                for s in self.segments
            ],
        }
        if include_original:
            out["original"] = self.original
        return out


class _ByteOffsets:
    """Char offset -> UTF-8 byte offset, in linear time for ascending look-ups."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._char = 0
        self._byte = 0

    def __getitem__(self, i: int) -> int:
        if i < self._char:  # rare: restart from the beginning
            self._char = self._byte = 0
        self._byte += _utf8_len(self._text[self._char : i])
        self._char = i
        return self._byte


def _utf8_len(s: str) -> int:
    # surrogatepass: lone surrogates (from badly decoded input) take 3 bytes, as in WTF-8.
    return len(s.encode("utf-8", "surrogatepass"))
