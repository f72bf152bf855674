"""The global step of ``dedup.spark``, distributed: the corpus index's decisions as Spark joins.

Input: one fingerprint record per row (see ``dedup.spark``). Output: per input row, in the
input's partitions and order, the evidence its cleaning needs (:class:`Evidence`), so that each
executor cleans its own partition with :func:`dedup.index.clean_with_evidence`. Nothing but
counts, the newest date and a first error reaches the driver. No task holds a group that grows
with the corpus: such groups (a key's postings, a line cluster's articles, a band bucket) are
streamed through a secondary sort (``repartitionAndSortWithinPartitions``, which spills to
disk) holding only the state the step needs, joins against a table of one row per key are
streamed the same way (:func:`lookup_join`), and aggregates use bounded combiners. What is held
whole is one article's rows, one story (its canonicals), or one band bucket's lines held at
once (their pairs are emitted anyway); see the README, "On Apache Spark".

The steps (each a shuffle of compact tuples, never of the text):

1. **order**: articles deduplicated by id and ranked in learning order (a sort);
2. **lines and line pairs**: the postings of each exact key, in learning order (a secondary
   sort: repartition by key, sort within partitions by (key, rank), one key's state at a time),
   cut into lines: a line dies when every article holding it is forgotten, and the key's next
   posting starts a new line (the index never finds a dead line again). Lines with the very
   same band keys that are held at the same time are joined at once (a star), then one line per
   such run is streamed per (band number, band key) and the pairs agreeing in enough bands and
   both held when the later one arrives are kept, with that time (rank);
3. **line clusters**: connected components of those pairs (large-star / small-star);
4. **timelines**: per line cluster, streamed in learning order, :class:`dedup.index.timeline.TimelineStream`
   replays the clusters as they grow (as the index sees them grow),
   giving each line its label changes and each article its candidate copies (the postings of
   its content clusters at its time);
5. **copies**: candidates counted per pair and pre-filtered (:func:`~dedup.index.decisions.candidate_floor`),
   then verified with :func:`~dedup.index.decisions.same_story` against the clusters of the later
   article's time; stories are the connected components of the copies;
6. **syndication**: per story, :func:`dedup.syndication.assign_canonicals`;
7. **evidence**: per (line cluster, outlet), stories and the smallest doc ids; per line cluster,
   outlets and recurring outlets; joined back to each article's lines;
8. **scatter**: per input row, its article's evidence, partitioned like the input.

Articles forgotten by the end (older than ``retention_days`` before the newest) are cleaned as
the index cleans them: not learned, against the final clusters and the articles still held; a
line of theirs resolves to its key's line if still held, else to the first line held agreeing
in enough bands (by band keys, against the lines held at the end), else to none.
"""

from __future__ import annotations

import math
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import add
from typing import Any

import numpy as np

from .config import Config
from .evidence import EXAMPLES
from .index.decisions import (
    candidate_floor,
    held_at,
    line_evidence,
    min_agreeing_bands,
    retention_seconds,
    same_story,
    within_window,
)
from .index.timeline import TimelineStream, label_at
from .syndication import assign_canonicals, priority

__all__ = ["Evidence", "GlobalStats", "connected_components", "global_step"]

_INF = math.inf
_MAX_ROUNDS = 64


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one article's cleaning needs from the corpus.

    ``labels``: exact key -> line cluster, for keys whose cluster is not the key itself (None: the
    line is in no cluster, for an article forgotten by the end); ``words``: exact key -> the words
    of the line it resolves to, where they are not its own (a similar line, forgotten articles);
    ``lines``: line cluster -> (stories, outlets, examples, recurring outlets) as
    :class:`dedup.index.LineEvidence` fields; ``canonical``: (canonical doc id, members, the
    canonical's content clusters), None when the article has no copies.
    """

    labels: dict[int, int | None]
    lines: dict[int, tuple[int, int, tuple[str, ...], int]]
    canonical: tuple[str, int, frozenset[int]] | None
    words: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GlobalStats:
    """Sizes of the distributed global step."""

    articles: int
    lines: int
    line_pairs: int
    candidate_pairs: int
    copies: int
    forgotten: int


# A fingerprint record: (position (partition, row), doc id, text digest, source, published,
# learning-order stamp, exact keys per row, words per row, band keys per distinct key with words).
Record = tuple[tuple[int, int], str, bytes, str, str | None, float, list[int], list[int], dict[int, tuple[int, ...]]]


def global_step(records: Any, partitions: int, config: Config) -> tuple[Any, Callable[[], GlobalStats]]:
    """Per input row, its :class:`Evidence`: an RDD of ``partitions`` partitions that zips with
    the input rows, and a function to call once that RDD is computed (persisted): it releases the
    step's intermediate RDDs and gives its sizes (counted on the way, with accumulators).
    ``records``: an RDD of :data:`Record` (persisted by the caller). One id and text from two
    outlets is learned once (for the first row in learning order) and each row judged for its
    own outlet, as ``clean_corpus`` does.

    Raises InputFormatError when two different texts share an id, as ``clean_corpus`` does.
    """
    from .errors import InputFormatError

    sc = records.context
    n = max(2, sc.defaultParallelism)
    kept: list[Any] = []  # RDDs persisted on the way, released once the evidence is computed
    shared: list[Any] = []  # broadcasts, the same

    def keep(rdd: Any) -> Any:
        kept.append(rdd)
        return rdd.cache()

    long = config.long_line_words
    need = config.boilerplate_min_stories
    retention = retention_seconds(config)
    min_bands = min_agreeing_bands(config)

    # ---- 1. order ----------------------------------------------------------------------
    def first_of(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
        conflict = a[4] or b[4]
        if conflict is None and a[2] != b[2]:
            conflict = "text"
        best = a if (a[0], a[1]) <= (b[0], b[1]) else b
        return (best[0], best[1], best[2], best[3], conflict, a[5] + b[5])

    def newest_and_conflict(acc: tuple[float, Any], kv: tuple[str, tuple[Any, ...]]) -> tuple[float, Any]:
        return max(acc[0], kv[1][0]), acc[1] or (None if kv[1][4] is None else (kv[0], kv[1][4]))

    def either(a: tuple[float, Any], b: tuple[float, Any]) -> tuple[float, Any]:
        return max(a[0], b[0]), a[1] or b[1]

    # id -> (stamp, winner position, digest, source, conflict, every (position, source))
    ids = keep(records.map(lambda r: (r[1], (r[5], r[0], r[2], r[3], None, ((r[0], r[3]),)))).reduceByKey(first_of, n))
    newest, conflict = ids.aggregate((-_INF, None), newest_and_conflict, either)
    if conflict is not None:
        ids.unpersist()
        raise InputFormatError(f"two different articles share the id {conflict[0]!r}: ids must be unique")
    cutoff = -_INF if retention is None or newest == -_INF else newest - retention

    def forgotten_by_the_end(stamp: float) -> bool:
        return not held_at(stamp, newest, retention)

    forgotten = ids.filter(lambda kv: forgotten_by_the_end(kv[1][0])).count() if cutoff > -_INF else 0
    ranked = ids.map(lambda kv: ((kv[1][0], kv[0]), (kv[1][1], kv[1][5]))).sortByKey(numPartitions=n).zipWithIndex()
    ranked = keep(ranked)
    # The newest stamp before each article: the previous one's (stamps never decrease in learning
    # order); across partitions, from each sorted partition's last stamp (n numbers on the driver).
    tails = dict(ranked.mapPartitionsWithIndex(_last_stamp).collect())

    def with_before(i: int, items: Iterable[Any]) -> Iterator[tuple[Any, tuple[int, Any, float]]]:
        before = max((stamp for j, stamp in tails.items() if j < i), default=-_INF)
        for ((stamp, _id), (pos, positions)), rank in items:
            yield pos, (rank, positions, before)
            before = stamp

    by_pos = ranked.mapPartitionsWithIndex(with_before)  # winner position -> (rank, all positions, before)
    counts = {name: sc.accumulator(0) for name in ("articles", "lines", "pairs", "candidates", "copies")}

    def doc_row(kv: tuple[int, Any]) -> tuple[int, tuple[Any, ...]]:
        rec, (rank, positions, before) = kv[1]
        _pos, doc_id, _digest, source, published, stamp, keys, words, bands = rec
        content = len({k for k, w in zip(keys, words, strict=True) if w >= long})
        dead = forgotten_by_the_end(stamp)
        counts["articles"].add(1)
        return rank, (doc_id, source, published, stamp, before, dead, keys, words, bands, positions, content)

    docs = keep(records.map(lambda r: (r[0], r)).join(by_pos, n).map(doc_row))

    # ---- 2. lines and line pairs -------------------------------------------------------
    # A line is a run of postings of one exact key: when every article holding it is forgotten
    # it is dead (the index never finds it again), and the key's next posting starts a new line
    # (node: the key, plus its generation above 64 bits). Postings are streamed per key in
    # learning order (a secondary sort), holding one key's state at a time.
    def postings_of(kv: tuple[int, tuple[Any, ...]]) -> Iterator[tuple[tuple[int, int], tuple[Any, ...]]]:
        rank, doc = kv
        seen: set[int] = set()
        for row, (key, w) in enumerate(zip(doc[6], doc[7], strict=True)):
            if w and key not in seen:
                seen.add(key)
                yield (key, rank), (w, row, doc[3], doc[4], doc[5])

    def generations(items: Iterable[tuple[tuple[int, int], tuple[Any, ...]]]) -> Iterator[tuple[str, Any]]:
        key: int | None = None
        node = gen = first = row0 = w0 = 0
        best = before0 = -_INF
        kept_bands: tuple[int, ...] = ()
        bands: tuple[int, ...] = ()
        for (k, rank), value in items:
            if rank < 0:  # the key's band keys, sorted before its postings
                if key is not None:
                    yield "node", (node, key, first, row0, best, before0, w0, True, kept_bands)
                    key = None
                bands = value
                continue
            w, row, stamp, before, dead = value
            held = _INF if stamp == -_INF else stamp  # an undated article is never forgotten
            if k == key and held_at(best, before, retention):
                best = max(best, held)
            else:
                if key is not None:  # (node, key, created, its row there, newest stamp, before, words, last, bands)
                    yield "node", (node, key, first, row0, best, before0, w0, k != key, kept_bands)
                gen = gen + 1 if k == key else 0
                key, first, row0, best, before0, w0, kept_bands = k, rank, row, held, before, w, bands
                node = k + (gen << 64) if gen else k
            yield "post", (rank, key, w, node, dead, stamp, before)
        if key is not None:
            yield "node", (node, key, first, row0, best, before0, w0, True, kept_bands)

    from pyspark.rdd import portable_hash

    bands_of = keep(docs.flatMap(lambda kv: kv[1][8].items()).reduceByKey(lambda a, b: a, n))  # key -> band keys
    gens = keep(
        docs.flatMap(postings_of)
        .union(bands_of.map(lambda kb: ((kb[0], -1), kb[1])))
        .repartitionAndSortWithinPartitions(n, lambda kr: portable_hash(kr[0]))
        .mapPartitions(generations)
    )
    nodes = gens.filter(lambda x: x[0] == "node").map(lambda x: x[1])
    posts = gens.filter(lambda x: x[0] == "post").map(lambda x: x[1])  # (rank, key, words, node, dead, stamp, before)
    node_bands = nodes.map(lambda x: (x[8], x[:8]))  # (band keys, line)

    def outlives(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
        """Two lines (node, created, before it, newest stamp) are both in the index once the later arrives."""
        if a[1] > b[1]:
            a, b = b, a
        return a[1] == b[1] or held_at(a[3], b[2], retention)

    def star(items: Iterable[tuple[tuple[Any, int, int], tuple[float, float]]]) -> Iterator[tuple[str, Any]]:
        # Lines with the very same band keys, streamed in learning order (a secondary sort on
        # (band keys, created, node)): each joins the earliest of those still held when it
        # arrives (the lines held at once form runs). Holds one run's lead.
        bands: Any = None
        lead: tuple[Any, ...] | None = None
        best = -_INF
        seen = 0
        for (signature, created, node), (newest_, before) in items:
            seen += 1
            if signature != bands:
                if lead is not None:
                    yield "rep", ((lead[0], lead[1], lead[2], best), bands)
                bands, lead = signature, None
            if lead is not None and held_at(best, before, retention):
                yield "edge", (lead[0], node, created)
                best = max(best, newest_)
                continue
            if lead is not None:
                yield "rep", ((lead[0], lead[1], lead[2], best), bands)
            lead, best = (node, created, before), newest_
        if lead is not None:
            yield "rep", ((lead[0], lead[1], lead[2], best), bands)
        counts["lines"].add(seen)

    signatures = keep(
        node_bands.map(lambda nb: ((nb[0], nb[1][2], nb[1][0]), (nb[1][4], nb[1][5])))
        .repartitionAndSortWithinPartitions(n, lambda k: portable_hash(k[0]))
        .mapPartitions(star)
    )

    def bucket_pairs(items: Iterable[tuple[tuple[Any, ...], tuple[Any, ...]]]) -> Iterator[tuple[Any, Any]]:
        # One (band, band key) bucket's lines, streamed in learning order: each pairs with the
        # earlier ones still held when it arrives (a line whose holders are all forgotten before
        # then can pair with no later line either), so only those are held.
        bucket: Any = None
        live: list[tuple[Any, ...]] = []
        for (b, key, created, node), (before, best) in items:
            if (b, key) != bucket:
                bucket, live = (b, key), []
            line = (node, created, before, best)
            if retention is not None:
                live = [x for x in live if x[1] == created or held_at(x[3], before, retention)]
            for x in live:
                yield ((x[0], node), (1, x, line)) if x[0] < node else ((node, x[0]), (1, line, x))
            live.append(line)

    reps = signatures.filter(lambda x: x[0] == "rep").map(lambda x: x[1])
    banded = (
        reps.flatMap(lambda r: (((b, key, r[0][1], r[0][0]), (r[0][2], r[0][3])) for b, key in enumerate(r[1])))
        .repartitionAndSortWithinPartitions(n, lambda k: portable_hash((k[0], k[1])))
        .mapPartitions(bucket_pairs)
        .reduceByKey(lambda a, b: (a[0] + b[0], a[1], a[2]), n)
        .filter(lambda kv: kv[1][0] >= min_bands and outlives(kv[1][1], kv[1][2]))
        .map(lambda kv: (kv[0][0], kv[0][1], max(kv[1][1][1], kv[1][2][1])))
    )
    edges = keep(signatures.filter(lambda x: x[0] == "edge").map(lambda x: x[1]).union(banded))

    # ---- 3. line clusters --------------------------------------------------------------
    cluster_of = keep(connected_components(edges.map(lambda e: (e[0], e[1])), n))

    # ---- 4. timelines ----------------------------------------------------------------------
    placed = (
        lookup_join(posts.map(lambda p: (p[3], p)), cluster_of, n, outer=True)
        .map(lambda kv: (*kv[1][0][:3], kv[0] if kv[1][1] is None else kv[1][1], kv[0], *kv[1][0][4:]))
        .persist()
    )  # (rank, key, words, cluster, node, forgotten, stamp, newest stamp before)
    kept.append(placed)
    # Articles forgotten by the end are cleaned against the final index: a line of theirs is the
    # key's line if still held, else the first line held agreeing in enough bands, else none.
    resolved = sc.emptyRDD()  # (rank, key, own words, cluster or None, words of that line, that line)
    if forgotten:
        lost = placed.filter(lambda p: p[5]).map(lambda p: (p[1], (p[0], p[2])))  # key -> (rank, words)
        last_held = nodes.filter(lambda x: x[7] and x[4] >= cutoff).map(lambda x: (x[1], x[0]))
        looked = lookup_join(lost, last_held, n, outer=True).persist()
        kept.append(looked)
        exact = looked.filter(lambda kv: kv[1][1] is not None).map(
            lambda kv: (kv[1][1], (kv[1][0][0], kv[0], kv[1][0][1], kv[1][0][1]))
        )
        unmatched = looked.filter(lambda kv: kv[1][1] is None).map(lambda kv: (kv[0], kv[1][0]))
        probes = unmatched.map(lambda kv: (kv[0], None)).distinct(n).join(bands_of, n)
        asked_bands = keep(probes.flatMap(lambda kv: (((b, k, 0, kv[0]), None) for b, k in enumerate(kv[1][1]))))
        # Only the buckets with an asked key matter: the held lines' rows are first filtered by a
        # fixed-size bitmap of those buckets (one hash; a false positive only costs a row).
        asked_map = sc.broadcast(asked_bands.mapPartitions(_bucket_bitmap).reduce(np.bitwise_or))
        shared.append(asked_map)
        held_bands = node_bands.filter(lambda nb: nb[1][4] >= cutoff).flatMap(
            lambda nb: (
                ((b, k, 1, nb[1][0]), (nb[1][2], nb[1][3], nb[1][0], nb[1][6]))
                for b, k in enumerate(nb[0])
                if _in_bitmap(asked_map.value, b, k)
            )
        )

        def near_pairs(items: Iterable[tuple[tuple[Any, ...], Any]]) -> Iterator[tuple[Any, Any]]:
            # One bucket streamed, its asked keys first: holds those, not the bucket's lines.
            bucket: Any = None
            asked_: list[int] = []
            for (b, k, kind, x), line in items:
                if (b, k) != bucket:
                    bucket, asked_ = (b, k), []
                if kind == 0:
                    asked_.append(x)
                else:
                    for q in asked_:
                        yield (q, line[2]), (1, line)

        near = (
            asked_bands.union(held_bands)
            .repartitionAndSortWithinPartitions(n, lambda k: portable_hash((k[0], k[1])))
            .mapPartitions(near_pairs)
            .reduceByKey(lambda a, b: (a[0] + b[0], a[1]), n)
            .filter(lambda kv: kv[1][0] >= min_bands)
            .map(lambda kv: (kv[0][0], kv[1][1]))
            .reduceByKey(min, n)
        )  # key -> (created, row, node, words) of the first line held agreeing with it
        nearest = keep(lookup_join(unmatched, near, n, outer=True))
        by_node = exact.union(
            nearest.filter(lambda kv: kv[1][1] is not None).map(
                lambda kv: (kv[1][1][2], (kv[1][0][0], kv[0], kv[1][0][1], kv[1][1][3]))
            )
        )
        resolved = (
            lookup_join(by_node, cluster_of, n, outer=True)
            .map(lambda kv: (*kv[1][0][:3], kv[0] if kv[1][1] is None else kv[1][1], kv[1][0][3], kv[0]))
            .union(
                nearest.filter(lambda kv: kv[1][1] is None).map(
                    lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], None, 0, None)
                )
            )
            .persist()
        )
        kept.append(resolved)
    # Streamed per line cluster in learning order (a secondary sort on (cluster, time, kind)):
    # at each time its new edges, then the article's postings; the forgotten articles' resolved
    # lines last. TimelineStream holds the cluster's lines and a bounded tail of its postings.
    last = 1 << 62
    timed = placed.map(lambda p: ((p[3], p[0], 1, p[4], 0), (p[2], p[6], p[7])))
    finals = resolved.filter(lambda r: r[3] is not None).map(lambda r: ((r[3], last, 2, r[5], r[0]), None))

    def edge_item(kv: tuple[int, Any]) -> tuple[tuple[int, int, int, int, int], None]:
        counts["pairs"].add(1)
        a, b, t = kv[1][0]
        return (kv[1][1], t, 0, a, b), None

    edge_items = lookup_join(edges.map(lambda e: (e[0], e)), cluster_of, n).map(edge_item)

    def replay(items: Iterable[tuple[tuple[int, int, int, int, int], Any]]) -> Iterator[tuple[str, Any]]:
        stream: TimelineStream | None = None
        cluster: int | None = None
        article: tuple[int, float, float] | None = None
        lines: list[tuple[int, int]] = []
        final_post: list[tuple[int, int]] = []

        def flush() -> Iterator[tuple[str, Any]]:
            assert stream is not None and article is not None
            found, roots, unlisted = stream.article(*article, lines)
            for e in found:
                yield "held", (article[0], e)
            if roots:
                yield "roots", (article[0], (roots, unlisted))

        def finish() -> Iterator[tuple[str, Any]]:
            assert stream is not None
            held, roots = stream.final(cutoff, final_post)
            for pair in held:
                yield "fheld", pair
            for d, k, u in roots:
                yield "froots", (d, (k, u))
            for key, history in stream.histories.items():
                yield "h", (key, history)

        for (c, t, kind, a, b), value in items:
            if article is not None and (c != cluster or kind != 1 or t != article[0]):
                yield from flush()
                article = None
            if c != cluster:
                if stream is not None:
                    yield from finish()
                stream, cluster, final_post = TimelineStream(long, retention, config.copy_candidate_postings), c, []
            assert stream is not None
            if kind == 0:
                stream.edges(t, ((a, b),))
            elif kind == 1:
                if article is None:
                    article, lines = (t, value[1], value[2]), []
                lines.append((a, value[0]))
            else:
                final_post.append((a, b))
        if article is not None:
            yield from flush()
        if stream is not None:
            yield from finish()

    timelines = keep(
        timed.union(edge_items)
        .union(finals)
        .repartitionAndSortWithinPartitions(n, lambda k: portable_hash(k[0]))
        .mapPartitions(replay)
    )

    # ---- 5. copies -------------------------------------------------------------------
    def candidates(held_tag: str, roots_tag: str) -> Any:
        held = timelines.filter(lambda x: x[0] == held_tag).map(lambda x: (x[1], 1)).reduceByKey(add, n)
        roots = (
            timelines.filter(lambda x: x[0] == roots_tag)
            .map(lambda x: x[1])
            .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]), n)
        )
        return (
            held.map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
            .join(roots, n)
            .filter(lambda kv: kv[1][0][1] + kv[1][1][1] >= candidate_floor(kv[1][1][0], config))
            .map(lambda kv: (kv[0], kv[1][0][0]))
        )

    cands = candidates("held", "roots").map(lambda p: (p, True))
    if forgotten:  # forgotten articles are matched again, without being learned
        cands = cands.union(candidates("fheld", "froots").map(lambda p: (p, False)))
    histories = (
        lookup_join(
            placed.map(lambda p: (p[4], (p[0], p[1]))), timelines.filter(lambda x: x[0] == "h").map(lambda x: x[1]), n
        )
        .map(lambda kv: (kv[1][0][0], (kv[1][0][1], (kv[0], kv[1][1]))))
        .union(placed.filter(lambda p: p[4] != p[1]).map(lambda p: (p[0], (p[1], (p[4], None)))))
        .groupByKey(n)
        .mapValues(_node_map)
    )  # rank -> {key: (its line there, label history)} for keys whose line is not the key or has a history
    info = keep(
        docs.mapValues(lambda d: (d[2], d[6], d[7]))
        .leftOuterJoin(histories, n)
        .mapValues(lambda v: (*v[0], v[1]))
        .leftOuterJoin(resolved.map(lambda r: (r[0], (r[1], (r[3], r[4])))).groupByKey(n).mapValues(dict), n)
        .mapValues(lambda v: (*v[0], v[1]))
    )  # rank -> (published, keys, words, lines, resolved lines (forgotten by the end))
    window = config.syndication_window_days

    def verify(item: tuple[int, Any]) -> Iterator[tuple[tuple[int, int], bool]]:
        _e, (((d, learned), (pub_d, keys_d, words_d, lines_d, res_d)), (pub_e, keys_e, words_e, lines_e, _)) = item
        counts["candidates"].add(1)
        if not within_window(pub_d, pub_e, window):
            return
        t = d if learned else _INF
        if learned:
            rows_d = [(_label(k, lines_d, t), w) for k, w in _distinct(keys_d, words_d)]
        else:  # every row, as the lines they resolve to in the final index
            found = [(res_d or {}).get(k, (None, 0)) for k, w in zip(keys_d, words_d, strict=True) if w]
            rows_d = [(lab, w) for lab, w in found if lab is not None]
        a_all = [lab for lab, _ in rows_d]
        a = [lab for lab, w in rows_d if w >= long]
        rows_e = _distinct(keys_e, words_e)
        b_all = [_label(k, lines_e, t) for k, _ in rows_e]
        b = [lab for lab, (_, w) in zip(b_all, rows_e, strict=True) if w >= long]
        if same_story(a, b, a_all, lambda: set(b_all), config):
            counts["copies"].add(learned)
            yield (d, _e), learned

    checked = (
        lookup_join(
            lookup_join(cands.map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))), info, n).map(
                lambda kv: (kv[1][0][0], ((kv[0], kv[1][0][1]), kv[1][1]))
            ),
            info,
            n,
        )
        .flatMap(verify)
        .persist()
    )
    kept.append(checked)
    copies = keep(checked.filter(lambda kv: kv[1]).map(lambda kv: kv[0]))  # (later, earlier)
    story_of = keep(connected_components(copies, n))  # rank -> smallest rank of its story

    # ---- 6. syndication --------------------------------------------------------------
    sources = config.canonical_sources
    meta = keep(
        docs.mapValues(lambda d: (d[0], d[1], d[5], priority(d[2], d[1], d[10], d[0], sources)))
        .leftOuterJoin(story_of, n)
        .mapValues(lambda v: (*v[0], v[1]))
    )  # rank -> (id, source, dead, priority, story)
    members = meta.map(lambda kv: (kv[0] if kv[1][4] is None else kv[1][4], ("m", kv[0], kv[1][2], kv[1][3])))
    links = copies.join(story_of, n).map(lambda kv: (kv[1][1], ("c", kv[0], kv[1][0])))

    def assign(group: tuple[int, Iterable[tuple[Any, ...]]]) -> Iterator[tuple[int, tuple[int, int, int, int]]]:
        story, items = group
        prio: dict[int, Any] = {}
        pairs: set[tuple[int, int]] = set()
        for item in items:
            if item[0] == "m":
                if not item[2]:
                    prio[item[1]] = item[3]
            else:
                pairs.add((item[1], item[2]))
                pairs.add((item[2], item[1]))
        assignment = assign_canonicals(prio, prio.__getitem__, lambda a, b: (a, b) in pairs)
        sizes: dict[int, int] = {}
        for c in assignment.values():
            sizes[c] = sizes.get(c, 0) + 1
        for m, c in assignment.items():
            yield m, (story, c, sizes[c], len(prio))

    # live rank -> (story, canonical, its canonical's members, live members of the story)
    placement = keep(members.union(links).groupByKey(n).flatMap(assign))
    learned_syn = placement.filter(lambda kv: kv[1][3] >= 2).map(lambda kv: (kv[0], (kv[1][1], kv[1][2])))

    def unlearned(group: tuple[int, Iterable[tuple[int, tuple[int, int, int, int], Any]]]) -> Iterator[Any]:
        d, found = group
        copies_ = sorted(found, key=lambda x: x[0])
        story0 = copies_[0][1][0]
        story = min(c[1][0] for c in copies_)
        direct = [(c[2], c[0], c[1][2]) for c in copies_ if c[1][0] == story0 and c[1][1] == c[0]]
        yield "story", (d, story)
        if direct:
            _, canonical, size = min(direct)
            yield "syn", (d, (canonical, size + 1))

    syn = learned_syn
    forgotten_story = sc.emptyRDD()
    if forgotten:
        copied = checked.filter(lambda kv: not kv[1]).map(lambda kv: (kv[0][1], kv[0][0]))
        found = (
            lookup_join(lookup_join(copied, placement, n), meta.mapValues(lambda m: m[3]), n)
            .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1])))
            .groupByKey(n)
            .flatMap(unlearned)
            .persist()
        )
        kept.append(found)
        forgotten_story = found.filter(lambda x: x[0] == "story").map(lambda x: x[1])
        syn = syn.union(found.filter(lambda x: x[0] == "syn").map(lambda x: x[1]))
    content = placed.filter(lambda p: p[2] >= long).map(lambda p: (p[0], p[3])).groupByKey(n).mapValues(frozenset)
    canonical_of = lookup_join(
        syn.map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))),
        meta.mapValues(lambda m: m[0]).leftOuterJoin(content, n),
        n,
    ).map(lambda kv: (kv[1][0][0], ("syn", (kv[1][1][0], kv[1][0][1], kv[1][1][1] or frozenset()))))

    # ---- 7. evidence -------------------------------------------------------------------
    # rank -> (source, id, dead, learned story or None, story when forgotten, its own source)
    if forgotten:
        asked = meta.leftOuterJoin(forgotten_story, n).mapValues(
            lambda v: (v[0][1], v[0][0], v[0][2], v[0][4], v[1], True)
        )
    else:
        asked = meta.mapValues(lambda m: (m[1], m[0], m[2], m[4], None, True))
    # One id and text from other outlets too: learned once (for the first row's outlet), and each
    # row judged for its own outlet, as the index judges it (the article counted for the first only).
    foreign = docs.flatMap(lambda kv: ((kv[0], s) for s in {s for _, s in kv[1][9]} if s != kv[1][1]))
    asked = asked.union(foreign.join(asked, n).mapValues(lambda v: (v[0], *v[1][1:5], False)))
    where = (
        placed.filter(lambda p: not p[5])
        .map(lambda p: (p[0], p[3]))
        .union(resolved.filter(lambda r: r[3] is not None).map(lambda r: (r[0], r[3])))
        .distinct(n)
        .join(asked, n)
    )  # rank -> (cluster, asked)
    best = (
        where.filter(lambda kv: kv[1][1][5] and not kv[1][1][2])
        .map(lambda kv: ((kv[1][0], kv[1][1][0], kv[0] if kv[1][1][3] is None else kv[1][1][3]), kv[1][1][1]))
        .reduceByKey(min, n)
        .persist()
    )  # (cluster, outlet, story) -> smallest doc id, over articles still held
    kept.append(best)

    def top(acc: tuple[int, list[tuple[str, int]]], item: tuple[str, int]) -> tuple[int, list[tuple[str, int]]]:
        return acc[0] + 1, sorted([*acc[1], item])[: EXAMPLES + 1]

    def merge(a: tuple[int, list[tuple[str, int]]], b: tuple[int, list[tuple[str, int]]]) -> Any:
        return a[0] + b[0], sorted(a[1] + b[1])[: EXAMPLES + 1]

    per_outlet = (
        best.map(lambda kv: ((kv[0][0], kv[0][1]), (kv[1], kv[0][2]))).aggregateByKey((0, []), top, merge, n).persist()
    )  # (cluster, outlet) -> (stories, smallest (doc id, story))
    kept.append(per_outlet)
    per_cluster = per_outlet.map(lambda kv: (kv[0][0], (1, int(kv[1][0] >= need)))).reduceByKey(
        lambda a, b: (a[0] + b[0], a[1] + b[1]), n
    )  # cluster -> (outlets, recurring outlets)

    def ask(kv: tuple[int, Any]) -> tuple[Any, Any]:
        rank, (cluster, (source, _id, dead, story, forgotten_story_, own)) = kv
        mine = forgotten_story_ if dead else (rank if story is None else story)
        return (cluster, source), (rank, cluster, dead, mine, (cluster, source, mine), source, own)

    def judge_line(kv: tuple[Any, Any]) -> tuple[int, tuple[str, Any]]:
        (rank, cluster, dead, story, _, source, _own), (here, (outlets, recurring), story_here) = kv[1]
        n_here, smallest = here
        examples = [doc_id for doc_id, s in smallest if s != story]
        return rank, (
            "line",
            (
                source,
                cluster,
                line_evidence(
                    n_here,
                    story_here,
                    examples,
                    outlets,
                    recurring,
                    learned=not dead,
                    story_known=story is not None,
                    outlet_here=n_here > 0,
                    need=need,
                ),
            ),
        )

    asks = where.map(ask)
    # Every ask meets its (line cluster, outlet) and its line cluster (one row each, streamed).
    judged = lookup_join(
        lookup_join(asks, per_outlet, n, outer=True).map(lambda kv: (kv[1][0][1], (kv[1][0], kv[1][1] or (0, [])))),
        per_cluster,
        n,
        outer=True,
    ).map(lambda kv: (kv[1][0][0], kv[1][0][1], kv[1][1] or (0, 0)))  # (ask, here, (outlets, recurring))
    line_items = judged.filter(lambda x: x[0][6] and not x[0][2]).map(
        lambda x: judge_line((None, (x[0], (x[1], x[2], True))))
    )
    # Forgotten articles, and rows of another outlet: asked without being counted.
    lost = judged.filter(lambda x: x[0][2] or not x[0][6]).map(lambda x: (x[0][4], x))
    lost_lines = lookup_join(lost, best, n, outer=True).map(
        lambda kv: (None, (kv[1][0][0], (kv[1][0][1], kv[1][0][2], kv[1][1] is not None)))
    )
    line_items = line_items.union(lost_lines.map(judge_line))

    # ---- 8. scatter ------------------------------------------------------------------------
    label_items = placed.filter(lambda p: not p[5] and p[3] != p[1]).map(lambda p: (p[0], ("label", (p[1], p[3]))))
    if forgotten:
        label_items = label_items.union(
            resolved.filter(lambda r: r[3] != r[1]).map(lambda r: (r[0], ("label", (r[1], r[3]))))
        ).union(resolved.filter(lambda r: r[4] != r[2]).map(lambda r: (r[0], ("words", (r[1], r[4])))))
    pos_items = docs.flatMap(lambda kv: ((kv[0], ("pos", at)) for at in kv[1][9]))  # ((partition, row), source)

    def blob(group: tuple[int, Iterable[tuple[str, Any]]]) -> Iterator[tuple[tuple[int, int], Evidence]]:
        labels: dict[int, int | None] = {}
        words: dict[int, int] = {}
        evidence: dict[Any, dict[int, tuple[int, int, tuple[str, ...], int]]] = {}  # per outlet asked
        canonical: tuple[str, int, frozenset[int]] | None = None
        positions: list[tuple[tuple[int, int], Any]] = []
        for kind, item in group[1]:
            if kind == "line":
                evidence.setdefault(item[0], {})[item[1]] = item[2]
            elif kind == "label":
                labels[item[0]] = item[1]
            elif kind == "words":
                words[item[0]] = item[1]
            elif kind == "syn":
                canonical = item
            else:
                positions.append(item)
        for (p, k), source in positions:
            yield (p, k), Evidence(labels, evidence.get(source, {}), canonical, words)

    scattered = (
        line_items.union(label_items)
        .union(canonical_of)
        .union(pos_items)
        .groupByKey(n)
        .flatMap(blob)
        .repartitionAndSortWithinPartitions(partitions, _first)  # to the input's partition, in its row order
        .values()
    )

    def stats() -> GlobalStats:
        for rdd in kept:
            rdd.unpersist()
        for value in shared:
            value.unpersist()
        value = {k: int(acc.value) for k, acc in counts.items()}
        return GlobalStats(
            value["articles"], value["lines"], value["pairs"], value["candidates"], value["copies"], forgotten
        )

    return scattered, stats


_BITMAP_BITS = 1 << 23  # 1 MiB: a false positive rate of 0.6% for 50,000 asked buckets


def _bucket_bitmap(items: Iterable[tuple[tuple[int, int, int, int], None]]) -> Iterator[Any]:
    """A bitmap of the (band, band key) buckets of a partition's rows."""
    bits = np.zeros(_BITMAP_BITS // 8, np.uint8)
    where = np.fromiter((hash((b, k)) % _BITMAP_BITS for (b, k, _, _), _ in items), np.int64)
    np.bitwise_or.at(bits, where >> 3, (1 << (where & 7)).astype(np.uint8))
    yield bits


def _in_bitmap(bits: Any, b: int, k: int) -> bool:
    h = hash((b, k)) % _BITMAP_BITS
    return bool(bits[h >> 3] >> (h & 7) & 1)


def _last_stamp(i: int, items: Iterable[Any]) -> Iterator[tuple[int, float]]:
    """(partition, the stamp of its last ranked article), for a partition that has one."""
    last = deque(items, maxlen=1)
    if last:
        yield i, last[0][0][0][0]


def _first(item: tuple[int, Any]) -> int:
    return item[0]


def _node_map(items: Iterable[tuple[int, tuple[int, Any]]]) -> dict[int, tuple[int, Any]]:
    out: dict[int, tuple[int, Any]] = {}
    for key, (node, history) in items:
        if history is not None or key not in out:
            out[key] = (node, history)
    return out


def _label(key: int, lines: dict[int, tuple[int, Any]] | None, t: float) -> int:
    """The cluster label at time ``t`` of an article's line of ``key`` (see :func:`_node_map`)."""
    node, history = (lines or {}).get(key, (key, None))
    return label_at(node, history, t)


def _distinct(keys: list[int], words: list[int]) -> list[tuple[int, int]]:
    """(key, words) of an article's distinct lines with words, in order."""
    return list({k: w for k, w in zip(keys, words, strict=True) if w}.items())


_MISSING = object()


def lookup_join(many: Any, table: Any, partitions: int, outer: bool = False) -> Any:
    """``many.join(table)`` (``leftOuterJoin`` when ``outer``: None for a key the table lacks)
    for a ``table`` with one row per key, streamed: rows of both sorted by (hash of the key,
    table row first) within partitions, so one key's table value is held, never one key's rows
    of ``many`` (pyspark's join lists every value of a key: a banner line's postings).
    Keys need only be hashable (such as (cluster, outlet) with no outlet).
    """
    from pyspark.rdd import portable_hash

    tagged = table.map(lambda kv: ((kv[0], 0), kv[1])).union(many.map(lambda kv: ((kv[0], 1), kv[1])))

    def walk(items: Iterable[tuple[tuple[Any, int], Any]]) -> Iterator[tuple[Any, tuple[Any, Any]]]:
        here: dict[Any, Any] = {}  # the table rows of the current hash (colliding keys: a few)
        h = None
        for (key, tag), value in items:
            hk = portable_hash(key)
            if hk != h:
                h, here = hk, {}
            if tag == 0:
                here[key] = value
                continue
            found = here.get(key, _MISSING)
            if found is not _MISSING:
                yield key, (value, found)
            elif outer:
                yield key, (value, None)

    with _caller_site(many.context):
        return tagged.repartitionAndSortWithinPartitions(
            partitions, lambda k: portable_hash(k[0]), keyfunc=lambda k: (portable_hash(k[0]), k[1])
        ).mapPartitions(walk)


@contextmanager
def _caller_site(sc: Any) -> Iterator[None]:
    """Name the Spark stages created inside after the caller's caller's line (as the Spark UI
    names stages after the user code that made them), not after this module's helper."""
    from pyspark.traceback_utils import SCCallSiteSync

    frame = sys._getframe(3)
    outer = SCCallSiteSync._spark_stack_depth == 0
    if outer:
        sc._jsc.setCallSite(f"lookup_join at {os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}")
    SCCallSiteSync._spark_stack_depth += 1
    try:
        yield
    finally:
        SCCallSiteSync._spark_stack_depth -= 1
        if outer:
            sc._jsc.setCallSite(None)


# ---- 9. connected components (of steps 3 and 5) ------------------------------------------
def connected_components(edges: Any, partitions: int) -> Any:
    """(node, smallest node of its component) for every node of an RDD of (node, node) edges,
    by alternating large-star and small-star rounds (Kiveris et al., 2014), as text-dedup does.

    Two shuffles and one job a round, each a secondary sort by (node, neighbour) streamed: a
    node's neighbours are never held (a component's smallest node has them all by the end). A
    round that changes no edge ends the loop (counted with an accumulator: a retried task can
    only count more changes, so never ends it early).
    Nodes must be comparable; nodes alone in their component with no edge are left out.
    """
    from pyspark.rdd import portable_hash

    sc = edges.context

    def both(e: tuple[Any, Any]) -> list[tuple[tuple[Any, Any], None]]:
        return [((e[0], e[1]), None), ((e[1], e[0]), None)]

    def by_node(rdd: Any) -> Any:
        """(node, neighbour) pairs, each node's neighbours in order in one partition (a secondary sort)."""
        return rdd.repartitionAndSortWithinPartitions(partitions, lambda k: portable_hash(k[0]))

    current = edges.filter(lambda e: e[0] != e[1]).map(lambda e: (max(e), min(e))).cache()
    for _ in range(_MAX_ROUNDS):
        changes = sc.accumulator(0)

        def large_star(items: Iterable[tuple[tuple[Any, Any], None]], changes: Any = changes) -> Iterator[Any]:
            # Each node's larger neighbours are linked to the smallest of its neighbourhood.
            node = smallest = last = None
            changed = 0
            for (u, v), _ in items:
                if u != node:
                    node, smallest, last = u, min(u, v), None  # v: u's smallest neighbour
                if v > u and v != last:
                    changed += smallest < u
                    yield (v, smallest), None
                last = v
            changes.add(changed)

        def small_star(items: Iterable[tuple[tuple[Any, Any], None]], changes: Any = changes) -> Iterator[Any]:
            # Each node and its smaller neighbours are linked to the smallest of them.
            node = smallest = last = None
            changed = 0
            for (v, u), _ in items:
                if v != node:
                    node, smallest, last = v, u, u  # u: v's smallest neighbour, smaller than v
                    yield (v, u)
                elif u != last:
                    changed += 1
                    yield (u, smallest)
                    last = u
            changes.add(changed)

        step = by_node(by_node(current.flatMap(both)).mapPartitions(large_star)).mapPartitions(small_star).cache()
        step.count()
        current.unpersist()
        current = step
        if changes.value == 0:
            break
    leaves = current.distinct(partitions)
    found = leaves.union(leaves.map(lambda e: (e[1], e[1])).distinct(partitions)).cache()
    found.count()
    current.unpersist()
    return found
