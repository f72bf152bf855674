"""Line clusters: lines with the same normal form share a line id, and similar lines share a
cluster.

A new line joins every line the index holds whose band keys agree in at least
:func:`~dedup.decisions.min_agreeing_bands` bands (its estimated Jaccard similarity is at
least ``cluster_threshold``); clusters are kept with union-find, rooted at their smallest line id,
so the partition does not depend on the order of the joins. A line whose articles are all
forgotten is dead: never found again by its key or its bands (a new identical or similar line is
a new line), though the clusters it joined stay joined.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from ..config import Config
from ..decisions import min_agreeing_bands
from .lists import groups_from_arrays, groups_to_arrays
from .records import DocRecord
from .tables import MultiMap, counted
from .unionfind import UnionFind

__all__ = ["UNKNOWN", "LineClusters"]

#: A row's line is not in the index (new, or dead); -1 is a row with no words (never indexed).
UNKNOWN = -2
# A band key shared by more new lines of one bulk pass sends the pass to the one-at-a-time
# path (an n x n comparison would not fit; all-zero band rows, adversarial input).
_MAX_GROUP = 1024


class LineClusters:
    """Exact keys and band keys of every line, and the clusters they form."""

    def __init__(self, config: Config) -> None:
        self.min_bands = min_agreeing_bands(config)
        self.exact = MultiMap(np.uint64)  # exact key -> line ids (a dead line's key may come back)
        self.bands = [MultiMap(np.uint32) for _ in range(config.bands)]
        self.uf = UnionFind()
        self.words = array("H")  # line id -> words
        self.members: dict[int, list[int]] = {}  # cluster root -> line ids, clusters of 2+ only
        self.dead: set[int] = set()  # lines whose articles are all forgotten, not dropped yet
        self.joins = 0  # clusters merged so far: dates caches of cluster roots

    def __len__(self) -> int:
        return len(self.words)

    def find(self, line: int) -> int:
        return self.uf.find(line)

    def lines_of(self, root: int) -> list[int]:
        """The line ids of a cluster."""
        return self.members.get(root, [root])

    def content(self, line_ids: Iterable[int], long_line_words: int) -> list[int]:
        """Cluster roots of the content lines (``long_line_words`` words or more), in order."""
        words, find = self.words, self.uf.find
        return [find(i) for i in line_ids if words[i] >= long_line_words]

    # ---- look-ups ---------------------------------------------------------------------
    def live_first(self, keys: npt.NDArray[np.uint64], first: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """``first`` (the first line of each key, -1: none) with dead lines replaced by the key's
        live line, or -1 when it has none."""
        dead = self.dead
        if dead:
            for i in np.flatnonzero(first >= 0).tolist():
                if int(first[i]) in dead:
                    first[i] = next((v for v in self.exact.get(int(keys[i])) if v not in dead), -1)
        return first

    def known(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The live line of each exact key, or -1."""
        return self.live_first(keys, self.exact.first_values(keys))

    def known_lines(self, rec: DocRecord) -> list[int]:
        """Line ids of an article's rows by exact key; UNKNOWN for keys never seen (or dead) and
        -1 for rows with no words."""
        first = self.known(rec.keys)
        first[first < 0] = UNKNOWN
        first[rec.words == 0] = -1
        ids: list[int] = first.tolist()
        return ids

    def near_lines_many(self, bands: npt.NDArray[np.uint32]) -> list[list[int]]:
        """Per row of band keys: the live lines agreeing in at least ``min_bands`` bands."""
        out: list[list[int]] = [[] for _ in range(len(bands))]
        for row, lines in self.near_lines_sparse(bands).items():
            out[row] = lines
        return out

    def near_lines_sparse(self, bands: npt.NDArray[np.uint32]) -> dict[int, list[int]]:
        """:meth:`near_lines_many` for the rows that have such lines only."""
        out: dict[int, list[int]] = {}
        rows: list[npt.NDArray[np.int64]] = []
        found: list[npt.NDArray[np.uint32]] = []
        for b, table in enumerate(self.bands):
            r, lines, _ = table.hits(bands[:, b])
            rows.append(r)
            found.append(lines)
        if not any(len(r) for r in rows):
            return out
        lines_found = np.concatenate(found)
        rows_found = np.concatenate(rows)
        if self.dead:  # dead lines are never found (looked up one by one: the found are few, the dead many)
            dead = self.dead
            live = np.fromiter((line not in dead for line in lines_found.tolist()), bool, len(lines_found))
            lines_found, rows_found = lines_found[live], rows_found[live]
        pair = rows_found.astype(np.uint64) << np.uint64(32) | lines_found.astype(np.uint64)
        agreeing, counts = counted(pair)  # sorted: by row, then by line
        agreeing = agreeing[counts >= self.min_bands]
        row_of, line_of = (agreeing >> np.uint64(32)).tolist(), (agreeing & np.uint64(0xFFFFFFFF)).tolist()
        for row, line in zip(row_of, line_of, strict=True):
            out.setdefault(row, []).append(line)
        return out

    def resolve(self, rec: DocRecord) -> list[int]:
        """Line ids of an article's rows without learning it (-1: not in the index): its key's
        live line, else the first live line agreeing in enough bands."""
        ids = self.known_lines(rec)
        unknown = [r for r, line in enumerate(ids) if line == UNKNOWN]
        for r, near in zip(unknown, self.near_lines_many(rec.bands[unknown]) if unknown else [], strict=True):
            ids[r] = near[0] if near else -1
        return ids

    # ---- learning ---------------------------------------------------------------------
    def learn_article(self, rec: DocRecord) -> tuple[list[int], int, list[tuple[int, int]]]:
        """Line ids of an article's rows, creating the new lines: (ids, new lines, the joins to
        make, in order). A new line joins the live lines agreeing with it, then the earlier new
        lines of its own article that do (they are not in the tables when the look-up runs)."""
        ids = self.known_lines(rec)
        fresh = [r for r, line in enumerate(ids) if line == UNKNOWN]
        if not fresh:
            return ids, 0, []
        keys = rec.keys.tolist()
        created: dict[int, int] = {}  # exact key -> line id, for lines new in this article
        new_rows: list[int] = []
        for r in fresh:
            line = created.get(keys[r])
            if line is None:  # else the same line twice in one article
                line = created[keys[r]] = len(self.words) + len(new_rows)
                new_rows.append(r)
            ids[r] = line
        bands = rec.bands[new_rows]
        near = self.near_lines_many(bands)
        first = self.uf.make_many(len(new_rows))
        new_ids = list(range(first, first + len(new_rows)))
        self.exact.add_many(rec.keys[new_rows], new_ids)
        self.words.extend(rec.words[new_rows].tolist())
        local = _agreeing_earlier(bands, self.min_bands)
        joins = [
            (line, other)
            for k, line in enumerate(new_ids)
            for other in (near[k] + [new_ids[m] for m in local[k]] if local[k] else near[k])
        ]
        for b, table in enumerate(self.bands):
            table.add_many(bands[:, b], new_ids)
        return ids, len(new_rows), joins

    def learn_rows(
        self, keys: npt.NDArray[np.uint64], words: npt.NDArray[np.uint16], bands: npt.NDArray[np.uint32]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], dict[int, list[int]]] | None:
        """Create the lines of many articles' rows in bulk: line id per row (-1: no words), the
        rows that created new lines, and per new line (by its rank among them) the lines it joins,
        in the order :meth:`learn_article` joins them. None (nothing changed) when a band key is
        shared by too many new lines for the pair search."""
        self.exact.merge()
        for table in self.bands:
            table.merge()
        valid = words > 0
        line_of_row = np.full(len(keys), -1, np.int64)
        found = self.live_first(keys, self.exact.first_many(keys))
        known = valid & (found >= 0)
        line_of_row[known] = found[known]
        unknown = np.flatnonzero(valid & (found < 0))
        _, first_idx, inverse = np.unique(keys[unknown], return_index=True, return_inverse=True)
        order = np.argsort(first_idx, kind="stable")  # new lines in order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        base = len(self.words)
        line_of_row[unknown] = base + rank[inverse.ravel()]
        new_rows = unknown[first_idx[order]]
        fresh = bands[new_rows]
        pairs = _agreeing_pairs(fresh, self.min_bands)
        if pairs is None:
            return None
        joins = self.near_lines_sparse(fresh) if len(new_rows) else {}
        local: dict[int, list[int]] = {}
        for later, earlier in sorted(pairs):
            local.setdefault(later, []).append(base + earlier)
        for k, others in local.items():
            joins[k] = joins.get(k, []) + others
        self.uf.make_many(len(new_rows))
        ids = np.arange(base, base + len(new_rows), dtype=np.uint32)
        self.exact.insert_many(keys[new_rows], ids)
        self.words.extend(words[new_rows].tolist())
        for b, table in enumerate(self.bands):
            table.insert_many(fresh[:, b], ids)
        return line_of_row, new_rows, joins

    def join(self, a: int, b: int) -> tuple[int, int] | None:
        """Join the clusters of lines ``a`` and ``b``; returns their two former roots, or None
        when they were one cluster already."""
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return None
        root = self.uf.union(ra, rb)
        gone = rb if root == ra else ra
        self.members[root] = self.members.pop(root, [root]) + self.members.pop(gone, [gone])
        self.joins += 1
        return ra, rb

    def drop(self, orphans: list[int]) -> None:
        """Free dead lines that no article holds any more (their keys and bands)."""
        dead = np.array(sorted(orphans), np.uint32)
        self.exact.drop_values(dead)
        for table in self.bands:
            table.drop_values(dead)
        gone = set(orphans)
        self.dead -= gone
        for root in {self.uf.find(line) for line in orphans}:
            members = self.members.get(root)
            if members is not None:
                self.members[root] = [m for m in members if m not in gone]

    def nbytes(self) -> int:
        total = self.exact.nbytes() + sum(t.nbytes() for t in self.bands)
        return total + self.uf.nbytes() + len(self.words) * 2 + 100 * len(self.members)

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> tuple[dict[str, npt.NDArray[np.generic]], dict[str, Any]]:
        out: dict[str, npt.NDArray[np.generic]] = {f"exact.{k}": v for k, v in self.exact.to_arrays().items()}
        for b, table in enumerate(self.bands):
            out.update({f"band{b}.{k}": v for k, v in table.to_arrays().items()})
        out["parents"] = self.uf.to_arrays()["parents"]
        out["words"] = np.frombuffer(self.words, np.uint16)
        out.update({f"members.{k}": v for k, v in groups_to_arrays(self.members).items()})
        out["dead"] = np.array(sorted(self.dead), np.uint32)
        return out, {"joins": self.joins}

    @classmethod
    def from_arrays(
        cls, config: Config, arrays: Mapping[str, npt.NDArray[np.generic]], meta: Mapping[str, Any]
    ) -> LineClusters:
        """The clusters :meth:`to_arrays` saved."""

        def part(name: str) -> dict[str, npt.NDArray[np.generic]]:
            return {k[len(name) + 1 :]: v for k, v in arrays.items() if k.startswith(name + ".")}

        out = cls(config)
        out.exact = MultiMap.from_arrays(part("exact"), np.uint64)
        out.bands = [MultiMap.from_arrays(part(f"band{b}"), np.uint32) for b in range(config.bands)]
        out.uf = UnionFind.from_arrays({"parents": arrays["parents"]})
        words = arrays["words"]
        if words.dtype != np.uint16 or len(words) != len(out.uf):
            raise ValueError("line word counts of another type or length than the lines")
        out.words = array("H", words.tobytes())
        out.members = groups_from_arrays(part("members"))
        out.dead = set(arrays["dead"].tolist())
        out.joins = int(meta["joins"])
        return out


def _agreeing_pairs(bands: npt.NDArray[np.uint32], need: int) -> set[tuple[int, int]] | None:
    """(later, earlier) row pairs agreeing in at least ``need`` bands, found through the rows
    that share a key in some band; None when a key is shared by more than _MAX_GROUP rows."""
    candidates: list[npt.NDArray[np.int64]] = []  # (earlier, later) row pairs sharing a key in some band
    for b in range(bands.shape[1]):
        ranked = np.argsort(bands[:, b], kind="stable")  # equal keys: rows in ascending order
        values = bands[ranked, b]
        starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        sizes = np.diff(np.append(starts, len(values)))
        if len(sizes) and int(sizes.max()) > _MAX_GROUP:
            return None
        for size in np.unique(sizes[sizes > 1]).tolist():
            # every group of this size at once: its members as a (groups, size) matrix
            members = ranked[starts[sizes == size][:, None] + np.arange(size)]
            x, y = np.triu_indices(size, k=1)
            candidates.append(np.stack((members[:, x].ravel(), members[:, y].ravel()), axis=1))
    if not candidates:
        return set()
    pairs = np.unique(np.concatenate(candidates), axis=0)
    agree = (bands[pairs[:, 0]] == bands[pairs[:, 1]]).sum(axis=1) >= need
    return set(zip(pairs[agree, 1].tolist(), pairs[agree, 0].tolist(), strict=True))


def _agreeing_earlier(bands: npt.NDArray[np.uint32], need: int) -> list[list[int]]:
    """Per row of band keys: the earlier rows agreeing with it in at least ``need`` bands."""
    n = len(bands)
    out: list[list[int]] = [[] for _ in range(n)]
    if n < 2:
        return out
    if n <= 256:
        agree = (bands[:, None, :] == bands[None, :, :]).sum(axis=2)
        rows, cols = np.nonzero(np.tril(agree >= need, k=-1))
    else:  # large articles: pairs through each band's equal keys, without an n x n grid
        counts: dict[tuple[int, int], int] = {}
        for b in range(bands.shape[1]):
            groups: dict[int, list[int]] = defaultdict(list)
            for r, key in enumerate(bands[:, b].tolist()):
                for earlier in groups[key]:
                    counts[(r, earlier)] = counts.get((r, earlier), 0) + 1
                groups[key].append(r)
        pairs = sorted(pair for pair, c in counts.items() if c >= need)
        rows = np.array([p[0] for p in pairs], np.int64)
        cols = np.array([p[1] for p in pairs], np.int64)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        out[r].append(c)
    return out
