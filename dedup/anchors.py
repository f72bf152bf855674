"""Story anchors: the units two articles are compared by to tell whether they are copies.

Lines are the unit of deletion, not of identity: another page layout splits or joins the same
story into other lines. So an article's words are read as one stream, across line breaks, cut
into word shingles (``story_shingle_size`` words, in their normal form), and the shingles whose
hash is a multiple of ``story_anchor_rate`` are its anchors: a consistent sample (the same
shingles are anchors in every copy), in text order. Two copies share most of their anchors
whatever their paragraphing, quotes, dashes or case; a changed word changes only the few
shingles around it.

An article of fewer than two anchors (a few lines) is compared by its whole text instead
(``text_key``: the exact key of its normal-form word stream).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .config import Config
from .hashing import exact_keys_of, flat_shingle_hashes
from .lines import Line

__all__ = ["StoryFingerprint", "story_fingerprints"]

# Characters of article text hashed per vectorised pass (whole articles; one longer article alone).
_CHUNK_CHARS = 4_000_000


@dataclass(frozen=True, slots=True)
class StoryFingerprint:
    """An article's anchors (distinct, in the order they first occur), the line each first
    occurs in (the line its shingle starts in), the key of its whole word stream, and its words."""

    anchors: npt.NDArray[np.uint32]
    anchor_lines: npt.NDArray[np.int32]
    text_key: int
    words: int


def story_fingerprints(articles: Sequence[Sequence[Line]], config: Config) -> list[StoryFingerprint]:
    """The story anchors of many articles, hashed in vectorised passes over a few MB of text each.

    >>> from dedup.lines import split_lines
    >>> one = "Putin and Trump met in Helsinki on Monday for two hours of talks behind closed doors."
    >>> (a, b) = story_fingerprints([split_lines(one), split_lines(one.replace(" on ", "\\n\\non "))], Config())
    >>> a.anchors.tolist() == b.anchors.tolist() and a.text_key == b.text_key and len(a.anchors) > 0
    True
    >>> b.anchor_lines.tolist()[-1]  # the last anchor's shingle starts in the second line
    1
    """
    out: list[StoryFingerprint] = []
    streams: list[str] = []
    size = 0
    for k, lines in enumerate(articles):
        stream = " ".join(line.normal for line in lines if line.normal)
        streams.append(stream)
        size += len(stream)
        if size >= _CHUNK_CHARS or k == len(articles) - 1:  # its arrays take ~40 bytes a character
            out += _fingerprints(streams, articles[len(out) : k + 1], config)
            streams, size = [], 0
    return out


def _fingerprints(streams: Sequence[str], articles: Sequence[Sequence[Line]], config: Config) -> list[StoryFingerprint]:
    hashes, offsets = flat_shingle_hashes(streams, config.story_shingle_size)
    keys = exact_keys_of(streams)
    out = []
    for k, lines in enumerate(articles):
        mine = hashes[offsets[k] : offsets[k + 1]]
        picked = np.flatnonzero(mine % np.uint32(config.story_anchor_rate) == 0)
        anchors, first = np.unique(mine[picked], return_index=True)
        order = np.argsort(first, kind="stable")
        starts = picked[first[order]]  # shingle i starts at the stream's word i
        words_per_line = np.array([line.word_count for line in lines], np.int64)
        line_ends = np.cumsum(words_per_line)
        anchor_lines = np.searchsorted(line_ends, starts, side="right").astype(np.int32)
        words = int(line_ends[-1]) if len(line_ends) else 0
        out.append(
            StoryFingerprint(anchors[order].astype(np.uint32), anchor_lines, int(keys[k]) if words else 0, words)
        )
    return out
