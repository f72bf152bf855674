"""dedup.spark on a local[2] Spark: the same results as clean_corpus, field by field.

Every test here starts or uses a Spark session (5-35 s each), so the module is marked slow: the
README's test command leaves it out and .ci/run runs it. The real articles (research data, not
ours to commit) are read from $DEDUP_DATA (see tests/realdata.py); the test using them skips,
saying how to point at them, when they are absent.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "pyspark", reason="the Spark tests need the spark extra: pip install -e '.[test,spark]' (and Java 17)"
)

import dedup
from dedup.cli import main
from dedup.prepare import prepare
from dedup.spark import clean_dataframe, clean_dataframe_with_stats, result_dict, spark_session
from tests.corpora import corpus, months, paragraph, rewrapped
from tests.realdata import csv_docs, needs_helsinki

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
COLUMNS = ("id", "source", "published", "text")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session(
        "local[2]",
        {
            "spark.ui.enabled": "false",
            "spark.sql.shuffle.partitions": "4",
            "spark.sql.session.timeZone": "UTC",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def seed_docs() -> list[dict[str, Any]]:
    return [
        {"id": p.name, "source": None, "published": None, "text": p.read_text(encoding="utf-8")}
        for p in sorted(SEEDS.glob("*.txt"))
    ]


def frame(spark: Any, docs: list[dict[str, Any]], partitions: int = 4) -> Any:
    """A DataFrame of string columns whose row order is the list's, over several partitions."""
    from pyspark.sql import types as T

    schema = T.StructType([T.StructField(c, T.StringType()) for c in COLUMNS])
    rdd = spark.sparkContext.parallelize([tuple(d.get(c) for c in COLUMNS) for d in docs], partitions)
    return spark.createDataFrame(rdd, schema)


def as_json(x: Any) -> Any:
    return json.loads(json.dumps(x, ensure_ascii=False))


def expected(docs: list[dict[str, Any]], config: dedup.Config | None = None) -> list[dict[str, Any]]:
    return [as_json(r.to_dict()) for r in dedup.clean_corpus(docs, config)]


def assert_same(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert [g["id"] for g in got] == [w["id"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert set(g) == set(w)
        diff = [k for k in w if g[k] != w[k]]
        assert not diff, f"{w['id']}: fields {diff} differ from clean_corpus"


def test_seeds_give_the_same_results_as_clean_corpus(spark: Any) -> None:
    docs = seed_docs()
    want = expected(docs)
    got = [result_dict(r) for r in clean_dataframe(frame(spark, docs, partitions=3)).collect()]
    assert_same(got, want)
    assert any(r["rule"] == "banner" for w in want for r in w["removals"])  # the corpus rules did work


@needs_helsinki
def test_real_articles_give_the_same_results_as_clean_corpus_every_field(spark: Any) -> None:
    # Seeds, 612 articles of July 2018 from 75 outlets, and 36 of June 2018, half before and
    # half after in the input.
    spotify = csv_docs("spotify")
    docs = spotify[:18] + seed_docs() + csv_docs("helsinki") + spotify[18:]
    want = expected(docs)
    out, stats = clean_dataframe_with_stats(frame(spark, docs, partitions=5))
    got = [result_dict(r) for r in out.collect()]
    assert_same(got, want)
    assert stats.articles == len(docs) and stats.lines > 10_000 and stats.method == "distributed"
    # The comparison covers every kind of verdict.
    assert sum(1 for w in want if w["duplicate_of"]) > 50
    assert {r["rule"] for w in want for r in w["removals"]} == {"repeat", "template", "credit", "boilerplate", "banner"}


def test_months_of_articles_give_the_same_results_as_clean_corpus(spark: Any) -> None:
    # Outlets publishing in bursts over five months: copies only within the syndication window.
    docs = months()
    out, _ = clean_dataframe_with_stats(frame(spark, docs))
    want = expected(docs)
    assert_same([result_dict(r) for r in out.collect()], want)
    assert any(w["duplicate_of"] for w in want) and any(w["removals"] for w in want)


def test_copies_in_other_layouts_and_an_archive_over_a_year_give_the_same_results(spark: Any) -> None:
    docs = rewrapped()
    want = expected(docs)
    assert_same([result_dict(r) for r in clean_dataframe(frame(spark, docs, partitions=3)).collect()], want)
    assert sum(1 for w in want if w["duplicate_of"]) == 4 and sum(len(w["removals"]) for w in want) == 40


def test_a_rule_config_and_missing_ids_and_sources_are_handled_as_in_clean_corpus(spark: Any) -> None:
    docs = [{**d, "id": None, "source": None} for d in corpus()] + seed_docs()
    config = dedup.Config(boilerplate_min_stories=2, rules=("repeat", "banner", "boilerplate"))
    want = expected(docs, config)
    df = frame(spark, docs).drop("source")
    got = [result_dict(r) for r in clean_dataframe(df, source_col=None, config=config).collect()]
    assert_same(got, want)
    assert all(w["id"].startswith("sha-") for w in want[: len(corpus())])


def test_timestamps_give_the_results_of_the_same_instants(spark: Any) -> None:
    start = datetime(2018, 7, 16, 9, 0, tzinfo=timezone.utc)
    docs = [{**d, "published": start + timedelta(hours=5 * k)} for k, d in enumerate(corpus())]
    from pyspark.sql import types as T

    schema = T.StructType(
        [
            T.StructField("id", T.StringType()),
            T.StructField("source", T.StringType()),
            T.StructField("published", T.TimestampType()),
            T.StructField("text", T.StringType()),
        ]
    )
    df = spark.createDataFrame([tuple(d.get(c) for c in COLUMNS) for d in docs], schema)
    want = expected(docs)
    assert_same([result_dict(r) for r in clean_dataframe(df).collect()], want)
    assert any(w["duplicate_of"] for w in want)


def test_bad_input_raises_dedup_errors_that_name_the_row(spark: Any) -> None:
    docs = corpus()[:3]
    with pytest.raises(dedup.ConfigError, match=r"no column 'published'.*published_col=None"):
        clean_dataframe(frame(spark, docs).drop("published"))
    with pytest.raises(dedup.InputFormatError, match="share the id 'x'"):
        clean_dataframe(frame(spark, [{**d, "id": "x"} for d in docs]))
    bad = [*docs, {**docs[0], "id": "late", "published": "last tuesday"}]
    with pytest.raises(dedup.InputFormatError, match=r"row \d of partition \d \(id 'late'\).*ISO 8601"):
        clean_dataframe(frame(spark, bad, partitions=2))
    with pytest.raises(dedup.InvalidInputError, match="column 'text' holds bigint"):
        clean_dataframe(spark.createDataFrame([(1,)], "text bigint"), id_col=None, source_col=None, published_col=None)


def test_the_same_id_twice_with_the_same_text_is_cleaned_twice(spark: Any) -> None:
    docs = corpus()[:4]
    docs = [*docs, docs[1]]
    out, stats = clean_dataframe_with_stats(frame(spark, docs))
    assert_same([result_dict(r) for r in out.collect()], expected(docs))
    assert stats.articles == 4
    # From another outlet, each row is judged for its own outlet (the article learned once, for
    # the first row's outlet), on the distributed path too.
    docs = [*docs, {**docs[2], "source": "elsewhere.example"}]
    out, stats = clean_dataframe_with_stats(frame(spark, docs))
    assert_same([result_dict(r) for r in out.collect()], expected(docs))


def test_one_id_and_text_from_two_outlets_over_months(spark: Any) -> None:
    # Articles repeated under another outlet that carries the same banners (and one that does not).
    docs = months()
    outlets = sorted({d["source"] for d in docs})
    again = [{**d, "source": outlets[(k + 1) % len(outlets)]} for k, d in enumerate(docs[::7])]
    again += [{**d, "source": "elsewhere.example"} for d in docs[3::11]]
    docs = docs[:40] + again + docs[40:]
    out, _ = clean_dataframe_with_stats(frame(spark, docs))
    want = expected(docs)
    assert_same([result_dict(r) for r in out.collect()], want)
    by_id: dict[str, list[dict[str, Any]]] = {}
    for w in want:
        by_id.setdefault(w["id"], []).append(w)
    assert any(rows[0]["text"] != rows[1]["text"] for rows in by_id.values() if len(rows) > 1)  # outlets differ


def test_spark_clean_command_reads_and_writes_jsonl_and_parquet(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = corpus() + seed_docs()
    src = tmp_path / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for d in docs:  # seeds carry no source or published, as scraped files often do
            fh.write(json.dumps({k: v for k, v in d.items() if v is not None}, ensure_ascii=False) + "\n")
    want = expected(docs)

    out = tmp_path / "out-jsonl"
    assert main(["spark-clean", str(src), str(out), "--master", "local[2]", "--format", "jsonl"]) == 0
    assert f"{len(docs)} articles" in capsys.readouterr().err
    rows = [
        json.loads(line) for part in sorted(out.glob("part-*.json")) for line in part.read_text("utf-8").splitlines()
    ]
    assert_same([result_dict(r) for r in rows], want)

    out = tmp_path / "out-parquet"
    assert main(["spark-clean", str(src), str(out), "--format", "parquet"]) == 0
    by_id = {r["id"]: result_dict(r) for r in spark.read.parquet(str(out)).collect()}
    assert_same([by_id[w["id"]] for w in want], want)

    assert main(["spark-clean", str(src), str(out)]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n', encoding="utf-8")
    assert main(["spark-clean", str(bad), str(tmp_path / "o")]) == 1
    assert "not valid JSONL" in capsys.readouterr().err


def test_a_small_python_worker_memory_gives_the_same_results(spark: Any) -> None:
    # A Python worker memory of 1 MiB: the sort of the records spills to disk and merges back (as
    # a partition larger than memory would).
    conf = spark.sparkContext._conf
    before = conf.get("spark.python.worker.memory", "512m")
    conf.set("spark.python.worker.memory", "1m")
    try:
        docs = months()[::2]
        out, _ = clean_dataframe_with_stats(frame(spark, docs))
        got = [result_dict(r) for r in out.collect()]
    finally:
        conf.set("spark.python.worker.memory", before)
    assert_same(got, expected(docs))


def test_components_in_rounds_of_joins_give_the_same_results(spark: Any) -> None:
    # Both graphs (line clusters, stories) solved by large-star / small-star instead of one task.
    docs = rewrapped() + months()[::3]
    out, stats = clean_dataframe_with_stats(frame(spark, docs), local_components_limit=0, shuffle_partitions=3)
    assert_same([result_dict(r) for r in out.collect()], expected(docs))
    assert stats.line_rounds >= 1 and stats.story_rounds >= 1 and stats.shuffle_partitions == 3


def test_the_components_loop_fails_loudly_when_it_does_not_converge(spark: Any) -> None:
    from dedup.spark.components import ComponentsDidNotConverge, connected_components

    path = spark.createDataFrame([(k, k + 1) for k in range(40)], "a long, b long")
    with pytest.raises(ComponentsDidNotConverge, match="did not converge in 1 rounds"):
        connected_components(path, local_limit=0, max_rounds=1)
    got = connected_components(path, local_limit=0).labels.collect()
    assert {r["node"]: r["label"] for r in got} == dict.fromkeys(range(41), 0)


def test_the_driver_method_gives_the_same_results_and_is_the_way_for_a_memory_window(spark: Any) -> None:
    docs = months()[::2]
    config = dedup.Config(memory_days=30)
    with pytest.raises(dedup.ConfigError, match="method='driver'"):
        clean_dataframe(frame(spark, docs), config=config)
    out, stats = clean_dataframe_with_stats(frame(spark, docs), config=config, method="driver")
    assert_same([result_dict(r) for r in out.collect()], expected(docs, config))
    assert stats.method == "driver" and stats.state_bytes > 0


# ---- skew: one line in half of all articles, and one band bucket of 10,000 lines ----
BANNER = "Sign up for our free morning newsletter and get the day's news in your inbox before breakfast."
# A long common run of words and a number: near copies of one another, nearly all in one band
# bucket; six in every article, whose own four paragraphs keep it a story of its own.
TEMPLATE = " ".join(f"w{k}" for k in range(40)) + " fixture number {n} kicks off at the ground"


def skewed(n_articles: int, templates_per_article: int) -> list[dict[str, Any]]:
    docs = []
    for k in range(n_articles):
        lines = [paragraph(f"t{k}x{j}", k + j, words=30) for j in range(4)]
        lines += [TEMPLATE.format(n=k * templates_per_article + j) for j in range(templates_per_article)]
        if k % 2 == 0:
            lines.append(BANNER)
        docs.append(
            {"id": f"s{k:05d}", "source": f"outlet{k % 7}.example", "published": None, "text": "\n".join(lines)}
        )
    return docs


def test_a_line_in_half_the_articles_and_a_band_bucket_of_10000_lines(spark: Any) -> None:
    docs = skewed(2000, 6)
    prepared = prepare([(d["text"], d["id"], d["source"], None) for d in docs], dedup.Config(), "test")
    buckets = Counter(int(b) for p in prepared for b in p.fingerprints.bands[:, 0])
    assert buckets.most_common(1)[0][1] >= 10_000  # one band bucket of 10,000 lines and more
    assert sum(BANNER in d["text"] for d in docs) == len(docs) // 2

    # Python workers limited to 32 MB before they spill their aggregations: no task holds a bucket.
    conf = spark.sparkContext._conf
    before = conf.get("spark.python.worker.memory", "512m")
    conf.set("spark.python.worker.memory", "32m")
    try:
        out, stats = clean_dataframe_with_stats(frame(spark, docs, partitions=4))
        got = [result_dict(r) for r in out.collect()]
    finally:
        conf.set("spark.python.worker.memory", before)
    want = [json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in dedup.clean_corpus(docs)]
    assert [g["id"] for g in got] == [w["id"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert g == w, f"{w['id']} differs from clean_corpus"
    # The bucket's lines are linked by stars (an edge a line at most per composite key), not pairs,
    # and no story gathers the articles: each Python task held one article's facts at a time.
    assert stats.line_edges >= 10_000 and stats.largest_story_rows < 100
    banner = [r for w in want for r in w["removals"] if BANNER in r["text"]]
    assert len(banner) > 900  # the banner went
