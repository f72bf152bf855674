"""What an index learns from one article: a DocRecord of per-line fingerprints.

Records are what the persistent stores log (SQLite rows, Redis list items). Replaying the
log rebuilds the in-memory state, so every store answers exactly as the memory index would.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from ..config import Config
from ..errors import IndexCorruptError
from ..fingerprint import MinHasher, band_keys, exact_key, shingles
from ..lines import Line

__all__ = ["DocRecord", "make_record"]

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


def make_record(
    lines: Sequence[Line],
    config: Config,
    hasher: MinHasher,
    *,
    doc_id: str,
    source: str | None,
    published: datetime | None,
) -> DocRecord:
    """Fingerprint an article's lines for the index."""
    tokens = [line.tokens for line in lines]
    sigs = hasher.signatures([shingles(t, config.shingle_size) for t in tokens])
    bands = (
        band_keys(sigs, config.bands).astype(np.uint32)  # low 32 bits: 4 bytes a band in memory
        if len(lines)
        else np.empty((0, config.bands), np.uint32)
    )
    return DocRecord(
        doc_id=doc_id,
        source=source or "",
        published=published.isoformat() if published is not None else None,
        keys=np.fromiter((exact_key(line.normal) for line in lines), np.uint64, len(lines)),
        bands=np.ascontiguousarray(bands),
        words=np.fromiter((min(len(t), 65535) for t in tokens), np.uint16, len(lines)),
        texts=tuple(line.text[:_TEXT_CHARS] for line in lines),
    )
