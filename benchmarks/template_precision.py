"""Precision of the ``template`` rule's patterns (:mod:`dedup.templates`) on real text.

Two measurements:

1. **Gold article bodies** (human-checked article text: aeb ``ground-truth.json``, big9-2017
   ``gold/*.txt``, CleanPortalEval ``GoldStandard/*.txt``). Every line there is article content,
   so every match is a false positive.
2. **Scraped text** (helsinki, census and spotify corpora: paragraphs as a scraper delivered them).
   Every distinct matched line is listed with its count so that a person can judge it; the lines
   judged *not* furniture are recorded in :data:`JUDGED_WRONG` and the report's precision is
   ``(matches - wrong matches) / matches``.

Usage::

    python benchmarks/template_precision.py --data /work/shared/data \\
        --out benchmarks/template_precision.md

The report keeps its ``## Hand check`` section (up to ``## Gold matches``) when it is regenerated,
so the notes written while reading the matches survive a re-run.
"""

from __future__ import annotations

import argparse
import csv
import glob
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dedup.templates import PATTERNS, match_template

#: Distinct scraped lines that a person read and judged NOT to be page furniture.
#: (Empty when every match was correct; keep the reason next to each line.)
JUDGED_WRONG: dict[str, str] = {}

DATE = "2026-11-26"
HAND_CHECK = "## Hand check"
SCRAPED_CORPORA = ("helsinki_articles.csv", "census_articles.csv", "spotify_articles.csv")


@dataclass
class Tally:
    """Matches of one source, by pattern name."""

    lines: int = 0
    matches: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        self.lines += 1
        # author_bio is tried on every line here, not only at an article's foot as the rule does:
        # an upper bound on its false positives.
        pattern = match_template(line, at_foot=True)
        if pattern is not None:
            self.matches[pattern.name][line] += 1

    def total(self, name: str | None = None) -> int:
        names = [name] if name else list(self.matches)
        return sum(sum(self.matches[n].values()) for n in names)


def gold_lines(data: Path) -> Iterator[tuple[str, str]]:
    """(source, line) for every line of the human-checked article bodies."""
    truth = json.loads((data / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for item in truth.values():
        for line in item["articleBody"].split("\n"):
            yield "aeb", line
    for path in sorted(glob.glob(str(data / "big9-2017" / "gold" / "*.txt"))):
        for line in Path(path).read_text(encoding="utf-8", errors="replace").split("\n"):
            yield "big9-2017", line
    # CleanEval format: a URL line, then paragraphs opened by <p>, <h> or <l>, hard-wrapped.
    for path in sorted(glob.glob(str(data / "cleanportaleval" / "GoldStandard" / "*.txt"))):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        for block in re.split(r"<[phl]>", text)[1:]:
            yield "cleanportaleval", " ".join(block.split())


def scraped_lines(data: Path) -> Iterator[tuple[str, str]]:
    """(corpus, paragraph) for every paragraph of the scraped corpora."""
    csv.field_size_limit(1 << 30)
    for name in SCRAPED_CORPORA:
        with open(data / "helsinki" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for paragraph in row["text"].split(" ### "):
                    yield name, paragraph


_BLOCK_TAGS = frozenset(
    re.findall(
        r"\w+",
        "address article aside blockquote br button dd div dl dt figcaption figure footer form h1 h2 h3"
        " h4 h5 h6 header hr label li main nav ol option p pre section select table td th tr ul",
    )
)
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "head", "title"))


class _PageText(HTMLParser):
    """Visible text of a page, with a line break at every block element's start and end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data.replace("\n", " ").replace("\r", " "))


def raw_lines(data: Path) -> Iterator[tuple[str, str]]:
    """(page, line) for the visible text of every HTML page, one line per block element.

    No extractor is involved: this is everything a naive scraper would keep, so it is rich in
    menus, widgets and footers, and in every language of the aeb pages.
    """
    paths = sorted(glob.glob(str(data / "aeb" / "html" / "*.html.gz")))
    paths += sorted(glob.glob(str(data / "big9-2017" / "html" / "*.htm*")))
    paths += sorted(glob.glob(str(data / "cleanportaleval" / "input" / "*.htm*")))
    for path in paths:
        raw = Path(path).read_bytes()
        if path.endswith(".gz"):
            raw = gzip.decompress(raw)
        charset = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", raw[:4096], re.IGNORECASE)
        try:
            html = raw.decode(charset.group(1).decode() if charset else "utf-8", errors="replace")
        except LookupError:
            html = raw.decode("utf-8", errors="replace")
        parser = _PageText()
        parser.feed(html)
        parser.close()
        for line in "".join(parser.parts).split("\n"):
            yield Path(path).name, line


def _md(line: str) -> str:
    """A line as a markdown table cell: visible special spaces, escaped pipes."""
    shown = line.replace("\u00a0", "⍽").replace("\u200b", "<ZWSP>").replace("|", "\\|")
    return f"`{shown}`" if "`" not in shown else shown


def _precision_table(names: list[str], gold: Tally, corpora: dict[str, Tally]) -> list[str]:
    """One row per pattern: gold false positives, then matches / wrong / precision per corpus."""
    columns = "".join(f" {c} matches | {c} distinct | {c} wrong | {c} precision |" for c in corpora)
    head = "| pattern | gold FP |" + columns
    rows = [head, "|---|---:|" + "---:|---:|---:|---:|" * len(corpora)]
    for n in [*names, None]:
        cells = ["**all**" if n is None else n, str(gold.total(n))]
        for tally in corpora.values():
            keys = list(tally.matches) if n is None else [n]
            total = tally.total(n)
            bad = sum(c for k in keys for line, c in tally.matches[k].items() if line in JUDGED_WRONG)
            distinct = sum(len(tally.matches[k]) for k in keys)
            cells += [str(total), str(distinct), str(bad), f"{(total - bad) / total:.3f}" if total else "n/a"]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _listing(names: list[str], tally: Tally) -> list[str]:
    out = []
    for n in names:
        if not tally.matches[n]:
            continue
        out += [f"### {n} ({tally.total(n)} matches, {len(tally.matches[n])} distinct)", ""]
        out += ["| count | line | verdict |", "|---:|---|---|"]
        for line, c in sorted(tally.matches[n].items(), key=lambda kv: (-kv[1], kv[0])):
            verdict = f"wrong: {JUDGED_WRONG[line]}" if line in JUDGED_WRONG else "furniture"
            out.append(f"| {c} | {_md(line)} | {verdict} |")
        out.append("")
    return out


def report(data: Path, command: str) -> str:
    gold = Tally()
    gold_by_source: Counter[str] = Counter()
    for source, line in gold_lines(data):
        if line.strip():
            gold_by_source[source] += 1
        gold.add(line)
    scraped, raw = Tally(), Tally()
    for _, paragraph in scraped_lines(data):
        scraped.add(paragraph)
    for _, line in raw_lines(data):
        raw.add(line)

    names = [p.name for p in PATTERNS]
    out = [
        "# Template pattern precision",
        "",
        f"Produced {DATE} by `{command}` (package `dedup/templates/`).",
        "",
        "* **gold**: human-checked article bodies (aeb ground truth, big9-2017 gold, CleanPortalEval",
        "  gold standard). Every line is article content, so every match is a false positive (FP).",
        "* **scraped**: helsinki + census + spotify paragraphs, text exactly as a scraper delivered it.",
        "* **raw**: the visible text of every HTML page of aeb, big9-2017 and CleanPortalEval, one line",
        "  per block element, with no extractor (menus, widgets, footers, article text, many languages).",
        "",
        "Every distinct scraped and raw match was read by hand; *wrong* counts the matches judged not",
        "to be furniture, and precision = (matches - wrong) / matches. `author_bio` is tried on every",
        "line here, where the rule tries it only in an article's last quarter: its figures are an",
        "upper bound on its false positives.",
        "",
        f"Lines scanned: gold {gold.lines} ({', '.join(f'{k} {v}' for k, v in gold_by_source.items())}),"
        f" scraped {scraped.lines}, raw {raw.lines}.",
        "",
        *_precision_table(names, gold, {"scraped": scraped, "raw": raw}),
        "",
        "## Gold matches (false positives)",
        "",
    ]
    if gold.total():
        out += ["| pattern | count | line |", "|---|---:|---|"]
        for n in names:
            out += [f"| {n} | {c} | {_md(line)} |" for line, c in gold.matches[n].most_common()]
    else:
        out.append("None.")
    out += ["", "## Scraped matches (helsinki, census, spotify), every distinct line", ""]
    out += _listing(names, scraped)
    out += ["## Raw page text matches, every distinct line", ""]
    out += _listing(names, raw)
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, help="write the markdown report here (else stdout)")
    args = parser.parse_args()
    command = "python benchmarks/template_precision.py --data " + os.fspath(args.data)
    if args.out:
        command += " --out " + os.fspath(args.out)
    text = report(args.data, command)
    if args.out:
        kept = ""
        if args.out.exists():
            old = args.out.read_text(encoding="utf-8")
            if HAND_CHECK in old:
                start = old.index(HAND_CHECK)
                end = old.find("\n## Gold matches", start)
                kept = old[start : end if end >= 0 else len(old)]
        # The hand-check notes go first after the summary table, so they are read before the lists.
        head, _, tail = text.partition("\n## Gold matches")
        text = head + ("\n" + kept.rstrip() + "\n" if kept else "") + "\n## Gold matches" + tail
        args.out.write_text(text.rstrip() + "\n", encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
