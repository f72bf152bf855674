"""The ``repeat`` rule's near and truncated copies: precision and recall on a labelled sample of
real page text, and how its time grows on inputs built to make it slow (issues 25 and 28).

    python benchmarks/repeat_precision.py --data /work/shared/data [--skip-growth] [--skip-sample]

**Sample.** ``tests/repeat_labels/labels.jsonl`` (schema in its README.md) names pairs of lines of
real pages by reference: the data file, the page, both lines' positions and hashes of their
normal forms, and a label read by hand: ``same`` (the later line carries nothing the kept line
lacks) or ``distinct``. No text of the data is stored; it is read from ``--data`` and every
line's hash is checked, so a line that moved or changed is reported, never judged blind. The
pages are the raw visible text of the HTML pages (as ``template_precision.py`` reads it), the
scraped articles (helsinki, census, spotify), the gold article bodies and dedup's own extraction
of the HTML pages. Each page is cleaned without an index (the template, credit and repeat
rules) and every near or truncated removal is looked up: precision is the share labelled
``same``; a removal that is not in the sample is listed as unlabelled. Recall is the share of
the true repeats still removed: of those the rule removed before issue 25 (``found_by``
"before"), and of every true repeat in the sample. Alternatives of the two settings are
measured the same way.

**Growth.** ``dedup.clean`` CPU time on families of inputs at n, 2n and 4n lines: time linear
in n doubles with n.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import xxhash

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dedup
from benchmarks.data import scraped_articles
from benchmarks.machine import describe_machine
from dedup.lines import Line, split_lines
from dedup.rules import Article, judge

LABELS = Path(__file__).resolve().parents[1] / "tests" / "repeat_labels" / "labels.jsonl"
SOURCES = ("raw", "scraped", "gold", "extracted")

PageKey = tuple[str, str, str]  # (source, file, page)


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled pair: line ``line`` of a page against the line ``kept`` it copies (indices
    into the page's non-blank lines, as :func:`dedup.lines.split_lines` gives them): an earlier
    line, or for a ``preview`` the later line that prints it in full."""

    source: str
    file: str
    page: str
    kept: int
    line: int
    kept_hash: str
    line_hash: str
    kind: str  # how a rule removed it: "near", "truncated", "preview", or "candidate" (no rule did)
    found_by: tuple[str, ...]  # "before" (the rule before issue 25) and/or "after" (at labelling)
    label: str  # "same" or "distinct"
    shape: str
    lang: str
    note: str

    @property
    def page_key(self) -> PageKey:
        return (self.source, self.file, self.page)


def load_labels(path: Path = LABELS) -> list[Label]:
    """The labelled sample, one JSON object a line."""
    out = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            d = json.loads(row)
            d["found_by"] = tuple(d["found_by"])
            out.append(Label(**d))
    return out


def line_hash(line: Line) -> str:
    """A stable hash of a line's normal form (xxh64, hex)."""
    return xxhash.xxh64_hexdigest(line.normal.encode("utf-8", "surrogatepass"))


# --- page texts -------------------------------------------------------------------------------


def page_texts(data: Path, wanted: Iterable[PageKey], extracted: bool = True) -> dict[PageKey, str]:
    """The text of every wanted page, read from the data folder (``extracted``: also dedup's
    extraction of HTML pages, which needs trafilatura and a few seconds a page)."""
    wanted = set(wanted)
    by_source: defaultdict[str, set[PageKey]] = defaultdict(set)
    for key in wanted:
        by_source[key[0]].add(key)
    texts: dict[PageKey, str] = {}
    if by_source["raw"]:
        texts.update(_raw_texts(data, by_source["raw"]))
    for key in by_source["scraped"]:
        corpus = Path(key[1]).name.removesuffix("_articles.csv")
        texts.update(_scraped(data, corpus, {k for k in by_source["scraped"] if k[1] == key[1]}))
    for key in by_source["gold"]:
        texts[key] = _gold_text(data, key)
    if extracted and by_source["extracted"]:
        texts.update(_extracted_texts(data, by_source["extracted"]))
    return texts


def _raw_texts(data: Path, keys: set[PageKey]) -> dict[PageKey, str]:
    from benchmarks.template_precision import raw_lines

    by_page = {key[2]: key for key in keys}
    lines: defaultdict[PageKey, list[str]] = defaultdict(list)
    for page, line in raw_lines(data):
        key = by_page.get(page)
        if key is not None:
            lines[key].append(line)
    return {key: "\n".join(found) for key, found in lines.items()}


_SCRAPED_CACHE: dict[tuple[Path, str], dict[str, str]] = {}


def _scraped(data: Path, corpus: str, keys: set[PageKey]) -> dict[PageKey, str]:
    cached = _SCRAPED_CACHE.get((data, corpus))
    if cached is None:
        cached = _SCRAPED_CACHE[(data, corpus)] = {d["id"]: d["text"] for d in scraped_articles(data, corpus)}
    return {key: cached[key[2]] for key in keys if key[2] in cached}


def _gold_text(data: Path, key: PageKey) -> str:
    _, file, page = key
    path = data / file
    if file.endswith("ground-truth.json"):
        return str(json.loads(path.read_text(encoding="utf-8"))[page]["articleBody"])
    text = path.read_text(encoding="utf-8", errors="replace")
    if "GoldStandard" in file:  # CleanEval: paragraphs opened by <p>, <h> or <l>, hard-wrapped
        blocks = (" ".join(block.split()) for block in re.split(r"<[phl]>", text)[1:])
        return "\n".join(block for block in blocks if block)
    return text


def _extracted_texts(data: Path, keys: set[PageKey]) -> dict[PageKey, str]:
    from benchmarks.extraction_quality import load_aeb, load_big9, load_cleanportaleval

    wanted = {key[2]: key for key in keys}
    out = {}
    for loader, folder in ((load_aeb, "aeb"), (load_big9, "big9-2017"), (load_cleanportaleval, "cleanportaleval")):
        if not any(key[1].startswith(folder + "/") for key in keys):
            continue
        for page in loader(data / folder):
            key = wanted.get(page.id)
            if key is not None and key[1].startswith(folder + "/"):
                out[key] = dedup.Document.from_html(page.html, url=page.url).text
    return out


# --- evaluation -------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """Near and truncated removals of one setting on the sample's pages, against the labels."""

    same: int = 0
    distinct: int = 0
    unlabelled: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    removed: set[tuple[PageKey, int]] = field(default_factory=set)  # every repeat removal
    true_removed: set[tuple[PageKey, int]] = field(default_factory=set)  # near/truncated, labelled same
    before_true: set[tuple[PageKey, int]] = field(default_factory=set)
    sample_true: set[tuple[PageKey, int]] = field(default_factory=set)
    distinct_removed: list[Label] = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = self.same + self.distinct
        return self.same / judged if judged else 1.0

    @property
    def recall_before(self) -> float:
        return len(self.before_true & self.removed) / len(self.before_true) if self.before_true else 1.0

    @property
    def recall_sample(self) -> float:
        truth = self.sample_true | self.true_removed
        return len(truth & self.removed) / len(truth) if truth else 1.0


def evaluate(labels: Sequence[Label], texts: dict[PageKey, str], config: dedup.Config) -> Evaluation:
    """Clean every page of ``texts`` with ``config`` (no index) and judge its near and truncated
    removals by the labels; lines whose hash no longer matches are reported as moved."""
    result = Evaluation()
    by_page: defaultdict[PageKey, dict[tuple[int, int], Label]] = defaultdict(dict)
    for lab in labels:
        by_page[lab.page_key][(lab.kept, lab.line)] = lab
    for key, text in sorted(texts.items()):
        lines = split_lines(text)
        pairs = by_page[key]
        for lab in pairs.values():
            if not _still_there(lines, lab):
                result.moved.append(f"{key[1]} {key[2]} lines {lab.kept}/{lab.line}")
                continue
            if lab.label == "same":
                if "before" in lab.found_by:
                    result.before_true.add((key, lab.line))
                if lab.found_by:
                    result.sample_true.add((key, lab.line))
        index_of = {line.number: i for i, line in enumerate(lines)}
        for i, verdict in judge(Article(lines, config)).items():
            if verdict.rule != "repeat":
                continue
            result.removed.add((key, i))
            if verdict.evidence["kind"] == "exact":
                continue
            j = index_of[verdict.evidence["line"]]
            found = pairs.get((j, i))
            if found is None:
                result.unlabelled.append(f"{key[0]} {key[1]} {key[2]}: line {i} as a copy of line {j}")
            elif found.label == "same":
                result.same += 1
                result.true_removed.add((key, i))
            else:
                result.distinct += 1
                result.distinct_removed.append(found)
    return result


def _still_there(lines: Sequence[Line], lab: Label) -> bool:
    return (
        max(lab.kept, lab.line) < len(lines)
        and line_hash(lines[lab.kept]) == lab.kept_hash
        and line_hash(lines[lab.line]) == lab.line_hash
    )


# --- growth -----------------------------------------------------------------------------------


def _word(k: int) -> str:
    """A distinct lower-case word for each k (letters only: no digits to count as numbers)."""
    letters = "bcdfghjklmnpqrstvwxz"
    out = "q"
    while True:
        out += letters[k % 20]
        k //= 20
        if not k:
            return out


def _shared_opening(n: int) -> str:
    line = "The committee said on Monday that the {} plan was approved by all members present"
    lines = [line.format(_word(k)) for k in range(n)]
    return "\n".join([*lines, "The committee said on Monday that the..."])


def _one_word_differs(n: int) -> str:
    base = (
        "Residents of the northern district said on Tuesday that the {} market would reopen once the repairs "
        "to its roof were finished and inspected by the city"
    )
    return "\n".join(base.format(_word(k)) for k in range(n))


def _long_lines(n: int) -> str:
    words = [_word(k) for k in range(300)]
    return "\n".join(" ".join([*words[:150], _word(1000 + k), *words[150:]]) for k in range(n))


def _teasers(n: int) -> str:
    out = []
    for k in range(n):
        full = f"The {_word(k)} report found that the {_word(k + 7)} project met every target set in the last year."
        out += [full, full[:60].rsplit(" ", 1)[0] + "…"]
    return "\n".join(out)


def _previews(n: int) -> str:
    """Cut teasers first, then the paragraphs they preview, and n/4 teasers sharing one opening."""
    fulls = [
        f"The {_word(k)} report found that the {_word(k + 7)} project met every target set in the last year."
        for k in range(n // 4)
    ]
    same = [f"The committee said on Monday that the {_word(k)} plan would cost more than..." for k in range(n // 4)]
    teasers = [full[:60].rsplit(" ", 1)[0] + "…" for full in fulls]
    return "\n".join([*teasers, *same, *fulls])


def _table_rows(n: int) -> str:
    row = "Row {}: the {} team scored {} points in {} games at home"
    return "\n".join(row.format(k, _word(k), k % 97, k % 13 + 1) for k in range(n))


#: Input families: name -> (lines at n, text of about n lines).
GROWTH: dict[str, tuple[int, Callable[[int], str]]] = {
    "n lines sharing an opening, and one short line ending in '...'": (2000, _shared_opening),
    "n lines that differ in one word": (5000, _one_word_differs),
    "n lines of 301 words that differ in one word": (500, _long_lines),
    "n/2 paragraphs, each followed by its cut teaser": (4000, _teasers),
    "n/4 cut teasers, then n/4 sharing an opening, then the paragraphs": (4000, _previews),
    "n rows of a table (parallel lines)": (40000, _table_rows),
}


def time_clean(text: str) -> float:
    """CPU seconds of one ``dedup.clean``."""
    start = time.process_time()
    dedup.clean(text)
    return time.process_time() - start


# --- report -----------------------------------------------------------------------------------

#: Settings measured side by side: (repeat_threshold, repeat_new_words).
ALTERNATIVES: tuple[tuple[float, int | None], ...] = ((0.7, 0), (0.7, 1), (0.7, 2), (0.7, None), (0.6, 0), (0.5, 0))


def sample_report(data: Path, extracted: bool) -> list[str]:
    labels = load_labels()
    wanted = {lab.page_key for lab in labels if extracted or lab.source != "extracted"}
    texts = page_texts(data, wanted, extracted=extracted)
    used = [lab for lab in labels if lab.page_key in texts]
    removals = [lab for lab in used if lab.found_by]
    out = [
        f"Labelled pairs: {len(used)} on {len(texts)} pages; {len(removals)} of them are removals "
        f"(before: {sum('before' in lab.found_by for lab in used)}, "
        f"after: {sum('after' in lab.found_by for lab in used)}), "
        f"the rest candidate pairs labelled to measure the alternatives.",
        "",
        "| repeat_threshold | repeat_new_words | near/truncated removals | same | distinct | unlabelled "
        "| precision | recall (before's true repeats) | recall (sample) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    default = None
    for threshold, new_words in ALTERNATIVES:
        ev = evaluate(used, texts, dedup.Config(repeat_threshold=threshold, repeat_new_words=new_words))
        if default is None:
            default = ev
        judged = ev.same + ev.distinct
        out.append(
            f"| {threshold} | {new_words} | {judged + len(ev.unlabelled)} | {ev.same} | {ev.distinct} | "
            f"{len(ev.unlabelled)} | {ev.precision:.3f} | {ev.recall_before:.3f} | {ev.recall_sample:.3f} |"
        )
    before_same = sum(1 for lab in used if "before" in lab.found_by and lab.label == "same")
    before_all = sum(1 for lab in used if "before" in lab.found_by)
    out += [
        f"| before issue 25 (fixture) | - | {before_all} | {before_same} | {before_all - before_same} | - | "
        f"{before_same / before_all:.3f} | 1.000 | - |",
        "",
    ]
    assert default is not None
    if default.moved:
        out.append(f"**{len(default.moved)} labelled lines moved or changed** (not judged): {default.moved[:5]}")
    if default.unlabelled:
        out.append(f"Unlabelled removals of the default: {default.unlabelled[:10]}")
    if default.distinct_removed:
        out.append("Distinct content the default removes:")
        out += [
            f"- {lab.source} {lab.page[:16]} line {lab.line}: {lab.shape}, {lab.note}"
            for lab in default.distinct_removed
        ]
    shapes = Counter((lab.shape, lab.label) for lab in removals)
    langs = Counter(lab.lang for lab in removals)
    sources = Counter(lab.source for lab in removals)
    out += [
        "",
        "Composition of the labelled removals: "
        + ", ".join(f"{k} {v}" for k, v in sources.most_common())
        + "; languages "
        + ", ".join(f"{k} {v}" for k, v in langs.most_common())
        + ".",
        "",
        "| shape | same | distinct |",
        "|---|---:|---:|",
    ]
    for shape in sorted({s for s, _ in shapes}, key=lambda s: -(shapes[(s, "same")] + shapes[(s, "distinct")])):
        out.append(f"| {shape} | {shapes[(shape, 'same')]} | {shapes[(shape, 'distinct')]} |")
    return out


def growth_report() -> list[str]:
    out = ["| input | n | CPU s at n | at 2n | at 4n | 2n / n | 4n / n |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, (n, build) in GROWTH.items():
        times = [min(time_clean(build(n * k)) for _ in range(2)) for k in (1, 2, 4)]
        out.append(
            f"| {name} | {n:,} | {times[0]:.2f} | {times[1]:.2f} | {times[2]:.2f} | "
            f"{times[1] / times[0]:.2f} | {times[2] / times[0]:.2f} |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--no-extracted", action="store_true", help="leave out dedup's extraction of HTML pages")
    args = parser.parse_args(argv)
    command = "python benchmarks/repeat_precision.py " + " ".join(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    print(f"Command: `{command}`; {date.today().isoformat()}; {describe_machine().line()}.\n")
    if not args.skip_sample:
        print("\n".join(sample_report(args.data, not args.no_extracted)) + "\n")
    if not args.skip_growth:
        print("\n".join(growth_report()) + "\n")
    print(f"Took {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
