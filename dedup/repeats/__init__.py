"""Repeats inside one article: exact (through the normal form), truncated, and near copies.

A line is a repeat when it repeats an earlier line that is *kept*. Deciding against kept lines
only makes cleaning idempotent: the kept lines before a line are the same in the original and in
the clean text, so cleaning the clean text finds nothing more.

A truncated or near copy is one only if it carries nothing the kept line lacks: which words
differ decides, not how many are shared (:mod:`dedup.repeats.compare`), and lines of a family of
parallel lines are compared as such (:mod:`dedup.repeats.families`).

Time grows as n log n in the article's lines at worst: exact keys are a dict, truncated copies
are found by bisection in the sorted normal forms (:mod:`dedup.repeats.truncated`), near copies
through MinHash band buckets (:mod:`dedup.repeats.near`), and every search is bounded per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..config import Config
from ..fingerprint import U32Array, U64Array
from ..lines import Line
from .compare import Comparison, Words, compare_words
from .edges import EdgeIndex
from .families import Families
from .near import NearIndex, Shingles, band_keys_of, jaccard
from .previews import PreviewSearch
from .truncated import TruncatedSearch

__all__ = ["Repeat", "find_repeats"]

_LABEL_ENDS = (":", "：")
# Near candidates compared word by word per line, the most similar first.
_COMPARED = 3


@dataclass(frozen=True, slots=True)
class Repeat:
    """Line ``index`` repeats the kept line ``of`` (indices into the article's lines; ``of`` is
    the later, full line of a ``preview``); ``why`` says how a truncated or near copy differs
    from it ("adds only 'Next:'")."""

    index: int
    of: int
    kind: Literal["exact", "truncated", "near", "preview"]
    similarity: float
    why: str = ""
    added: tuple[str, ...] = ()


def find_repeats(
    lines: Sequence[Line],
    eligible: Sequence[int],
    config: Config,
    repeat_keys: U64Array | None = None,
    openings: U32Array | None = None,
) -> dict[int, Repeat]:
    """Find the lines among ``eligible`` (indices into ``lines``, ascending) that repeat an
    earlier kept eligible line.

    ``repeat_keys``, when given, are the lines' near-repeat band keys under ``config`` (one row
    per line, as :func:`dedup.prepare.fingerprint_lines` computes them), so that a caller that has
    them already does not pay for shingling twice. ``openings``, when given, are the token hashes
    of the lines' first shingles (as ``fingerprint_lines`` computes them): a line truncates
    another only if their first words agree, so when no two lines share an opening, the search
    for truncated copies is skipped.

    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Putin met Kerry in Sochi.\\nShare\\nPUTIN met Kerry in Sochi!")
    >>> find_repeats(ls, [0, 1, 2], Config())[2].of
    0
    """
    # Copies with the same normal form share every verdict, so only the first of each is judged.
    first: dict[str, int] = {}
    copies: list[tuple[int, int]] = []
    for i in eligible:
        # A label ("DONALD TRUMP:", "Q:", "For first timers:") introduces what follows and
        # legitimately recurs in transcripts, interviews and guides: never a repeat.
        if len(lines[i].normal) >= config.repeat_min_chars and not lines[i].text.endswith(_LABEL_ENDS):
            j = first.setdefault(lines[i].normal, i)
            if j != i:
                copies.append((i, j))
    unique = list(first.values())
    repeats = _Search(lines, unique, config, repeat_keys, openings).run()
    for i, j in copies:
        earlier = repeats.get(j)
        repeats[i] = Repeat(i, j, "exact", 1.0) if earlier is None else _as_copy_of(earlier, i)
    return dict(sorted(repeats.items()))


def _as_copy_of(earlier: Repeat, i: int) -> Repeat:
    """The verdict of line ``i``, an exact copy of a line found to repeat another: the same, but
    a copy of a preview printed after the full line is a truncated copy of it."""
    kind = "truncated" if earlier.kind == "preview" and i > earlier.of else earlier.kind
    return Repeat(i, earlier.of, kind, earlier.similarity, earlier.why, earlier.added)


class _Search:
    """Truncated and near copies among the lines with distinct normal forms, in order."""

    def __init__(
        self,
        lines: Sequence[Line],
        unique: list[int],
        config: Config,
        repeat_keys: U64Array | None,
        openings: U32Array | None,
    ) -> None:
        self.lines, self.unique, self.config, self.repeat_keys = lines, unique, config, repeat_keys
        self.sets = Shingles(lines, config)
        self.truncated = None if _openings_differ(openings, unique, config) else TruncatedSearch(lines, unique, config)
        self.keys: np.ndarray | None = None
        self.near: NearIndex | None = None
        self.edges: EdgeIndex | None = None
        if config.repeat_threshold is not None:
            self.keys = band_keys_of(lines, unique, config, repeat_keys)
            self.near = NearIndex(unique, self.keys, config.repeat_threshold, self.sets)
            if config.repeat_new_words is not None:
                self.edges = EdgeIndex(lines)
        self._families: Families | None = None
        self._plain: dict[tuple[int, int], Comparison] = {}
        self._words: dict[int, Words] = {}

    def run(self) -> dict[int, Repeat]:
        truncated = self.truncated if self.truncated is not None and self.truncated.active else None
        near = self.near if self.near is not None and (self.near.has_candidates or self.edges is not None) else None
        repeats: dict[int, Repeat] = {}
        if truncated is None and near is None:
            return repeats  # no line shares an opening or a band with another: none repeats
        for i in self.unique:
            found = self._truncated(i, truncated) if truncated is not None else None
            if found is None and near is not None:
                found = self._near(i, near)
            if found is not None:
                repeats[i] = found
                continue
            if truncated is not None:
                truncated.keep(i)
            if near is not None:
                near.keep(i)
            if self.edges is not None:
                self.edges.keep(i)
        if truncated is not None:
            repeats.update(self._previews(repeats))
        return repeats

    def _previews(self, repeats: dict[int, Repeat]) -> dict[int, Repeat]:
        """Kept lines cut short whose whole line follows: a line that others were found to copy
        (other than exactly) stays, so that every removal still points at a kept line."""
        copied = {r.of for r in repeats.values()}
        search = PreviewSearch(self.lines, [i for i in self.unique if i not in repeats])
        found = {}
        for i in search.previews:
            if i in copied:
                continue
            for j in search.later_lines(i):
                verdict = self._judge(j, i)
                if verdict is None or verdict.copy:
                    found[i] = Repeat(i, j, "preview", 1.0, verdict.why if verdict is not None else "")
                    break
        return found

    def _truncated(self, i: int, truncated: TruncatedSearch) -> Repeat | None:
        j = truncated.longer_kept(i)
        if j is None:
            return None
        verdict = self._judge(j, i)
        if verdict is None:
            return Repeat(i, j, "truncated", 1.0)
        return Repeat(i, j, "truncated", 1.0, verdict.why) if verdict.copy else None

    def _near(self, i: int, near: NearIndex) -> Repeat | None:
        found = dict(near.candidates(i))
        if self.edges is not None:
            for j in self.edges.candidates(i):
                if j not in found:
                    found[j] = jaccard(self.sets[i], self.sets[j])
        ranked = sorted(found.items(), key=lambda js: (-js[1], js[0]))
        for n, (j, similarity) in enumerate(ranked):
            verdict = self._judge(j, i)
            if verdict is None:
                return Repeat(i, j, "near", similarity)
            if verdict.copy:
                return Repeat(i, j, "near", similarity, verdict.why, verdict.added)
            if n + 1 >= _COMPARED:
                break
        return None

    def _judge(self, j: int, i: int) -> Comparison | None:
        """Line ``i`` against the kept line ``j``: compared as ordinary lines, then as parallel
        lines if they belong to a family. None: ``repeat_new_words`` is None, any candidate is a
        copy."""
        if self.config.repeat_new_words is None:
            return None
        plain = self._compare(j, i)
        if not plain.copy or not self._family().parallel(j, i):
            return plain
        return compare_words(self._words_of(j), self._words_of(i), family=True)

    def _compare(self, j: int, i: int) -> Comparison:
        found = self._plain.get((j, i))
        if found is None:
            found = compare_words(self._words_of(j), self._words_of(i), new_words=self.config.repeat_new_words or 0)
            self._plain[(j, i)] = found
        return found

    def _words_of(self, i: int) -> Words:
        found = self._words.get(i)
        if found is None:
            found = self._words[i] = Words(self.lines[i])
        return found

    def _family(self) -> Families:
        if self._families is None:
            if self.keys is None:
                self.keys = band_keys_of(self.lines, self.unique, self.config, self.repeat_keys)
            self._families = Families(self.lines, self.unique, self.keys, self.sets, self._strict_copy)
        return self._families

    def _strict_copy(self, j: int, i: int) -> bool:
        """Line ``i`` is a copy of line ``j`` even compared as parallel lines are."""
        return self._compare(j, i).copy and compare_words(self._words_of(j), self._words_of(i), family=True).copy


def _openings_differ(openings: U32Array | None, unique: Sequence[int], config: Config) -> bool:
    """No two of the ``unique`` lines share a first-shingle hash, so none is a truncated copy of
    another: a truncated copy shares at least its first ``min(truncated_min_words, 5)`` words
    with the longer line, hence its first shingle when that many words cover a shingle. False
    when they might not (no openings given, or a small ``truncated_min_words``)."""
    if openings is None or min(config.truncated_min_words, 5) < config.shingle_size:
        return False
    heads = openings[list(unique)].tolist()
    return len(set(heads)) == len(heads)
