"""What an index learns from one article: a DocRecord of per-line fingerprints.

Records are what the persistent stores log (SQLite rows, Redis list items). Replaying the
log rebuilds the in-memory state, so every store answers exactly as the memory index would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..dates import learning_key
from ..errors import IndexCorruptError
from ..prepare import Prepared

__all__ = ["DocRecord", "ForgetRecord", "learning_order", "parse_record", "record_from"]

_TEXT_CHARS = 300


@dataclass(frozen=True, slots=True)
class DocRecord:
    """Fingerprints of one article's non-blank lines, in order.

    ``keys``: 64-bit exact keys of the normal forms; ``bands``: (lines, bands) 32-bit LSH band
    keys; ``words``: words per line (0 for lines with no words, which are never indexed);
    ``anchors`` and ``text_key``: the article's story anchors and the key of its whole word stream
    (:mod:`dedup.anchors`), which copies are found by.
    """

    doc_id: str
    source: str
    published: str | None
    keys: npt.NDArray[np.uint64]
    bands: npt.NDArray[np.uint32]
    words: npt.NDArray[np.uint16]
    texts: tuple[str, ...]  # the lines, cut to _TEXT_CHARS, to show recurring lines in reports
    anchors: npt.NDArray[np.uint32]
    text_key: int

    def to_bytes(self) -> bytes:
        head = json.dumps(
            {
                "id": self.doc_id,
                "source": self.source,
                "published": self.published,
                "n": len(self.keys),
                "b": int(self.bands.shape[1]),
                "a": len(self.anchors),
                "t": self.text_key,
                "texts": self.texts,
            },
            ensure_ascii=False,
        ).encode("utf-8", "surrogatepass")
        body = self.keys.tobytes() + self.bands.tobytes() + self.words.tobytes() + self.anchors.tobytes()
        return b"%d\n" % len(head) + head + body

    @classmethod
    def from_bytes(cls, data: bytes) -> DocRecord:
        try:
            size, rest = data.split(b"\n", 1)
            head = json.loads(rest[: int(size)].decode("utf-8", "surrogatepass"))
            body = memoryview(rest)[int(size) :]
            if "a" not in head:
                raise IndexCorruptError(
                    "an index record has no story anchors: the index was written by an older dedup; "
                    "rebuild it from the articles"
                )
            n, b, a = head["n"], head["b"], head["a"]
            at = [0, 8 * n, 8 * n + 4 * n * b, 8 * n + 4 * n * b + 2 * n, 8 * n + 4 * n * b + 2 * n + 4 * a]
            if len(body) != at[-1]:
                raise ValueError("truncated record")
            keys = np.frombuffer(body[at[0] : at[1]], np.uint64)
            bands = np.frombuffer(body[at[1] : at[2]], np.uint32).reshape(n, b)
            words = np.frombuffer(body[at[2] : at[3]], np.uint16)
            anchors = np.frombuffer(body[at[3] : at[4]], np.uint32)
            text_key = int(head["t"])
        except (ValueError, KeyError, TypeError) as err:
            raise IndexCorruptError(f"an index record cannot be read ({err}): the index is damaged") from err
        texts = tuple(head["texts"])
        return cls(head["id"], head["source"], head["published"], keys, bands, words, texts, anchors, text_key)


def record_from(p: Prepared) -> DocRecord:
    """The DocRecord of a prepared article: its lines' fingerprints (a line without words gets
    all-zero band keys: it is never indexed), its story anchors, and the first characters of each
    line (to show recurring lines in reports)."""
    fp = p.fingerprints
    bands = fp.bands.copy()
    bands[fp.words == 0] = 0
    return DocRecord(
        doc_id=p.doc_id,
        source=p.source or "",
        published=p.published.isoformat() if p.published is not None else None,
        keys=fp.keys,
        bands=bands,
        words=fp.words,
        texts=tuple(line.text[:_TEXT_CHARS] for line in p.lines),
        anchors=p.story.anchors,
        text_key=p.story.text_key,
    )


def learning_order(rec: DocRecord) -> tuple[float, str]:
    """A record's place in the learning order (:func:`dedup.dates.learning_key`)."""
    return learning_key(rec.published, rec.doc_id)


@dataclass(frozen=True, slots=True)
class ForgetRecord:
    """A request to forget every dated article published before ``before`` (ISO 8601), logged
    like an article so that every process replaying the log forgets at the same point."""

    before: str

    def to_bytes(self) -> bytes:
        return _FORGET + self.before.encode("ascii")


#: The first bytes of a forget record (a DocRecord starts with the length of its head, a digit).
_FORGET = b"F:"


def parse_record(data: bytes) -> DocRecord | ForgetRecord:
    """A log record: an article's :class:`DocRecord`, or a :class:`ForgetRecord`.

    >>> parse_record(ForgetRecord("2018-07-01T00:00:00+00:00").to_bytes())
    ForgetRecord(before='2018-07-01T00:00:00+00:00')
    """
    if data.startswith(_FORGET):
        try:
            return ForgetRecord(data[len(_FORGET) :].decode("ascii"))
        except UnicodeDecodeError as err:
            raise IndexCorruptError(f"a forget record cannot be read ({err}): the index is damaged") from err
    return DocRecord.from_bytes(data)
