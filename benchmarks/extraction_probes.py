"""Probes behind the issue-5 follow-up: three candidate changes, measured and not shipped.

1. **A "this page holds no article" verdict** (empty ``Document.text`` for section front pages such
   as cleanportaleval's two bbc.co.uk teaser pages, whose gold is empty). Each candidate test is
   applied to the merged extraction (or the HTML); the table gives how many pages it fires on in
   each set (every aeb and big9 page is an article, so every fire there is false) and the F1 of
   dedup on each set when the pages it fires on get an empty text.
2. **A suffix repeat**: a line (8+ words) that is the tail of an earlier line of the article, as
   teaser lists print "- Headline Summary" then "- Summary". Counted on the helsinki articles,
   in the gold texts (lines a rule would wrongly remove) and in the merged extractions.
3. **Sparing parallel structures from ``repeat``**: an exact repeat is kept when its line occurs
   three or more times in the article (a question put to every interviewee, the same meal in six
   plans). F1 on each set, and the lines it would keep on helsinki.
4. **The page title as the text's first line** (big9 and cleanportaleval gold keep the headline,
   aeb's does not): F1 on each set.

Usage::

    python benchmarks/extraction_probes.py --data /work/shared/data --out benchmarks/extraction_probes.md
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import regex
from extraction_quality import DATE, Page, load_aeb, load_big9, load_cleanportaleval, mean_scores
from helsinki_boilerplate import load as load_helsinki
from trafilatura.readability_lxml import is_probably_readerable

import dedup
import dedup.rules
from dedup.html import document_from_html
from dedup.lines import split_lines
from dedup.rules import Article, Verdict

_WORD = regex.compile(r"\w+")
_END = regex.compile(r"[.!。！…][\"'”’»)\]]*\s*$")
_LIST = ("- ", "* ", "• ")
#: Pages whose gold says "this page contains no article" (cleanportaleval).
_EMPTY_GOLD = "empty gold"


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _is_prose(line: str) -> bool:
    """A paragraph of the article: 8+ words ending a sentence, not a list item or a copyright line."""
    s = line.strip()
    return not s.startswith(_LIST) and "©" not in s and _words(s) >= 8 and _END.search(s) is not None


def prose_words(text: str) -> int:
    return sum(_words(line) for line in text.split("\n") if _is_prose(line))


def longest_prose_run(text: str) -> int:
    best = run = 0
    for line in (x for x in text.split("\n") if x.strip()):
        run = run + 1 if _is_prose(line) else 0
        best = max(best, run)
    return best


def list_share(text: str) -> float:
    total = sum(_words(line) for line in text.split("\n"))
    listed = sum(_words(line) for line in text.split("\n") if line.lstrip().startswith(_LIST))
    return listed / total if total else 0.0


#: Candidate "no article" tests: (name, (page, extracted text) -> fires).
VERDICTS: list[tuple[str, Callable[[Page, str], bool]]] = [
    ("no prose line", lambda p, t: prose_words(t) == 0),
    ("fewer than 30 words of prose", lambda p, t: prose_words(t) < 30),
    ("no run of 2 prose lines", lambda p, t: longest_prose_run(t) <= 1),
    ("80%+ of the words in list items", lambda p, t: list_share(t) >= 0.8),
    ("50%+ in list items and < 100 words of prose", lambda p, t: list_share(t) >= 0.5 and prose_words(t) < 100),
    (
        "not `is_probably_readerable` (Mozilla's test, trafilatura's port)",
        lambda p, t: not is_probably_readerable(p.html),
    ),
]


def extract(pages: Sequence[Page]) -> dict[str, dedup.Document]:
    return {p.id: document_from_html(p.html, url=p.url, id=p.id) for p in pages}


def with_title(doc: dedup.Document) -> str:
    """The text with the page title as its first line, unless the text already starts with it."""
    title = (doc.title or "").strip()
    if title and title.lower() not in doc.text[: len(title) + 50].lower():
        return title + "\n" + doc.text
    return doc.text


def dedup_f1(pages: Sequence[Page], texts: dict[str, str]) -> float:
    """dedup's F1 on a set: the texts cleaned together, each page's source its site."""
    results = dedup.clean_corpus(dedup.Document(texts[p.id], id=p.id, source=p.site) for p in pages)
    return mean_scores((r.text, p.gold) for r, p in zip(results, pages, strict=True)).f1


def tail_repeats(text: str, min_words: int = 8) -> list[tuple[str, str]]:
    """(earlier line, later line) pairs where the later line's words end the earlier line."""
    lines = [line for line in split_lines(text) if line.tokens]
    found = []
    for i, line in enumerate(lines):
        k = len(line.tokens)
        if k < min_words:
            continue
        for earlier in lines[:i]:
            if len(earlier.tokens) > k and tuple(earlier.tokens[-k:]) == tuple(line.tokens):
                found.append((earlier.text, line.text))
                break
    return found


def sparing_parallel(spared: list[tuple[str | None, str]]) -> Callable[[Article], dict[int, Verdict]]:
    """The ``repeat`` rule, keeping exact repeats of lines printed 3+ times (recorded in ``spared``)."""
    original = dedup.rules.repeat

    def repeat(article: Article) -> dict[int, Verdict]:
        counts = Counter(article.lines[i].normal for i in article.undecided())
        kept = {}
        for i, verdict in original(article).items():
            if verdict.evidence["kind"] == "exact" and counts[article.lines[i].normal] >= 3:
                spared.append((article.source, article.lines[i].text))
            else:
                kept[i] = verdict
        return kept

    return repeat


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    sets = [
        ("aeb", load_aeb(args.data / "aeb")),
        ("big9-2017", load_big9(args.data / "big9-2017")),
        ("cleanportaleval", load_cleanportaleval(args.data / "cleanportaleval")),
    ]
    extracted = {name: extract(pages) for name, pages in sets}
    texts = {name: {k: d.text for k, d in docs.items()} for name, docs in extracted.items()}
    md = [
        "## Probes for the issue-5 follow-up (not shipped)",
        "",
        f"Command: `python benchmarks/extraction_probes.py --data {args.data} --out benchmarks/extraction_probes.md`"
        f" ({DATE}). F1 is dedup's (merged extraction + `clean_corpus`), token-shingle metric as in section 6.",
        "",
        "### 1. A no-article verdict: pages it fires on, and dedup F1 when they get an empty text",
        "",
        "| test | aeb fires | big9 fires | cleanportaleval: articles / empty-gold pages | aeb F1 | big9 F1 | cpe F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    baseline = [dedup_f1(pages, texts[name]) for name, pages in sets]
    md.append(f"| (none: shipped) | 0 | 0 | 0 / 0 | {baseline[0]:.4f} | {baseline[1]:.4f} | {baseline[2]:.4f} |")
    for label, fires in VERDICTS:
        cells, f1s = [], []
        for name, pages in sets:
            hit = {p.id for p in pages if fires(p, texts[name][p.id])}
            if name == "cleanportaleval":
                empty = sum(1 for p in pages if p.id in hit and not p.gold)
                cells.append(f"{len(hit) - empty} / {empty}")
            else:
                cells.append(str(len(hit)))
            f1s.append(dedup_f1(pages, {k: ("" if k in hit else v) for k, v in texts[name].items()}))
        md.append(f"| {label} | {' | '.join(cells)} | {' | '.join(f'{f:.4f}' for f in f1s)} |")

    docs = load_helsinki(args.data)
    tails = [(d["source"], a, b) for d in docs for a, b in tail_repeats(d["text"])]
    md += ["", "### 2. Suffix repeats (a line of 8+ words that ends an earlier line)", ""]
    md.append(f"- helsinki: {len(tails)} lines in {len(docs)} articles:")
    md += [f"  - {src}: `{a[:90]}` -> `{b[:90]}`" for src, a, b in tails]
    for name, pages in sets:
        in_gold = sum(len(tail_repeats(p.gold)) for p in pages)
        in_text = sum(len(tail_repeats(texts[name][p.id])) for p in pages)
        md.append(f"- {name}: {in_gold} in the gold texts (would be lost), {in_text} in the merged extractions")

    md += ["", "### 3. `repeat` sparing exact repeats of lines printed 3+ times", ""]
    spared: list[tuple[str | None, str]] = []
    original = dedup.rules.RULES["repeat"]
    dedup.rules.RULES["repeat"] = sparing_parallel(spared)
    try:
        f1s = [dedup_f1(pages, texts[name]) for name, pages in sets]
        spared.clear()
        dedup.clean_corpus(docs)
    finally:
        dedup.rules.RULES["repeat"] = original
    md.append(
        f"- F1: aeb {f1s[0]:.4f}, big9-2017 {f1s[1]:.4f}, cleanportaleval {f1s[2]:.4f} (shipped: "
        f"{baseline[0]:.4f}, {baseline[1]:.4f}, {baseline[2]:.4f})"
    )
    md.append(f"- helsinki: {len(spared)} removed lines would be kept; the most frequent:")
    md += [f"  - {n} x {src}: `{text[:90]}`" for (src, text), n in Counter(spared).most_common(8)]
    titled = [dedup_f1(pages, {k: with_title(d) for k, d in extracted[name].items()}) for name, pages in sets]
    md += ["", "### 4. The page title as the first line of `Document.text`", ""]
    md.append(f"- F1: aeb {titled[0]:.4f}, big9-2017 {titled[1]:.4f}, cleanportaleval {titled[2]:.4f}")
    md.append("")
    out = "\n".join(md)
    if args.out:
        args.out.write_text(out, encoding="utf-8")
    else:
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
