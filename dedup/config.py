"""One frozen, validated configuration for every step of dedup."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import get_args

from .errors import ConfigError
from .types import RuleName

__all__ = ["Config"]

ALL_RULES: tuple[RuleName, ...] = get_args(RuleName)


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for cleaning. Every field has a default chosen from measurements.

    Invalid values raise :class:`~dedup.errors.ConfigError` naming the field, the value and
    the allowed range. ``None`` means "off" where a field allows it.

    >>> Config(repeat_threshold=0.9).repeat_threshold
    0.9
    >>> Config(repeat_threshold=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: repeat_threshold=2 is out of range: use a number in (0, 1], or None ...
    """

    #: Rules that may remove lines; drop a name to switch that rule off.
    rules: tuple[RuleName, ...] = ALL_RULES
    #: Jaccard similarity (of word 3-shingles) from which a line is compared with an earlier line
    #: of the same article as a possible near copy; which words differ then decides (see
    #: ``repeat_new_words``). A line that is an earlier line plus a few words set off at one end
    #: is compared whatever its similarity. Measured on the labelled sample (see
    #: ``repeat_new_words``): 0.7 removes 279 near and truncated copies at precision 0.993, 0.6
    #: removes 298 at 0.987, 0.5 removes 310 at 0.981. None: exact repeats (through the normal
    #: form) only.
    repeat_threshold: float | None = 0.7
    #: Lines whose normal form is shorter than this never count as repeats: short lines such as
    #: "Q:" or "Yes." legitimately recur inside one article (interviews, lists).
    repeat_min_chars: int = 12
    #: A later line that is a prefix of an earlier one (a truncated teaser) is a repeat when it
    #: has at least this many whole words (5 suffice when it ends with an ellipsis).
    truncated_min_words: int = 8
    #: How strict near and truncated copies are: a line that resembles an earlier kept line is a
    #: copy only if it adds at most this many words the kept line lacks, outside labels, credits,
    #: times and links set off at its edges ("Next:", "| Site", "(AP Photo)", "02:41"). A number
    #: the kept line lacks, a negation, and any difference between lines of a family of parallel
    #: lines (a list, a table, a schedule) always make it new content. Measured on 1,218
    #: labelled pairs of real page text, 391 of them removals (benchmarks/repeat_precision.py,
    #: tests/repeat_labels/): 0 gives precision 0.993 and removes 92.6% of the true repeats the
    #: rule removed before (94.5% of those in the sample); 1: 0.941 and 96.8%; 2: 0.850 and 97.7%.
    #: None: any words, the Jaccard threshold alone decides (the rule before issue 25): 0.693.
    repeat_new_words: int | None = 0
    #: Words per shingle for MinHash; lines with fewer words form one shingle.
    shingle_size: int = 3
    #: MinHash permutations per line (datasketch ``num_perm``). 32 keeps the index small (the
    #: signature itself is never stored, only its band keys).
    num_perm: int = 32
    #: MinHash seed (datasketch ``seed``); indexes built with another seed cannot be mixed.
    seed: int = 1
    #: LSH bands; ``num_perm`` must be a multiple. 8 bands of 4 rows make a pair of lines at
    #: Jaccard 0.8 a candidate with probability 0.985, at 0.5 with probability 0.4; candidates
    #: are then verified (inside an article: exact Jaccard; in the index: band agreement).
    bands: int = 8
    #: Estimated Jaccard from which two lines of different articles join one line cluster.
    #: The index keeps band keys, not signatures, so it estimates Jaccard from the share of
    #: bands that agree: 0.75 with 8 bands of 4 rows means at least 3 agreeing bands, which
    #: joins pairs at Jaccard 0.9 with probability 0.97, at 0.8 with 0.70, at 0.6 with 0.08.
    cluster_threshold: float = 0.75

    # Corpus rules (need an Index or clean_corpus).
    #: A line is outlet boilerplate when it occurs in at least this many distinct stories of
    #: its outlet (this one included). Lines of syndicated copies count once.
    boilerplate_min_stories: int = 3
    #: A run of at least this many lines, each recurring in another story of the outlet, is
    #: an outlet banner and is removed whole, short lines ("Dear readers,") included.
    banner_min_lines: int = 3
    #: Lines with at least this many words are content lines: when one occurs at
    #: ``wire_min_outlets`` outlets or more it is syndicated copy, never boilerplate.
    long_line_words: int = 8
    #: See ``long_line_words``: wire paragraphs travel across outlets, banners do not.
    wire_min_outlets: int = 3
    #: A short line (fewer than ``long_line_words`` words) that is boilerplate (in
    #: ``boilerplate_min_stories`` stories) at this many outlets is generic furniture ("Follow us
    #: on Twitter", "___"): two stories of its own outlet are then enough. A wire subhead is at
    #: many outlets but boilerplate at none. A content line is generic furniture (a newspaper
    #: group's widget text, not wire copy) when it is also boilerplate at half or more of the
    #: outlets that print it.
    generic_min_outlets: int = 3
    # Copies of one story (syndicated copies, the same page scraped twice, updated versions).
    # They are compared by anchors: word shingles over the whole text, across line breaks, so a
    # story that another page layout split or joined into other lines has the same anchors.
    #: Words per anchor shingle.
    story_shingle_size: int = 5
    #: One shingle in this many is an anchor (those whose hash is a multiple of it: a consistent
    #: sample, the same shingles in every copy): about 25 anchors per 100 words at 4.
    story_anchor_rate: int = 4
    #: Two articles are copies when the anchors they share make up at least this share of the
    #: shorter one's (two anchors at least; an article of fewer anchors is a copy of the same text only).
    story_containment: float = 0.5
    #: ... and at least this share of the longer one's: a roundup that quotes a paragraph of a story
    #: among forty of its own is not a copy of it, while an abridged copy that keeps a third is ...
    copy_min_share_of_longer: float = 0.2
    #: ... unless the shorter one lies almost whole inside the longer (this share of its anchors or
    #: more): an excerpt (a wire item in a live blog's compilation, a page's teaser version) is a copy.
    copy_excerpt_share: float = 0.8
    #: When all two articles share is one unbroken run at the end of both (what two stories of one
    #: outlet share is its banner), they are copies only if the run is at least this share of the
    #: longer one's anchors: a page scraped twice shares nearly all, two stories with one banner do not.
    copy_edge_run_share: float = 0.8
    #: An anchor held by more articles than this is too common to find copies through (a banner, a
    #: much syndicated paragraph): the copy check does not list its articles, and counts it as held
    #: by every candidate the other anchors bring.
    copy_candidate_postings: int = 2000

    # Time: two clocks.
    #: Copies are only matched between articles published at most this many days apart
    #: (articles without a date match any): syndication happens within days, while two articles a
    #: month apart that share their text are a story and its rerun. An article left out this way
    #: says so in its result (``CleanResult.outside_window``). None: no limit.
    syndication_window_days: float | None = 3.0
    #: Boilerplate is counted among the stories published at most this many days from the article
    #: being cleaned (either way; undated articles always count). None (the default): every story the
    #: index holds counts, whatever its date, since an outlet's furniture lasts months or years and a
    #: crawl of its archive spans them. No date ever moves a "now": each article is judged by its own.
    memory_days: float | None = None
    #: Outlets preferred as the canonical copy, in order, after the earliest publication time
    #: (e.g. ``("apnews.com", "reuters.com")``). Then the most complete copy, then the smallest id.
    canonical_sources: tuple[str, ...] = ()

    # Reading HTML.
    #: The largest page :meth:`dedup.Document.from_html` reads, in bytes (UTF-8 for a str): a
    #: larger one raises :class:`~dedup.errors.HTMLTooLargeError` before it is parsed. Extraction
    #: time is linear in the page, about 1-4 s per MB here (benchmarks/html_growth.py); 5 MB is
    #: over three times the largest page of the extraction benchmarks (1.5 MB) and five times the
    #: 1 MiB at which Common Crawl cuts pages. None: no limit.
    max_html_bytes: int | None = 5_000_000
    #: The most paragraphs (``<p>`` elements with text) a page may have: more raise
    #: :class:`~dedup.errors.HTMLTooLargeError` once it is parsed. trafilatura looks their text up
    #: with a query whose time grows with the square of their number (200,000 took two minutes);
    #: 20,000 is 100 times the most a page of the extraction benchmarks has. None: no limit.
    max_html_paragraphs: int | None = 20_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in ("int", int) and (isinstance(value, bool) or not isinstance(value, int)):
                raise ConfigError(f"{f.name}={value!r} is not a whole number: use an int such as {f.default!r}")
        if not isinstance(self.rules, tuple) or any(r not in ALL_RULES for r in self.rules):
            raise ConfigError(f"rules={self.rules!r} is not a tuple of rule names: use a tuple drawn from {ALL_RULES}")
        t = self.repeat_threshold
        if t is not None and (isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 < t <= 1):
            raise ConfigError(
                f"repeat_threshold={t!r} is out of range: use a number in (0, 1], or None to match exact repeats only"
            )
        shares = ("cluster_threshold", "story_containment", "copy_min_share_of_longer", "copy_excerpt_share")
        for name in (*shares, "copy_edge_run_share"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 1:
                raise ConfigError(f"{name}={v!r} is out of range: use a number in (0, 1]")
        for name in ("syndication_window_days", "memory_days"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1e6):
                raise ConfigError(f"{name}={v!r} is out of range: use a number of days > 0, or None")
        for name, example in (("max_html_bytes", "20_000_000 for 20 MB"), ("max_html_paragraphs", "50_000")):
            m = getattr(self, name)
            if m is not None and (isinstance(m, bool) or not isinstance(m, int) or m < 1):
                raise ConfigError(
                    f"{name}={m!r} is out of range: use a whole number >= 1 (e.g. {example}), or None for no limit"
                )
        if not isinstance(self.canonical_sources, tuple) or not all(isinstance(x, str) for x in self.canonical_sources):
            raise ConfigError(
                f"canonical_sources={self.canonical_sources!r} is not a tuple of outlet names: "
                "use e.g. ('apnews.com', 'reuters.com')"
            )
        _check_range("boilerplate_min_stories", self.boilerplate_min_stories, 2, 1_000_000)
        _check_range("banner_min_lines", self.banner_min_lines, 2, 1000)
        _check_range("copy_candidate_postings", self.copy_candidate_postings, 1, 1_000_000_000)
        _check_range("long_line_words", self.long_line_words, 1, 1000)
        _check_range("wire_min_outlets", self.wire_min_outlets, 2, 1_000_000)
        _check_range("generic_min_outlets", self.generic_min_outlets, 2, 1_000_000)
        _check_range("repeat_min_chars", self.repeat_min_chars, 1, 10_000)
        _check_range("truncated_min_words", self.truncated_min_words, 2, 10_000)
        n = self.repeat_new_words
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 1000):
            raise ConfigError(
                f"repeat_new_words={n!r} is out of range: use a whole number from 0 to 1000, "
                "or None to let the Jaccard threshold alone decide"
            )
        _check_range("shingle_size", self.shingle_size, 1, 16)
        _check_range("story_shingle_size", self.story_shingle_size, 1, 16)
        _check_range("story_anchor_rate", self.story_anchor_rate, 1, 1000)
        _check_range("num_perm", self.num_perm, 8, 1024)
        _check_range("seed", self.seed, 0, 2**32 - 1)
        _check_range("bands", self.bands, 1, self.num_perm)
        if self.num_perm % self.bands:
            raise ConfigError(
                f"bands={self.bands} does not divide num_perm={self.num_perm}: "
                "use bands that divide num_perm (e.g. 16 for 128)"
            )

    def index_params(self) -> dict[str, int]:
        """The settings an index is built with: opening it with others is refused."""
        return {
            "num_perm": self.num_perm,
            "seed": self.seed,
            "bands": self.bands,
            "shingle_size": self.shingle_size,
            "story_shingle_size": self.story_shingle_size,
            "story_anchor_rate": self.story_anchor_rate,
        }

    @property
    def rows(self) -> int:
        """MinHash values per LSH band."""
        return self.num_perm // self.bands


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ConfigError(f"{name}={value!r} is out of range: use a whole number from {low} to {high}")
