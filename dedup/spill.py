"""A corpus spilled to a temporary SQLite file: read once, then walked in two orders.

:func:`dedup.iter_clean_corpus` learns a corpus oldest first and cleans it in input order,
without holding it in memory: the articles wait here, on disk, between the two walks. The
file is private and temporary (no journal, no fsync: after a crash there is nothing to keep)
and is deleted on :meth:`Spill.close`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from types import TracebackType

from .dates import learning_key
from .errors import ConfigError

__all__ = ["Spill", "SpilledArticle"]

#: (position in the input, text, id, source, published)
SpilledArticle = tuple[int, str, str, str | None, datetime | None]


class Spill:
    """Articles on disk, walked oldest first (undated first, then by id) or in input order.

    >>> with Spill() as spill:
    ...     spill.add_many([(0, "b", "id-b", None, None), (1, "a", "id-a", None, None)])
    ...     oldest_first = [a[2] for page in spill.learning_order(10) for a in page]
    ...     as_given = [a[2] for page in spill.input_order(1) for a in page]
    >>> oldest_first, as_given
    (['id-a', 'id-b'], ['id-b', 'id-a'])
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        try:
            fd, self.path = tempfile.mkstemp(prefix="dedup-spill-", suffix=".sqlite", dir=directory)
        except OSError as err:
            raise ConfigError(f"cannot create a spill file in {directory or tempfile.gettempdir()}: {err}") from err
        os.close(fd)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            # Strings as UTF-8 BLOBs (surrogates pass): byte order is code point order, as in Python.
            "CREATE TABLE articles (pos INTEGER PRIMARY KEY, stamp REAL, id BLOB NOT NULL, "
            "source BLOB, published TEXT, text BLOB NOT NULL)"
        )

    def add_many(self, articles: Sequence[SpilledArticle]) -> None:
        rows = [
            (
                pos,
                learning_key(None if published is None else published.isoformat(), doc_id)[0],
                _blob(doc_id),
                None if source is None else _blob(source),
                None if published is None else published.isoformat(),
                _blob(text),
            )
            for pos, text, doc_id, source, published in articles
        ]
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", rows)
        self._db.execute("COMMIT")

    def learning_order(self, page: int) -> Iterator[list[SpilledArticle]]:
        """Pages of articles in learning order (:func:`dedup.dates.learning_key`: oldest first,
        undated ones before all, then by id; ``stamp`` is the key's first part, ids compare as
        UTF-8 bytes, which is code point order)."""
        return self._pages("ORDER BY stamp, id, pos", page)

    def input_order(self, page: int) -> Iterator[list[SpilledArticle]]:
        return self._pages("ORDER BY pos", page)

    def _pages(self, order: str, page: int) -> Iterator[list[SpilledArticle]]:
        cursor = self._db.execute(f"SELECT pos, text, id, source, published FROM articles {order}")
        while rows := cursor.fetchmany(page):
            yield [
                (pos, _str(text), _str(doc_id), None if source is None else _str(source), _parse(published))
                for pos, text, doc_id, source, published in rows
            ]

    def close(self) -> None:
        self._db.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _blob(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _str(blob: bytes) -> str:
    return bytes(blob).decode("utf-8", "surrogatepass")


def _parse(published: str | None) -> datetime | None:
    return None if published is None else datetime.fromisoformat(published)
