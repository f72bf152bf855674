"""What an index learns from one article: a DocRecord of per-line fingerprints.

Records are what the persistent stores log (SQLite rows, Redis list items). Replaying the
log rebuilds the in-memory state, so every store answers exactly as the memory index would.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..dates import learning_key
from ..errors import IndexCorruptError
from ..prepare import Prepared

__all__ = ["DocRecord", "learning_order", "record_from"]

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


def record_from(p: Prepared, known: Sequence[bool] | npt.NDArray[np.bool_]) -> DocRecord:
    """The DocRecord of an article from its fingerprints: a line the index already knows
    (``known``) is logged without its band keys (all zero; the index never reads them, since a
    known key already has a line wherever the record is replayed: a log is replayed in order, and
    the key was learned from an earlier record)."""
    fp = p.fingerprints
    bands = fp.bands.copy()
    bands[np.asarray(known, dtype=bool) | (fp.words == 0)] = 0
    return DocRecord(
        doc_id=p.doc_id,
        source=p.source or "",
        published=p.published.isoformat() if p.published is not None else None,
        keys=fp.keys,
        bands=bands,
        words=fp.words,
        texts=tuple(line.text[:_TEXT_CHARS] for line in p.lines),
    )


def learning_order(rec: DocRecord) -> tuple[float, str]:
    """A record's place in the learning order (:func:`dedup.dates.learning_key`)."""
    return learning_key(rec.published, rec.doc_id)
