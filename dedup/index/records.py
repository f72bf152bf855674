"""What an index learns from one article: a DocRecord of per-line fingerprints.

Records are what the persistent stores log (SQLite rows, Redis list items). Replaying the
log rebuilds the in-memory state, so every store answers exactly as the memory index would.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..config import Config
from ..errors import IndexCorruptError
from ..fingerprint import MinHasher, band_keys, exact_key, exact_keys_of, flat_shingle_hashes, shingles
from ..lines import Line

__all__ = [
    "DocRecord",
    "LineFingerprints",
    "as_utc",
    "exact_keys",
    "fingerprint_lines",
    "hasher_for",
    "learning_order",
    "make_record",
]

# Lines fingerprinted per numpy pass in fingerprint_lines: bounds the flat shingle array
# (~30 shingles a line) while keeping the per-pass overhead negligible.
_CHUNK_LINES = 8192
# Rows per band of the near-repeat buckets inside one article (see dedup.repeats).
_REPEAT_ROWS = 4

_TEXT_CHARS = 300


@dataclass(frozen=True, slots=True)
class DocRecord:
    """Fingerprints of one article's non-blank lines, in order.

    ``keys``: 64-bit exact keys of the normal forms; ``bands``: (lines, bands) 32-bit LSH band
    keys; ``words``: words per line (0 for lines with no words, which are never indexed).
    """

    doc_id: str
    source: str
    published: str | None
    keys: npt.NDArray[np.uint64]
    bands: npt.NDArray[np.uint32]
    words: npt.NDArray[np.uint16]
    texts: tuple[str, ...]  # the lines, cut to _TEXT_CHARS, to show recurring lines in reports

    def to_bytes(self) -> bytes:
        head = json.dumps(
            {
                "id": self.doc_id,
                "source": self.source,
                "published": self.published,
                "n": len(self.keys),
                "b": int(self.bands.shape[1]),
                "texts": self.texts,
            },
            ensure_ascii=False,
        ).encode("utf-8", "surrogatepass")
        return b"%d\n" % len(head) + head + self.keys.tobytes() + self.bands.tobytes() + self.words.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> DocRecord:
        try:
            size, rest = data.split(b"\n", 1)
            head = json.loads(rest[: int(size)].decode("utf-8", "surrogatepass"))
            body = memoryview(rest)[int(size) :]
            n, b = head["n"], head["b"]
            keys = np.frombuffer(body[: 8 * n], np.uint64)
            bands = np.frombuffer(body[8 * n : 8 * n + 4 * n * b], np.uint32).reshape(n, b)
            words = np.frombuffer(body[8 * n + 4 * n * b :], np.uint16)
            if len(words) != n:
                raise ValueError("truncated record")
        except (ValueError, KeyError, TypeError) as err:
            raise IndexCorruptError(f"an index record cannot be read ({err}): the index is damaged") from err
        return cls(head["id"], head["source"], head["published"], keys, bands, words, tuple(head["texts"]))


def exact_keys(lines: Sequence[Line]) -> npt.NDArray[np.uint64]:
    """64-bit keys of the lines' normal forms."""
    return np.fromiter((exact_key(line.normal) for line in lines), np.uint64, len(lines))


def make_record(
    lines: Sequence[Line],
    config: Config,
    *,
    keys: npt.NDArray[np.uint64],
    known: Sequence[bool],
    doc_id: str,
    source: str | None,
    published: datetime | None,
) -> DocRecord:
    """Fingerprint an article's lines for the index.

    Exact keys come first: only lines the index does not know yet (``known`` False) pay for
    MinHash, once per distinct normal form. Known lines get all-zero band keys; the index never
    reads them, since a known key already has a line cluster wherever the record is replayed
    (a log is replayed in order, and the key was learned from an earlier record).
    """
    tokens = [line.tokens for line in lines]
    first: dict[str, int] = {}
    for r, line in enumerate(lines):
        if not known[r] and tokens[r]:
            first.setdefault(line.normal, r)
    bands = np.zeros((len(lines), config.bands), np.uint32)
    if first:
        rows = list(first.values())
        sigs = hasher_for(config).signatures([shingles(tokens[r], config.shingle_size) for r in rows])
        computed = band_keys(sigs, config.bands).astype(np.uint32)  # low 32 bits: 4 bytes a band in memory
        at = {normal: computed[k] for k, normal in enumerate(first)}
        for r, line in enumerate(lines):
            if line.normal in at:
                bands[r] = at[line.normal]
    return DocRecord(
        doc_id=doc_id,
        source=source or "",
        published=published.isoformat() if published is not None else None,
        keys=keys,
        bands=bands,
        words=np.fromiter((min(len(t), 65535) for t in tokens), np.uint16, len(lines)),
        texts=tuple(line.text[:_TEXT_CHARS] for line in lines),
    )


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
    near-repeat rule; equal to :func:`make_record` and ``dedup.repeats`` computing them alone.
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


def record_from(
    lines: Sequence[Line],
    fp: LineFingerprints,
    *,
    known: Sequence[bool] | npt.NDArray[np.bool_],
    doc_id: str,
    source: str | None,
    published: datetime | None,
) -> DocRecord:
    """The DocRecord of an article from its precomputed fingerprints; equal to :func:`make_record`."""
    bands = fp.bands.copy()
    bands[np.asarray(known, dtype=bool) | (fp.words == 0)] = 0
    return DocRecord(
        doc_id=doc_id,
        source=source or "",
        published=published.isoformat() if published is not None else None,
        keys=fp.keys,
        bands=bands,
        words=fp.words,
        texts=tuple(line.text[:_TEXT_CHARS] for line in lines),
    )


@lru_cache(maxsize=8)
def _hasher(num_perm: int, seed: int) -> MinHasher:
    return MinHasher(num_perm, seed)


def hasher_for(config: Config) -> MinHasher:
    """The (cached) MinHasher of a config: building one reads datasketch's permutations."""
    return _hasher(config.num_perm, config.seed)


def learning_order(rec: DocRecord) -> tuple[float, str]:
    """The order in which a batch is learned: oldest first (undated articles before all), then by id.

    Learning is incremental: an article is checked for copies against the line clusters known
    when it arrives, and a cluster that a later article bridges does not reopen those checks.
    A batch learned in this fixed order gives the same results whatever order it came in.
    """
    stamp = float("-inf") if rec.published is None else as_utc(rec.published).timestamp()
    return stamp, rec.doc_id


def as_utc(iso: str) -> datetime:
    """An ISO timestamp as an aware UTC datetime (a naive one is taken to be UTC already)."""
    t = datetime.fromisoformat(iso)
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)
