"""HTML extraction quality: trafilatura alone vs dedup (``Document.from_html`` + ``clean_corpus``).

Three sets (see the data README):

- **aeb** (181 pages, 126 sites): the article-extraction benchmark's own metric: ``\\w+`` tokens,
  4-token shingles counted with multiplicity, per-page precision and recall of the shingle
  multisets, P and R averaged over pages, F1 from the two means. Also "oracle line filter" rows:
  each extraction filtered to exactly its lines that belong to the gold text (a line's token
  sequence found in the gold, each gold occurrence used once), the ceiling of a line filter.
- **big9-2017** and **cleanportaleval**: the same token-shingle metric (not the sets' original
  metrics), reported overall and per site. CleanEval markers (``<p>``, ``<h>``, ``<l>``) and
  the ``URL:`` line are stripped from the gold. dedup learns each site's boilerplate across its
  pages: all pages go to one ``clean_corpus`` call with ``source`` = the site.

Rows: trafilatura 2.3.1 ``extract()`` with its defaults (comments included, as in published
benchmarks) and with ``favor_precision=True``; "dedup extraction" (trafilatura's precise
pass merged with readability's reading by :mod:`dedup.extract`, before cleaning);
"dedup" (after ``clean_corpus``).

It then lists the pages where dedup's recall fell most below trafilatura's default mode, and
attributes each loss: to the extraction (gold shingles trafilatura's default output had and the
merged extraction lacks), or to a cleaning rule (gold shingles that the rule's removals would
give back).

Usage::

    python benchmarks/extraction_quality.py --data /work/shared/data --out benchmarks/out/extraction_quality.md

The output quotes lines of the pages (the recall-loss table), which belong to their publishers:
keep it under benchmarks/out/ (ignored by git). Its headline figures go to RESULTS.md section 6.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import platform
import re
import shlex
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura
from trafilatura.utils import decode_file

import dedup
from benchmarks.machine import describe_machine
from dedup.html import source_from_url

T = TypeVar("T")
_TOKEN = re.compile(r"\w+")
_CLEANEVAL_MARK = re.compile(r"^\s*<(?:p|h|l)>\s*", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


# --- the metric -------------------------------------------------------------------------------


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text`` (tokens are ``\\w+`` matches).

    >>> sorted(shingles("a b c d e").items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    """
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_scores(predicted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page's shingle multisets.

    An empty prediction has precision 0 against a non-empty gold (1 when both are empty);
    a prediction against an empty gold has recall 1 and precision 0.

    >>> page_scores("a b c d e", "a b c d")
    (0.5, 1.0)
    """
    pred, ref = shingles(predicted), shingles(gold)
    matched = sum((pred & ref).values())
    n_pred, n_ref = sum(pred.values()), sum(ref.values())
    precision = matched / n_pred if n_pred else (1.0 if not n_ref else 0.0)
    recall = matched / n_ref if n_ref else 1.0
    return precision, recall


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def mean_scores(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean P and mean R over (predicted, gold) pages; F1 comes from the two means.

    >>> s = mean_scores([("a b c d", "a b c d"), ("a b c d e", "a b c d")])
    >>> s.precision, s.recall, round(s.f1, 4)
    (0.75, 1.0, 0.8571)
    """
    ps, rs = [], []
    for predicted, gold in pairs:
        p, r = page_scores(predicted, gold)
        ps.append(p)
        rs.append(r)
    n = len(ps)
    return Score(sum(ps) / n if n else 0.0, sum(rs) / n if n else 0.0, n)


def oracle_line_filter(text: str, gold: str) -> str:
    """The lines of ``text`` that belong to the gold: token sequence found there, each gold
    occurrence used at most once.

    >>> oracle_line_filter("Menu\\nThe story.\\nThe story.", "The story. It ends.")
    'The story.'
    """
    reference = " " + " ".join(_TOKEN.findall(gold)) + " "
    used: Counter[str] = Counter()
    kept = []
    for line in text.split("\n"):
        key = " ".join(_TOKEN.findall(line))
        if key and _occurrences(reference, " " + key + " ") > used[key]:
            used[key] += 1
            kept.append(line)
    return "\n".join(kept)


def _occurrences(haystack: str, needle: str) -> int:
    # Overlapping matches: consecutive gold lines share the space between them.
    count, start = 0, haystack.find(needle)
    while start >= 0:
        count += 1
        start = haystack.find(needle, start + 1)
    return count


def strip_cleaneval(gold: str) -> str:
    """CleanEval gold -> plain text: drop the ``URL:`` line, the ``<p>``/``<h>``/``<l>`` markers and
    HTML comments (``<!-- this page contains no article -->`` marks an empty gold), and decode the
    HTML entities the gold files keep (``there&#8217;s``).

    >>> strip_cleaneval("\\nURL: http://x.com/a\\n<h>Title\\n<p>Body&#8217;s text\\n<l>item")
    'Title\\nBody’s text\\nitem'
    >>> strip_cleaneval("URL: http://x.com/a\\n<!-- this page contains no article -->\\n")
    ''
    """
    lines = [line for line in _HTML_COMMENT.sub("", gold).split("\n") if not line.startswith("URL:")]
    return html.unescape("\n".join(_CLEANEVAL_MARK.sub("", line) for line in lines).strip())


# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    id: str
    site: str
    url: str | None
    html: str
    gold: str


def load_aeb(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        page_html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        url = item.get("url")
        pages.append(Page(key, source_from_url(url) or "?", url, page_html, item["articleBody"]))
    return pages


def load_big9(root: Path) -> list[Page]:
    sites = dict(line.split("\t") for line in (root / "sites.tsv").read_text().splitlines() if "\t" in line)
    pages = []
    for name, site in sorted(sites.items()):
        stem = Path(name).stem
        html = decode_file((root / "html" / name).read_bytes())
        gold = (root / "gold" / f"{stem}.txt").read_text(encoding="utf-8", errors="replace")
        pages.append(Page(stem, site.strip(), None, html, gold))
    return pages


def load_cleanportaleval(root: Path) -> list[Page]:
    pages = []
    for path in sorted((root / "input").glob("*.html")):
        gold_raw = (root / "GoldStandard" / f"{path.stem}.txt").read_text(encoding="utf-8", errors="replace")
        url = next((line[4:].strip() for line in gold_raw.split("\n") if line.startswith("URL:")), None)
        site = path.stem.rsplit("_", 1)[0]
        pages.append(Page(path.stem, site, url, decode_file(path.read_bytes()), strip_cleaneval(gold_raw)))
    return pages


# --- systems ----------------------------------------------------------------------------------


@dataclass
class Outputs:
    """Every system's text for every page, and dedup's removals for the attribution."""

    default: dict[str, str]
    precise: dict[str, str]
    default_no_comments: dict[str, str]
    precise_no_comments: dict[str, str]
    extraction: dict[str, str]
    final: dict[str, str]
    results: dict[str, dedup.CleanResult]
    #: CPU seconds per page, measured page by page in turn: trafilatura.extract() as published
    #: benchmarks call it, the same with its metadata (title, date: what from_html also reads),
    #: and Document.from_html.
    cpu: dict[str, list[float]]


def _timed(cpu: list[float], extract: Callable[[], T]) -> T:
    started = time.process_time()
    result = extract()
    cpu.append(time.process_time() - started)
    return result


def run_systems(pages: Sequence[Page], source_is_site: bool) -> Outputs:
    cpu: dict[str, list[float]] = {"trafilatura": [], "trafilatura with metadata": [], "from_html": []}
    extracted: dict[str, dedup.Document] = {}
    default: dict[str, str] = {}
    for p in pages:  # in turn, page by page, so that the machine's load falls on all three alike
        default[p.id] = _timed(cpu["trafilatura"], partial(trafilatura.extract, p.html, url=p.url)) or ""
        _timed(cpu["trafilatura with metadata"], partial(trafilatura.extract, p.html, url=p.url, with_metadata=True))
        extracted[p.id] = _timed(cpu["from_html"], partial(dedup.Document.from_html, p.html, url=p.url, id=p.id))
    precise = {p.id: trafilatura.extract(p.html, url=p.url, favor_precision=True) or "" for p in pages}
    default_nc = {p.id: trafilatura.extract(p.html, url=p.url, include_comments=False) or "" for p in pages}
    precise_nc = {
        p.id: trafilatura.extract(p.html, url=p.url, favor_precision=True, include_comments=False) or "" for p in pages
    }
    docs = []
    for p in pages:
        doc = extracted[p.id]
        if source_is_site:  # multi-page sets: the site, as a scraper would name the outlet
            doc = dedup.Document(doc.text, id=doc.id, source=p.site, url=doc.url, published=None)
        else:  # one corpus of unrelated pages: the registered domain from the URL
            doc = dedup.Document(doc.text, id=doc.id, source=doc.source, url=doc.url, published=None)
        docs.append(doc)
    results = dedup.clean_corpus(docs)
    extraction = {d.id or "": d.text for d in docs}
    final = {r.id or "": r.text for r in results}
    by_id = {r.id or "": r for r in results}
    return Outputs(default, precise, default_nc, precise_nc, extraction, final, by_id, cpu)


def cpu_rows(name: str, out: Outputs) -> list[str]:
    """One row per set: median and total CPU per page of each, and from_html's ratios."""
    ours = out.cpu["from_html"]
    cells = [name]
    for system in ("trafilatura", "trafilatura with metadata"):
        theirs = out.cpu[system]
        cells += [
            f"{statistics.median(theirs) * 1e3:.1f}",
            f"{statistics.median(ours) / statistics.median(theirs):.2f}x",
            f"{sum(ours) / sum(theirs):.2f}x",
        ]
    return [f"| {' | '.join([cells[0], f'{statistics.median(ours) * 1e3:.1f}', *cells[1:]])} |"]


# --- report -----------------------------------------------------------------------------------


def _row(name: str, s: Score) -> str:
    return f"| {name} | {s.precision:.4f} | {s.recall:.4f} | **{s.f1:.4f}** |"


def table(pages: Sequence[Page], rows: Sequence[tuple[str, Callable[[Page], str]]]) -> list[str]:
    out = ["| system | P | R | F1 |", "|---|---|---|---|"]
    for name, get in rows:
        out.append(_row(name, mean_scores((get(p), p.gold) for p in pages)))
    return out


def system_rows(out: Outputs) -> list[tuple[str, Callable[[Page], str]]]:
    """The compared systems, each as (row name, page -> text)."""
    return [
        ("trafilatura default", lambda p: out.default[p.id]),
        ("trafilatura favor_precision", lambda p: out.precise[p.id]),
        ("trafilatura default, include_comments=False", lambda p: out.default_no_comments[p.id]),
        ("trafilatura favor_precision, include_comments=False", lambda p: out.precise_no_comments[p.id]),
        ("dedup extraction (before cleaning)", lambda p: out.extraction[p.id]),
        ("**dedup**", lambda p: out.final[p.id]),
    ]


def oracle_rows(out: Outputs) -> list[tuple[str, Callable[[Page], str]]]:
    """A perfect line filter on each extraction: the ceiling of cleaning by whole lines."""
    return [
        ("oracle line filter on trafilatura default", lambda p: oracle_line_filter(out.default[p.id], p.gold)),
        ("oracle line filter on trafilatura favor_precision", lambda p: oracle_line_filter(out.precise[p.id], p.gold)),
        ("oracle line filter on dedup extraction", lambda p: oracle_line_filter(out.extraction[p.id], p.gold)),
    ]


def per_site_table(pages: Sequence[Page], outputs: Outputs) -> list[str]:
    by_site: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        by_site[p.site].append(p)
    out = [
        "| site | pages | trafilatura default F1 | trafilatura favor_precision F1 | dedup P | dedup R | dedup F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for site, group in sorted(by_site.items()):
        d = mean_scores((outputs.default[p.id], p.gold) for p in group)
        q = mean_scores((outputs.precise[p.id], p.gold) for p in group)
        f = mean_scores((outputs.final[p.id], p.gold) for p in group)
        out.append(
            f"| {site} | {len(group)} | {d.f1:.4f} | {q.f1:.4f} | {f.precision:.4f} | {f.recall:.4f} | {f.f1:.4f} |"
        )
    return out


@dataclass(frozen=True)
class RecallLoss:
    set_name: str
    page: Page
    recall_trafilatura: float
    recall_dedup: float
    causes: tuple[tuple[str, float], ...]  # (cause, recall it cost), largest first
    example: str


def recall_losses(set_name: str, pages: Sequence[Page], outputs: Outputs) -> list[RecallLoss]:
    """Per page, dedup's recall below trafilatura's default mode, and what caused it.

    Extraction: the recall the merged extraction lacks against trafilatura's default output.
    A rule: the recall its removals would give back if replayed into the kept text.
    """
    losses = []
    for p in pages:
        _, r_traf = page_scores(outputs.default[p.id], p.gold)
        _, r_final = page_scores(outputs.final[p.id], p.gold)
        if r_final >= r_traf - 1e-9:
            continue
        _, r_extract = page_scores(outputs.extraction[p.id], p.gold)
        causes: dict[str, float] = {}
        if r_extract < r_traf:
            causes["extraction (favor_precision merge)"] = r_traf - r_extract
        result = outputs.results[p.id]
        by_rule: dict[str, list[str]] = defaultdict(list)
        for removal in result.removals:
            by_rule[removal.rule].append(result.original[removal.start : removal.end])
        example = ""
        for rule, spans in by_rule.items():
            _, r_back = page_scores(result.text + "\n" + "\n".join(spans), p.gold)
            if r_back > r_final + 1e-9:
                causes[f"rule `{rule}`"] = r_back - r_final
                if not example:
                    example = spans[0].strip().split("\n")[0][:90]
        if not example and r_extract < r_traf:
            missing = [
                line
                for line in outputs.default[p.id].split("\n")
                if line.strip() and line not in outputs.extraction[p.id]
            ]
            example = missing[0][:90] if missing else ""
        ranked = tuple(sorted(causes.items(), key=lambda kv: -kv[1]))
        losses.append(RecallLoss(set_name, p, r_traf, r_final, ranked, example))
    return losses


def _short(page_id: str) -> str:
    return page_id[:12] if len(page_id) > 40 else page_id  # aeb ids are 64-hex hashes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"), help="the shared data folder")
    ap.add_argument("--out", type=Path, default=None, help="write the markdown section here (default: stdout)")
    ap.add_argument("--top", type=int, default=10, help="how many recall losses to list")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    machine = describe_machine()
    command = shlex.join(["python", "benchmarks/extraction_quality.py", *(sys.argv[1:] if argv is None else argv)])
    md = [
        "## 6. HTML extraction quality (issue 5)",
        "",
        f"Command: `{command}` ({datetime.now(timezone.utc).date().isoformat()}, {platform.machine()},"
        f" {machine.cores} cores, Python {machine.python}, trafilatura {trafilatura.__version__},"
        f" dedup at commit {machine.commit}).",
        "",
        "Metric on every set: the aeb metric (`\\w+` tokens, 4-token shingles with multiplicity, per-page P and R,"
        " mean P and mean R, F1 from the means). On big9-2017 and cleanportaleval this token-shingle metric is not"
        " those sets' original metric. trafilatura rows are `extract()` with its defaults (comments included, as"
        " in published benchmarks) and with `favor_precision=True`. *dedup extraction* is `Document.from_html`"
        " (trafilatura's favor_precision pass without comments merged line by line with readability's reading);"
        " *dedup* is that text after `clean_corpus`.",
        "",
    ]
    all_losses: list[RecallLoss] = []
    timing = [
        "### CPU time of `Document.from_html` against one trafilatura extraction",
        "",
        "Per page, the three measured in turn (CPU time of this process; medians in ms; the ratios are"
        " from_html's median and total over trafilatura's). *with metadata* is `extract(with_metadata=True)`,"
        " which reads the title and date as from_html does.",
        "",
        "| set | from_html median ms | trafilatura median ms | median ratio | total ratio"
        " | with metadata median ms | median ratio | total ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    aeb = load_aeb(args.data / "aeb")
    out = run_systems(aeb, source_is_site=False)
    md += [f"### aeb ({len(aeb)} pages)", ""]
    md += table(aeb, system_rows(out) + oracle_rows(out))
    md.append("")
    all_losses += recall_losses("aeb", aeb, out)
    timing += cpu_rows("aeb", out)

    for name, loader, folder in (
        ("big9-2017", load_big9, "big9-2017"),
        ("cleanportaleval", load_cleanportaleval, "cleanportaleval"),
    ):
        pages = loader(args.data / folder)
        out = run_systems(pages, source_is_site=True)
        md += [f"### {name} ({len(pages)} pages, per site; dedup learns across the pages of each site)", ""]
        md += table(pages, system_rows(out))
        md.append("")
        md += per_site_table(pages, out)
        md.append("")
        all_losses += recall_losses(name, pages, out)
        timing += cpu_rows(name, out)

    md += [*timing, ""]
    all_losses.sort(key=lambda x: x.recall_dedup - x.recall_trafilatura)
    md += [
        f"### The {args.top} pages where dedup lowered recall most against trafilatura (default mode) alone",
        "",
        f"{len(all_losses)} pages of the three sets lose recall. Causes: *extraction* = gold the merged"
        " extraction lacks against trafilatura's default output; *rule* = gold that the rule's removals would give"
        " back.",
        "",
        "| set | page | R trafilatura | R dedup | causes (recall cost) | first removed / missing line |",
        "|---|---|---|---|---|---|",
    ]
    for loss in all_losses[: args.top]:
        causes = ", ".join(f"{c} {v:.3f}" for c, v in loss.causes) or "-"
        example = loss.example.replace("|", "\\|")
        md.append(
            f"| {loss.set_name} | {loss.page.site} `{_short(loss.page.id)}` | {loss.recall_trafilatura:.3f}"
            f" | {loss.recall_dedup:.3f} | {causes} | {example} |"
        )
    md += ["", f"Run time: {time.perf_counter() - started:.0f} s.", ""]
    text = "\n".join(md)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
