"""Prepare: articles -> their lines and every fingerprint of them, as one pure function.

The first step of every path (:class:`dedup.Index`, :func:`dedup.clean_corpus`,
:func:`dedup.iter_clean_corpus`, the Spark job): check each article's fields, split its text into
lines with their normal forms (:mod:`dedup.lines`), and fingerprint every line in a few
vectorised passes (:mod:`dedup.fingerprint`): exact keys, the index's LSH band keys, the
near-repeat band keys and the hash of each line's opening. Nothing here depends on an index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import xxhash

from .anchors import StoryFingerprint, story_fingerprints
from .config import Config
from .dates import parse_published
from .errors import InvalidInputError
from .fingerprint import MinHasher, band_keys
from .hashing import exact_keys_of, flat_shingle_hashes
from .lines import Line, split_lines_many

__all__ = [
    "LineFingerprints",
    "Prepared",
    "article_head",
    "check_text",
    "fingerprint_lines",
    "hasher_for",
    "prepare",
    "repeat_bands",
]

# Lines fingerprinted per numpy pass in fingerprint_lines: bounds the flat shingle array
# (~30 shingles a line) while keeping the per-pass overhead negligible.
_CHUNK_LINES = 8192
# Rows per band of the near-repeat buckets inside one article (see dedup.repeats).
_REPEAT_ROWS = 4


@dataclass(frozen=True, slots=True)
class LineFingerprints:
    """Every fingerprint of one article's lines, computed in one vectorised pass.

    ``keys``: exact keys; ``words``: words per line; ``bands``: the index's band keys (low 32
    bits) of every line with words, known or not; ``repeat_keys``: the 64-bit band keys of the
    near-repeat buckets (``dedup.repeats``), one row per line; ``openings``: the token hash of each
    line's first shingle (0 for a line without words), which lines opening with the same
    ``shingle_size`` words share (the truncated-copy pre-test of ``dedup.repeats``).
    """

    keys: npt.NDArray[np.uint64]
    words: npt.NDArray[np.uint16]
    bands: npt.NDArray[np.uint32]
    repeat_keys: npt.NDArray[np.uint64]
    openings: npt.NDArray[np.uint32]


def repeat_bands(config: Config) -> int:
    """Bands of the near-repeat buckets: rows of 4 when ``num_perm`` allows, else of 1."""
    return config.num_perm // (_REPEAT_ROWS if config.num_perm % _REPEAT_ROWS == 0 else 1)


def fingerprint_lines(articles: Sequence[Sequence[Line]], config: Config) -> list[LineFingerprints]:
    """Fingerprints of the lines of many articles, in chunks of a few thousand lines.

    Signatures are computed once per line and serve both the index (band keys) and the
    near-repeat rule; equal to computing them one line at a time (a test checks it).
    """
    # Each distinct normal form is fingerprinted once: banners and wire paragraphs recur.
    where: dict[str, int] = {}
    row_of = np.fromiter(
        (where.setdefault(line.normal, len(where)) for lines in articles for line in lines),
        np.int64,
        sum(len(lines) for lines in articles),
    )
    normals = list(where)
    n = len(normals)
    keys = exact_keys_of(normals)
    hasher = hasher_for(config)
    rb = repeat_bands(config)
    bands = np.empty((n, config.bands), np.uint32)
    repeat = np.empty((n, rb), np.uint64)
    words = np.empty(n, np.int64)
    openings = np.zeros(n, np.uint32)
    for lo in range(0, n, _CHUNK_LINES):
        chunk = normals[lo : lo + _CHUNK_LINES]
        hashes, offsets = flat_shingle_hashes(chunk, config.shingle_size)
        sigs = hasher.signatures_from_hashes(hashes, offsets)
        wide = band_keys(sigs, config.bands)
        bands[lo : lo + len(chunk)] = wide  # low 32 bits: 4 bytes a band in memory
        repeat[lo : lo + len(chunk)] = wide if rb == config.bands else band_keys(sigs, rb)
        words[lo : lo + len(chunk)] = [x.count(" ") + 1 if x else 0 for x in chunk]
        shingled = np.flatnonzero(offsets[1:] > offsets[:-1])
        openings[lo + shingled] = hashes[offsets[shingled]]
    keys, bands, repeat, words, openings = keys[row_of], bands[row_of], repeat[row_of], words[row_of], openings[row_of]
    capped = np.minimum(words, 65535).astype(np.uint16)
    out = []
    lo = 0
    for lines in articles:
        hi = lo + len(lines)
        out.append(LineFingerprints(keys[lo:hi], capped[lo:hi], bands[lo:hi], repeat[lo:hi], openings[lo:hi]))
        lo = hi
    return out


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article ready to learn and clean: its checked fields, its lines, their fingerprints,
    and its story anchors (:mod:`dedup.anchors`)."""

    text: str
    doc_id: str
    source: str | None
    published: datetime | None
    lines: tuple[Line, ...]
    fingerprints: LineFingerprints
    story: StoryFingerprint


def prepare(
    docs: Iterable[tuple[str, str | None, str | None, datetime | str | None]], config: Config, where: str
) -> list[Prepared]:
    """Prepare articles ``(text, doc_id, source, published)`` (see :func:`article_head`).

    >>> (p,) = prepare([("Putin met Kerry.\\n\\nShare", None, "example.com", "2018-07-16")], Config(), "example")
    >>> [line.normal for line in p.lines], p.fingerprints.words.tolist(), p.doc_id.startswith("sha-")
    (['putin met kerry', 'share'], [3, 1], True)
    """
    heads = [article_head(text, doc_id, source, published, where) for text, doc_id, source, published in docs]
    split = split_lines_many([h[0] for h in heads], {})  # one normal-form cache for the batch
    fps = fingerprint_lines(split, config)
    stories = story_fingerprints(split, config)
    return [
        Prepared(*head, lines, fp, story) for head, lines, fp, story in zip(heads, split, fps, stories, strict=True)
    ]


def article_head(
    text: str, doc_id: str | None, source: str | None, published: datetime | str | None, where: str
) -> tuple[str, str, str | None, datetime | None]:
    """An article's checked text, its id (a hash of the text when none is given), source and
    parsed date; ``where`` names the caller in error messages."""
    check_text(text, where)
    if doc_id is None:
        doc_id = "sha-" + xxhash.xxh64_hexdigest(text.encode("utf-8", "surrogatepass"))
    elif not isinstance(doc_id, str):
        doc_id = str(doc_id)
    if source is not None and not isinstance(source, str):
        raise InvalidInputError(f"source must be a str such as 'reuters.com', got {type(source).__name__}")
    return text, doc_id, source, parse_published(published)


def check_text(text: object, where: str) -> None:
    """Raise InvalidInputError unless ``text`` is a str, saying how to get one."""
    if isinstance(text, str):
        return
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise InvalidInputError(
            f"{where} takes text (str), got {type(text).__name__}: decode it first, "
            "e.g. data.decode('utf-8', errors='replace')"
        )
    if text is None:
        raise InvalidInputError(f"{where} takes text (str), got None: pass '' for an empty article")
    raise InvalidInputError(
        f"{where} takes text (str), got {type(text).__name__}: pass the article's text, "
        "or dedup.Document.from_html(html).text for HTML"
    )


@lru_cache(maxsize=8)
def _hasher(num_perm: int, seed: int) -> MinHasher:
    return MinHasher(num_perm, seed)


def hasher_for(config: Config) -> MinHasher:
    """The (cached) MinHasher of a config: building one reads datasketch's permutations."""
    return _hasher(config.num_perm, config.seed)
