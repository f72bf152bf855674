"""Per story, on the executors: the canonical copies and the far copies, as the index works them
out (:meth:`dedup.index.stories.Stories.canonical` and ``far_copies``), with the same functions
(:func:`dedup.syndication.assign_canonicals`, :func:`~dedup.syndication.priority`,
:func:`~dedup.decisions.story_similarity`).

The members and links of each story arrive together (a repartition by story, sorted within
partitions), and one story at a time is held: its articles' anchors and its links. Short
articles (fewer than two anchors) of one text are all linked to each other: copies within the
syndication window, far copies beyond it, as the index links them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..dates import micros
from ..decisions import micros_within_window, story_similarity
from ..evidence import EXAMPLES
from ..syndication import assign_canonicals, priority

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["STORY_FACTS", "story_facts"]

#: Per article of a story of two or more: its canonical copy (null: none), its far copies.
STORY_FACTS = (
    "art long, canonical string, members long, canon_anchors array<int>, canon_text_key long, "
    "far_count long, far_examples array<string>, story_rows long"
)


def story_facts(articles: DataFrame, labels: DataFrame, links: DataFrame, config: Config) -> DataFrame:
    """Rows of :data:`STORY_FACTS` for the articles of ``labels`` (``art``, ``story``)."""
    from pyspark.sql import functions as F

    members = articles.join(labels, "art").select(
        "story",
        "art",
        "id",
        "published",
        "source",
        "anchors",
        "text_key",
        F.lit(None).cast("long").alias("d"),
        F.lit(None).cast("boolean").alias("copy"),
    )
    linked = links.join(labels.select(F.col("art").alias("e"), "story"), "e").select(
        "story", F.col("e").alias("art"), "d", "copy"
    )
    rows = members.unionByName(linked, allowMissingColumns=True)
    grouped = rows.repartition("story").sortWithinPartitions("story", F.col("d").asc_nulls_first())
    return grouped.mapInArrow(partial(_stories, config=config), STORY_FACTS)


def _stories(batches: Iterable[Any], config: Config) -> Iterator[Any]:
    """mapInArrow over rows sorted by story: one story at a time, its facts."""
    story: list[dict[str, Any]] = []
    current = None
    for batch in batches:
        for row in batch.to_pylist():
            if row["story"] != current and story:
                yield _batch(_one_story(story, config))
                story = []
            current = row["story"]
            story.append(row)
    if story:
        yield _batch(_one_story(story, config))


def _one_story(rows: list[dict[str, Any]], config: Config) -> list[dict[str, Any]]:
    members = {r["art"]: r for r in rows if r["d"] is None}
    copies: dict[int, set[int]] = {a: set() for a in members}
    far: dict[int, set[int]] = {a: set() for a in members}
    links = [(r["art"], r["d"], r["copy"]) for r in rows if r["d"] is not None]
    if any(len(m["anchors"]) < 2 for m in members.values()):  # one text: every two are linked
        days = config.syndication_window_days
        arts = sorted(members)
        when = {a: None if members[a]["published"] is None else micros(members[a]["published"]) for a in arts}
        for k, a in enumerate(arts):
            for b in arts[k + 1 :]:
                ta, tb = when[a], when[b]
                links.append((a, b, days is None or ta is None or tb is None or micros_within_window(ta, tb, days)))
    for e, d, copy in links:
        (copies if copy else far)[e].add(d)
        (copies if copy else far)[d].add(e)
    anchors = {a: frozenset(m["anchors"]) for a, m in members.items()}

    def key(a: int) -> Any:
        m = members[a]
        return priority(m["published"], m["source"], len(anchors[a]), m["id"], config.canonical_sources)

    assignment = assign_canonicals(
        members, key, copies.__getitem__, lambda a, b: story_similarity(anchors[a], anchors[b])
    )
    sizes = Counter(assignment.values())
    out = []
    for a in members:
        c = assignment[a]
        has = len(members) >= 2 and sizes[c] >= 2
        ids = sorted({members[x]["id"] for x in far[a]})
        out.append(
            {
                "art": a,
                "canonical": members[c]["id"] if has else None,
                "members": sizes[c] if has else None,
                "canon_anchors": members[c]["anchors"] if has else None,
                "canon_text_key": members[c]["text_key"] if has else None,
                "far_count": len(far[a]) if far[a] else None,
                "far_examples": ids[:EXAMPLES] if far[a] else None,
                "story_rows": len(rows),
            }
        )
    return out


def _batch(rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    schema = pa.schema(
        [
            ("art", pa.int64()),
            ("canonical", pa.string()),
            ("members", pa.int64()),
            ("canon_anchors", pa.list_(pa.int32())),
            ("canon_text_key", pa.int64()),
            ("far_count", pa.int64()),
            ("far_examples", pa.list_(pa.string())),
            ("story_rows", pa.int64()),
        ]
    )
    return pa.RecordBatch.from_pylist(rows, schema=schema)
