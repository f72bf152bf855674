"""A deterministic, lazily generated news corpus re-mixed from real scraped sentences.

The helsinki corpora (``<data>/helsinki/*.csv``, paragraphs separated by `` ### ``) give a pool
of real sentences. Each generated line joins two or three contiguous word windows cut from
random sentences of the pool, so lines have real word statistics while a sentence's shingles are
not repeated thousands of times at a million articles (which whole-sentence re-mixing would do,
burying every look-up under spurious near-duplicate candidates).

Articles carry the structure the index exists for:
- a short headline, then ``body_lines`` body lines;
- each outlet has a banner block of a few lines, appended to a share of its articles;
- a share of articles repeat one of their lines (a caption printed twice);
- a share of articles are syndicated copies of a recent "wire" article from another outlet:
  the same body, sometimes abridged, under the copying outlet's own headline and banner.

Everything is drawn from one seeded ``random.Random``, so the stream is the same on every run
and in every process, and :func:`articles` yields one dict at a time: a million articles never
sit in memory as a list.
"""

from __future__ import annotations

import csv
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

__all__ = ["CorpusSpec", "articles", "sentence_pool"]

CORPORA = ("helsinki_articles.csv", "census_articles.csv", "spotify_articles.csv")
_START = datetime(2026, 11, 20, tzinfo=timezone.utc)


def sentence_pool(data: Path) -> list[str]:
    """Distinct real sentences (4+ words) of the helsinki corpora under ``data``, in file order.

    Raises:
        FileNotFoundError: when ``data/helsinki`` holds none of the corpora, naming what to pass.
    """
    folder = Path(data) / "helsinki"
    files = [folder / name for name in CORPORA if (folder / name).is_file()]
    if not files:
        raise FileNotFoundError(
            f"no helsinki corpus under {folder}: pass --data pointing at the shared data folder "
            f"(the one holding helsinki/{CORPORA[0]})"
        )
    pool: dict[str, None] = {}
    for path in files:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for para in row["text"].split(" ### "):
                    for sentence in para.split(". "):
                        sentence = " ".join(sentence.split())
                        if len(sentence.split()) >= 4:
                            pool.setdefault(sentence, None)
    if len(pool) < 20:
        raise FileNotFoundError(f"only {len(pool)} usable sentences under {folder}: the corpus looks truncated")
    return list(pool)


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """Shape of the generated corpus (the defaults are the benchmark's).

    Attributes:
        articles: number of articles.
        outlets: number of outlets (sources ``outlet000.example`` ...).
        body_lines: (min, max) body lines per article, before the banner.
        banner_lines: (min, max) lines in an outlet's banner block.
        banner_share: share of an outlet's articles that carry its banner.
        repeat_share: share of articles that print one of their lines twice.
        wire_share: share of original articles that are wire stories (others may copy them).
        copy_share: share of articles that are syndicated copies of a recent wire story.
        span_days: published times run evenly over this many days.
        seed: seed of the one random generator.
    """

    articles: int
    outlets: int = 75
    body_lines: tuple[int, int] = (14, 24)
    banner_lines: tuple[int, int] = (3, 5)
    banner_share: float = 0.5
    repeat_share: float = 0.05
    wire_share: float = 0.15
    copy_share: float = 0.1
    span_days: float = 4.0
    seed: int = 1


def articles(pool: list[str], spec: CorpusSpec, part: int = 0, parts: int = 1) -> Iterator[dict[str, str]]:
    """Yield the articles of ``spec`` as dicts ``{id, source, published, text}``, one at a time.

    With ``parts > 1`` only the articles of outlets ``o`` with ``o % parts == part`` are yielded;
    the random draws are the same, so the parts of a stream partition it exactly.

    >>> pool = [f"sentence {k} has a few real words in it" for k in range(50)]
    >>> docs = list(articles(pool, CorpusSpec(articles=3, outlets=2)))
    >>> [d["id"] for d in docs], docs[0]["source"]
    (['a0000000', 'a0000001', 'a0000002'], 'outlet000.example')
    >>> docs == list(articles(pool, CorpusSpec(articles=3, outlets=2)))
    True
    """
    rnd = random.Random(spec.seed)
    banners = [_banner(rnd, pool, spec) for _ in range(spec.outlets)]
    wire: deque[tuple[int, list[str]]] = deque(maxlen=500)  # (outlet, body) of recent wire stories
    step = timedelta(days=spec.span_days) / max(spec.articles, 1)
    for k in range(spec.articles):
        outlet = rnd.randrange(spec.outlets)
        headline = _window(rnd, pool, 4, 12)
        if wire and rnd.random() < spec.copy_share:
            origin, body = wire[rnd.randrange(len(wire))]
            if origin == outlet:
                outlet = (outlet + 1) % spec.outlets
            body = body[: len(body) - rnd.randrange(0, 4)]  # abridged copies lose a few closing lines
        else:
            body = [_line(rnd, pool) for _ in range(rnd.randint(*spec.body_lines))]
            if rnd.random() < spec.wire_share:
                wire.append((outlet, body))
        lines = [headline, *body]
        if rnd.random() < spec.repeat_share:
            lines.insert(rnd.randrange(1, len(lines) + 1), lines[rnd.randrange(1, len(lines))])
        if rnd.random() < spec.banner_share:
            lines.extend(banners[outlet])
        if outlet % parts != part:
            continue
        yield {
            "id": f"a{k:07d}",
            "source": f"outlet{outlet:03d}.example",
            "published": (_START + step * k).isoformat(),
            "text": "\n".join(lines),
        }


def _window(rnd: random.Random, pool: list[str], low: int, high: int) -> str:
    """A contiguous window of ``low``..``high`` words of a random sentence."""
    words = pool[rnd.randrange(len(pool))].split()
    size = min(len(words), rnd.randint(low, high))
    start = rnd.randrange(len(words) - size + 1)
    return " ".join(words[start : start + size])


def _line(rnd: random.Random, pool: list[str]) -> str:
    """A body line: a short caption-like window (1 in 10), else two or three joined windows."""
    if rnd.random() < 0.1:
        return _window(rnd, pool, 3, 8)
    return " ".join(_window(rnd, pool, 6, 14) for _ in range(rnd.randint(2, 3)))


def _banner(rnd: random.Random, pool: list[str], spec: CorpusSpec) -> list[str]:
    """An outlet's banner block: short prompts and one or two longer lines."""
    size = rnd.randint(*spec.banner_lines)
    return [_window(rnd, pool, 2, 6) if rnd.random() < 0.6 else _window(rnd, pool, 8, 20) for _ in range(size)]
