"""Probes for the cleanportaleval +2 target, second round: where the gap is, and recall-first unions.

Every figure is the token-shingle metric of extraction_quality.py, on all three sets at once.

1. **Where cleanportaleval's gap is**: each page's share of the mean precision and recall loss of
   dedup, and, on the tv.msnbc.com pages, what the missing gold shingles are: the headline
   (``Document.title``), gold text dedup prints once and the gold twice (the doubled post), or other
   text (the video caption above the post). Also the ceiling of a perfect line filter on dedup's
   output, with and without the two pages whose gold is empty.
2. **Recall-first unions**. (a) The shipped section recovery (readability's runs of 4+ distinct
   15+-word sentences that the two-mode merge lacks) against other run lengths and sentence lengths,
   and against the merge alone. (b) On top of the shipped pipeline, every line that a third
   extraction alone has (readability-lxml as vendored in trafilatura, or jusText's "good"
   paragraphs), admitted by position (inside the body, before it, after it) and by shape (sentence
   of 8+ words, 15+ words, or any line of 20+/30+ words). For each: F1 after ``clean_corpus`` on
   each set, and the added lines that are in the gold against those that are not.
3. **favor_recall as the recall side of the merge** instead of the default mode.
4. **Flash-era ``<object>`` fallback content** (captions sit inside ``<object>``, which trafilatura
   drops): unwrapping ``<object>`` before extraction.
5. **Embedded tweets** dropped before extraction, and **a byline line rule** (a standalone
   "By First Last" line dropped): F1 on each set, and the
   lines it would take on the helsinki articles.

Usage::

    python benchmarks/extraction_recall_probes.py --data /work/shared/data --out benchmarks/extraction_recall_probes.md
"""

from __future__ import annotations

import argparse
import copy
import difflib
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import justext
import regex
import trafilatura
from extraction_quality import (
    DATE,
    Page,
    Score,
    load_aeb,
    load_big9,
    load_cleanportaleval,
    mean_scores,
    oracle_line_filter,
    page_scores,
    shingles,
)
from helsinki_boilerplate import load as load_helsinki
from trafilatura.utils import load_html

import dedup
import dedup.extract
from dedup.extract import merge_extractions, merged_text, recover_sections
from dedup.html import _visible_text, readability_paragraphs, source_from_url

_WORD = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?。！？…\"”»]\s*$")
_BYLINE = regex.compile(r"^By \p{Lu}[\w.'’-]*(?: \p{Lu}[\w.'’-]*){0,3}$")
_EMPTY_GOLD = ("bbc.co.uk_news_04", "bbc.co.uk_news_05")


@dataclass
class Extractions:
    """The extraction outputs of one page that the probes combine."""

    page: Page
    default: str  # trafilatura default mode, comments off (the merge's recall side)
    precise: str  # favor_precision, comments off
    recall_mode: str  # favor_recall, comments off
    title: str
    readability: list[str]
    justext: list[str]
    page_text: str
    unwrapped: tuple[str, str] | None = None  # (default, precise) after unwrapping <object>; None: no <object>
    untweeted: tuple[str, str] | None = None  # (default, precise) without embedded tweets; None: no tweet
    extra: dict[str, str] = field(default_factory=dict)


def _bare(tree_or_html: object, url: str | None, **kw: object) -> tuple[str, str]:
    doc = trafilatura.bare_extraction(tree_or_html, url=url, include_comments=False, with_metadata=True, **kw)
    return ((doc.text or "") if doc is not None else "", (doc.title or "") if doc is not None else "")


def justext_lines(html: str, stoplist: frozenset[str]) -> list[str]:
    try:
        paragraphs = justext.justext(html.encode("utf-8", "replace"), stoplist, encoding="utf-8")
    except Exception:  # jusText fails on a few malformed pages; that page then adds nothing
        return []
    return [p.text for p in paragraphs if p.class_type == "good"]


def unwrap_objects(html: str) -> object | None:
    """The page's tree with every ``<object>`` replaced by its fallback content; None without one."""
    tree = load_html(html)
    if tree is None or tree.find(".//object") is None:
        return None
    for obj in list(tree.iter("object")):
        for param in obj.findall("param"):
            param.drop_tree()
    for obj in list(tree.iter("object")):
        obj.drop_tag()
    return tree


def strip_tweets(html: str) -> object | None:
    """The page's tree without its embedded tweets (``blockquote.twitter-tweet``); None without one."""
    tree = load_html(html)
    if tree is None:
        return None
    tweets = [e for e in tree.iter("blockquote") if "twitter-tweet" in (e.get("class") or "").split()]
    if not tweets:
        return None
    for tweet in tweets:
        tweet.drop_tree()
    return tree


def extract_all(pages: Sequence[Page], stoplist: frozenset[str]) -> list[Extractions]:
    out = []
    for p in pages:
        default, _ = _bare(p.html, p.url)
        precise, title = _bare(p.html, p.url, favor_precision=True)
        recall_mode, _ = _bare(p.html, p.url, favor_recall=True)
        ex = Extractions(
            p,
            default,
            precise,
            recall_mode,
            title,
            readability_paragraphs(p.html),
            justext_lines(p.html, stoplist),
            _visible_text(p.html),
        )
        tree = unwrap_objects(p.html)
        if tree is not None:
            ex.unwrapped = (
                _bare(copy.deepcopy(tree), p.url)[0],
                _bare(copy.deepcopy(tree), p.url, favor_precision=True)[0],
            )
        tree = strip_tweets(p.html)
        if tree is not None:
            ex.untweeted = (
                _bare(copy.deepcopy(tree), p.url)[0],
                _bare(copy.deepcopy(tree), p.url, favor_precision=True)[0],
            )
        out.append(ex)
    return out


# --- pipelines --------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def union(spine_text: str, extra: Sequence[str], where: set[str], admit: Callable[[str], bool]) -> str:
    """The spine's lines plus the lines only ``extra`` has, at the spine position difflib aligns them to,
    when their position (``interior``, ``lead``, ``tail``) is in ``where`` and ``admit`` accepts them."""
    spine = [line for line in spine_text.split("\n") if line.strip()]
    if not spine:
        return ""
    words = _normal(" ".join(spine))
    ops = difflib.SequenceMatcher(
        None, [_normal(x) for x in extra], [_normal(x) for x in spine], autojunk=False
    ).get_opcodes()
    out: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "equal":
            position = "interior" if 0 < n < len(ops) - 1 else ("lead" if n == 0 else "tail")
            for line in extra[i1:i2]:
                normal = _normal(line)
                if normal.strip() and normal not in words and position in where and admit(line):
                    out.append(line)
        out.extend(spine[j1:j2])
    return "\n".join(out)


def sentence(min_words: int) -> Callable[[str], bool]:
    return lambda line: _words(line) >= min_words and _SENTENCE_END.search(line) is not None


def long_line(min_words: int) -> Callable[[str], bool]:
    return lambda line: _words(line) >= min_words


def shipped(ex: Extractions) -> str:
    return merged_text(ex.default, ex.precise, ex.readability, ex.page_text) if (ex.default or ex.precise) else ""


def merge_only(ex: Extractions) -> str:
    return merged_text(ex.default, ex.precise)


def sections(min_paragraphs: int, min_words: int, distinct: bool = True) -> Callable[[Extractions], str]:
    """The shipped pipeline with other section-recovery parameters (``distinct=False``: a line printed
    n times counts n times towards a run)."""

    def fn(ex: Extractions) -> str:
        saved = (dedup.extract.SECTION_MIN_PARAGRAPHS, dedup.extract.SECTION_MIN_WORDS)
        dedup.extract.SECTION_MIN_PARAGRAPHS, dedup.extract.SECTION_MIN_WORDS = min_paragraphs, min_words
        try:
            merged = merge_extractions(ex.default, ex.precise)
            recover = recover_sections if distinct else _recover_counting_copies
            return "\n".join(m.text for m in recover(merged, ex.readability, ex.page_text))
        finally:
            dedup.extract.SECTION_MIN_PARAGRAPHS, dedup.extract.SECTION_MIN_WORDS = saved

    return fn


def _recover_counting_copies(
    merged: Sequence[dedup.extract.MergedLine], alternative: Sequence[str], page_text: str
) -> tuple[dedup.extract.MergedLine, ...]:
    """recover_sections, except that a line printed n times counts n times towards a run (and a
    section nothing anchors stays first: ``page_text`` is not used)."""
    lines = list(merged)
    if not lines:
        return ()
    have = _normal(" ".join(line.text for line in lines))
    theirs = [line for line in alternative if line.strip()]
    ops = difflib.SequenceMatcher(
        None, [_normal(x) for x in theirs], [_normal(m.text) for m in lines], autojunk=False
    ).get_opcodes()
    out: list[dedup.extract.MergedLine] = []
    admit = sentence(dedup.extract.SECTION_MIN_WORDS)
    for op, i1, i2, j1, j2 in ops:
        if op != "equal":
            found = [line for line in theirs[i1:i2] if admit(line) and _normal(line) not in have]
            if len(found) >= dedup.extract.SECTION_MIN_PARAGRAPHS:
                out.extend(dedup.extract.MergedLine(line, "section") for line in found)
        out.extend(lines[j1:j2])
    return tuple(out)


def clean(sets: dict[str, list[Extractions]], extract: Callable[[Extractions], str]) -> dict[str, dict[str, str]]:
    """set -> page id -> dedup's text after clean_corpus (aeb: source = registered domain; else the site)."""
    out = {}
    for name, items in sets.items():
        docs = [
            dedup.Document(
                extract(ex),
                id=ex.page.id,
                source=source_from_url(ex.page.url) if name == "aeb" else ex.page.site,
                url=ex.page.url,
            )
            for ex in items
        ]
        out[name] = {r.id or "": r.text for r in dedup.clean_corpus(docs)}
    return out


def scores(sets: dict[str, list[Extractions]], texts: dict[str, dict[str, str]]) -> dict[str, Score]:
    return {name: mean_scores((texts[name][ex.page.id], ex.page.gold) for ex in items) for name, items in sets.items()}


def gold_split(sets: dict[str, list[Extractions]], extract: Callable[[Extractions], str]) -> dict[str, tuple[int, int]]:
    """Per set, the lines ``extract`` adds to the shipped extraction: (in the gold, not in the gold)."""
    out = {}
    for name, items in sets.items():
        good = bad = 0
        for ex in items:
            base = set(shipped(ex).split("\n"))
            gold = _normal(ex.page.gold)
            for line in extract(ex).split("\n"):
                if line.strip() and line not in base:
                    if _normal(line) in gold:
                        good += 1
                    else:
                        bad += 1
        out[name] = (good, bad)
    return out


# --- report -----------------------------------------------------------------------------------


def f1_cells(s: dict[str, Score]) -> str:
    return " | ".join(f"{s[k].f1:.4f}" for k in ("aeb", "big9-2017", "cleanportaleval"))


def msnbc_breakdown(items: Sequence[Extractions], final: dict[str, str]) -> list[str]:
    """Missing gold shingles on tv.msnbc.com, split into headline, doubled text and the rest."""
    pages = [ex for ex in items if ex.page.site.startswith("tv.msnbc.com")]
    title = doubled = other = total = 0
    rd_has = 0
    for ex in pages:
        gold, got = shingles(ex.page.gold), shingles(final[ex.page.id])
        in_title = shingles(ex.title)
        in_readability = shingles("\n".join(ex.readability))
        total += sum(gold.values())
        for sh, n in (gold - got).items():
            if sh in in_title:
                title += n
            elif got[sh] > 0:
                doubled += n
            else:
                other += n
                rd_has += min(n, in_readability[sh])
    n = len(pages)
    mean_r = sum(page_scores(final[ex.page.id], ex.page.gold)[1] for ex in pages) / n
    return [
        f"tv.msnbc.com ({n} pages): dedup R {mean_r:.4f}; {total} gold shingles, {title + doubled + other} missing:",
        "",
        "| missing gold shingles | count | share of the gold |",
        "|---|---|---|",
        f"| in the headline (`Document.title`, not in `Document.text`) | {title} | {title / total:.3f} |",
        f"| printed once by dedup, twice in the gold (the doubled post) | {doubled} | {doubled / total:.3f} |",
        f"| other (of which readability-lxml's output has {rd_has}) | {other} | {other / total:.3f} |",
    ]


def loss_shares(items: Sequence[Extractions], final: dict[str, str], top: int = 8) -> list[str]:
    n = len(items)
    rows = []
    for ex in items:
        p, r = page_scores(final[ex.page.id], ex.page.gold)
        rows.append((ex.page.id, (1 - p) / n, (1 - r) / n))
    out = ["| page | share of the mean P loss | page | share of the mean R loss |", "|---|---|---|---|"]
    by_p = sorted(rows, key=lambda x: -x[1])[:top]
    by_r = sorted(rows, key=lambda x: -x[2])[:top]
    for a, b in zip(by_p, by_r, strict=True):
        out.append(f"| {a[0]} | {a[1]:.4f} | {b[0]} | {b[2]:.4f} |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    started = time.perf_counter()

    english = frozenset(justext.get_stoplist("English"))
    every_language = frozenset().union(*(justext.get_stoplist(lang) for lang in justext.get_stoplists()))
    sets = {
        "aeb": extract_all(load_aeb(args.data / "aeb"), every_language),  # aeb is multilingual
        "big9-2017": extract_all(load_big9(args.data / "big9-2017"), english),
        "cleanportaleval": extract_all(load_cleanportaleval(args.data / "cleanportaleval"), english),
    }
    base_texts = clean(sets, shipped)
    base = scores(sets, base_texts)
    cpe = sets["cleanportaleval"]
    md = [
        "# Extraction recall probes (issue 5, second round)",
        "",
        "Generated by benchmarks/extraction_recall_probes.py; read with RESULTS.md section 6.",
        "",
        f"Command: `python benchmarks/extraction_recall_probes.py --data {args.data} --out"
        f" benchmarks/extraction_recall_probes.md` ({DATE}, trafilatura {trafilatura.__version__},"
        f" jusText {justext.__version__ if hasattr(justext, '__version__') else '3'}).",
        "",
        f"Shipped pipeline (check: must match RESULTS section 6): aeb {base['aeb'].f1:.4f},"
        f" big9-2017 {base['big9-2017'].f1:.4f}, cleanportaleval {base['cleanportaleval'].f1:.4f}"
        f" (P {base['cleanportaleval'].precision:.4f}, R {base['cleanportaleval'].recall:.4f}).",
        "",
        "## 1. Where the cleanportaleval gap is",
        "",
    ]
    md += loss_shares(cpe, base_texts["cleanportaleval"])
    md.append("")
    md += msnbc_breakdown(cpe, base_texts["cleanportaleval"])
    md.append("")
    final = base_texts["cleanportaleval"]
    oracle = mean_scores((oracle_line_filter(final[ex.page.id], ex.page.gold), ex.page.gold) for ex in cpe)
    oracle_kept = mean_scores(
        (
            final[ex.page.id] if ex.page.id in _EMPTY_GOLD else oracle_line_filter(final[ex.page.id], ex.page.gold),
            ex.page.gold,
        )
        for ex in cpe
    )
    md += [
        "| perfect line filter on dedup's output (cleanportaleval) | P | R | F1 |",
        "|---|---|---|---|",
        f"| every page | {oracle.precision:.4f} | {oracle.recall:.4f} | {oracle.f1:.4f} |",
        f"| every page but the two empty-gold pages | {oracle_kept.precision:.4f} | {oracle_kept.recall:.4f}"
        f" | {oracle_kept.f1:.4f} |",
        "",
        "## 2-5. Candidate changes (F1 after clean_corpus; lines added to the shipped extraction in / not in"
        " the gold; removed lines are not counted)",
        "",
        "| variant | aeb | big9-2017 | cleanportaleval | added lines aeb | big9 | cpe |",
        "|---|---|---|---|---|---|---|",
        f"| **shipped: two-mode merge + sections of 4+ distinct sentences of 15+ words** | {f1_cells(base)}"
        " | - | - | - |",
    ]
    variants: list[tuple[str, Callable[[Extractions], str]]] = [
        ("two-mode merge alone (before this round)", merge_only),
        ("sections of 2+ distinct sentences of 15+ words", sections(2, 15)),
        ("sections of 3+ distinct sentences of 15+ words", sections(3, 15)),
        ("sections of 5+ distinct sentences of 15+ words", sections(5, 15)),
        ("sections of 4+ distinct sentences of 8+ words", sections(4, 8)),
        ("sections of 4+ distinct sentences of 20+ words", sections(4, 20)),
        ("sections of 4+ sentences of 15+ words, copies counted", sections(4, 15, distinct=False)),
    ]
    for src_name, src in (("readability", "readability"), ("jusText", "justext")):
        for where_name, where in (
            ("inside the body", {"interior"}),
            ("inside or before", {"interior", "lead"}),
            ("anywhere", {"interior", "lead", "tail"}),
        ):
            for shape_name, admit in (
                ("sentence 8+ words", sentence(8)),
                ("sentence 15+ words", sentence(15)),
                ("line 20+ words", long_line(20)),
                ("line 30+ words", long_line(30)),
            ):
                if src == "justext" and shape_name != "sentence 8+ words":
                    continue

                def fn(
                    ex: Extractions, src: str = src, where: set[str] = where, admit: Callable[[str], bool] = admit
                ) -> str:
                    return union(shipped(ex), getattr(ex, src), where, admit)

                variants.append((f"+ {src_name}-only lines {where_name}, {shape_name}", fn))
    variants.append(
        (
            "recall side = favor_recall (not default)",
            lambda ex: merged_text(ex.recall_mode, ex.precise, ex.readability, ex.page_text),
        )
    )
    variants.append(
        (
            "`<object>` fallback unwrapped before extraction",
            lambda ex: merged_text(*ex.unwrapped, ex.readability, ex.page_text) if ex.unwrapped else shipped(ex),
        )
    )
    variants.append(
        (
            "embedded tweets (`blockquote.twitter-tweet`) dropped before extraction",
            lambda ex: merged_text(*ex.untweeted, ex.readability, ex.page_text) if ex.untweeted else shipped(ex),
        )
    )
    variants.append(
        (
            "standalone byline lines dropped (`By First Last`)",
            lambda ex: "\n".join(line for line in shipped(ex).split("\n") if not _BYLINE.match(line.strip())),
        )
    )
    for name, fn in variants:
        s = scores(sets, clean(sets, fn))
        split = gold_split(sets, fn) if "byline" not in name else {k: (0, 0) for k in sets}
        cells = " | ".join(f"{g} / {b}" for g, b in split.values())
        md.append(f"| {name} | {f1_cells(s)} | {cells} |")
        print(name, f1_cells(s), file=sys.stderr, flush=True)
    fired = sum(1 for items in sets.values() for ex in items if ex.unwrapped is not None)
    tweets = {name: sum(1 for ex in items if ex.untweeted is not None) for name, items in sets.items()}
    helsinki = load_helsinki(args.data)
    bylines = Counter(
        line.strip() for r in dedup.clean_corpus(helsinki) for line in r.text.split("\n") if _BYLINE.match(line.strip())
    )
    md += [
        "",
        f"`<object>` occurs on {fired} pages of the three sets; embedded tweets on"
        f" {', '.join(f'{n} {name}' for name, n in tweets.items())} pages. Byline lines that survive"
        " `clean_corpus` on the"
        f" {len(helsinki)} helsinki articles: {sum(bylines.values())} (e.g. {', '.join(list(bylines)[:4])}).",
        "",
        f"Run time: {time.perf_counter() - started:.0f} s.",
        "",
    ]
    text = "\n".join(md)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
