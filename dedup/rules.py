"""One small function per rule, and the RULES registry that orders them.

A rule looks at an article's lines and returns verdicts for the lines it removes; it never
touches text. Rules run in registry order and each sees only the lines still undecided, so
a line carries the most specific reason (a repeated "Share" is a widget, not a repeat).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .credits import match_credit
from .evidence import LineEvidence
from .fingerprint import U32Array, U64Array
from .lines import Line
from .repeats import find_repeats
from .templates import in_foot, match_template
from .types import RuleName

__all__ = ["RULES", "Article", "Verdict", "banner", "boilerplate", "credit", "repeat", "template"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why one line (or one block, when several lines share a Verdict) is removed."""

    rule: RuleName
    reason: str
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(slots=True)
class Article:
    """What rules see: the lines, the settings, and the verdicts reached so far."""

    lines: Sequence[Line]
    config: Config
    verdicts: dict[int, Verdict] = field(default_factory=dict)
    #: Per line, how it recurs across the corpus (None: cleaning without an index).
    evidence: Sequence[LineEvidence] | None = None
    source: str | None = None
    #: Per line, the near-repeat band keys when already computed (see ``dedup.repeats``).
    repeat_keys: U64Array | None = None
    #: Per line, the hash of its first shingle, when already computed (see ``dedup.repeats``).
    openings: U32Array | None = None

    @property
    def outlet(self) -> str:
        return self.source or "this outlet (source unknown)"

    def is_wire(self, i: int) -> bool:
        """A content line carried by several outlets: syndicated copy, never boilerplate, unless
        it is a group's furniture (see :meth:`is_generic`)."""
        assert self.evidence is not None
        return (
            self.lines[i].word_count >= self.config.long_line_words
            and self.evidence[i].outlets >= self.config.wire_min_outlets
            and not self.is_generic(i)
        )

    def is_generic(self, i: int) -> bool:
        """Furniture of many outlets: boilerplate at ``generic_min_outlets`` outlets or more.

        A short line qualifies by that alone ("Follow us on Twitter"). A content line must also be
        boilerplate at half or more of the outlets that carry it: a newspaper group prints its
        widget text ("To find out more about Facebook commenting please read the Conversation
        Guidelines and FAQs") under every story of its sites, while a wire paragraph or a much
        quoted sentence reaches dozens of outlets and recurs in a few stories at only some of them.
        """
        assert self.evidence is not None
        ev = self.evidence[i]
        if ev.recurring_outlets < self.config.generic_min_outlets:
            return False
        return self.lines[i].word_count < self.config.long_line_words or 2 * ev.recurring_outlets >= ev.outlets

    def recurs(self, i: int) -> bool:
        """The line is in another story of this outlet, and is not syndicated copy."""
        assert self.evidence is not None
        return self.evidence[i].stories >= 1 and not self.is_wire(i)

    def undecided(self) -> list[int]:
        return [i for i in range(len(self.lines)) if i not in self.verdicts]


def template(article: Article) -> dict[int, Verdict]:
    """Page furniture recognised by its shape alone: widgets, datelines, pagination, navigation,
    and in the article's last lines the author's biography."""
    found = {}
    lines = article.lines
    for i in article.undecided():
        pattern = match_template(lines[i].text, at_foot=in_foot(i, len(lines)))
        if pattern is not None:
            found[i] = Verdict("template", pattern.reason, {"pattern": pattern.name})
    return found


def credit(article: Article) -> dict[int, Verdict]:
    """A line that only credits a wire service; the agency is reported as ``CleanResult.credit``."""
    found = {}
    for i in article.undecided():
        agencies = match_credit(article.lines[i].text)
        if agencies:
            found[i] = Verdict("credit", f"wire credit ({', '.join(agencies)})", {"agencies": list(agencies)})
    return found


def repeat(article: Article) -> dict[int, Verdict]:
    """A line repeating an earlier kept line of the same article: exact, truncated or near.

    A short line that is not a sentence (a photo credit, a tweet's attribution, a name) and
    repeats on its own is usually the same words about different content; it counts only beside
    another removed line, as part of a block printed twice. A short sentence (a pull quote)
    repeated on its own still goes.
    """
    lines = article.lines
    repeats = find_repeats(lines, article.undecided(), article.config, article.repeat_keys, article.openings)
    removed = set(article.verdicts) | set(repeats)
    found = {}
    for i, r in repeats.items():
        short = lines[i].word_count < article.config.long_line_words
        if short and not _ends_a_sentence(lines[i].text) and not ({i - 1, i + 1} & removed):
            continue
        earlier = lines[r.of]
        if r.kind == "exact":
            reason = f"repeats line {earlier.number}"
        elif r.kind == "truncated":
            reason = f"truncated copy of line {earlier.number}: its first {lines[i].word_count} words"
        elif r.kind == "preview":
            reason = f"preview of line {earlier.number}, which prints it in full: its first {lines[i].word_count} words"
        elif r.why:
            reason = f"near copy of line {earlier.number}: {r.why}"
        else:
            reason = f"near copy of line {earlier.number} ({r.similarity:.0%} similar)"
        evidence: dict[str, Any] = {
            "line": earlier.number,
            "start": earlier.start,
            "end": earlier.end,
            "kind": r.kind,
            "similarity": round(r.similarity, 4),
        }
        if r.kind != "exact":
            evidence["differences"] = r.why
        found[i] = Verdict("repeat", reason, evidence)
    return found


def banner(article: Article) -> dict[int, Verdict]:
    """A run of lines that recur together in other stories of the outlet: removed whole.

    Short lines of a banner ("Dear readers,", "Remind me later.") would never count as
    boilerplate alone; inside the run they go with it. One short line that does not recur (a
    date, a counter) may sit inside the run. A run found in fewer other stories than
    ``boilerplate_min_stories - 1`` must also look like a banner (see ``_looks_like_banner``):
    two stories of one outlet sharing paragraphs are often two versions of one report.
    """
    if article.evidence is None:
        return {}
    cfg, lines = article.config, article.lines
    found: dict[int, Verdict] = {}
    for block in _recurring_runs(article):
        recurring = [i for i in block if article.recurs(i)]
        chars = sum(len(lines[i].text) for i in block)
        if len(recurring) < cfg.banner_min_lines or 3 * sum(len(lines[i].text) for i in recurring) < 2 * chars:
            continue
        stories = min(article.evidence[i].stories for i in recurring)
        if stories < cfg.boilerplate_min_stories - 1 and not _looks_like_banner(article, block, chars):
            continue
        examples = sorted({e for i in recurring for e in article.evidence[i].examples})[:3]
        verdict = Verdict(
            "banner",
            f"outlet banner: {len(block)} lines that recur together in {_n(stories, 'other story', 'other stories')} "
            f"of {article.outlet}",
            {
                "lines": [lines[block[0]].number, lines[block[-1]].number],
                "stories": stories,
                "source": article.source,
                "examples": examples,
            },
        )
        found.update((i, verdict) for i in block if i not in article.verdicts)
    return found


def _looks_like_banner(article: Article, block: list[int], chars: int) -> bool:
    """The shape of a banner: at an edge of the article (only removed lines beyond it), less
    than half of its text, and with at least one short line (a heading, a button)."""
    lines = article.lines
    before, after = range(block[0]), range(block[-1] + 1, len(lines))
    at_edge = all(i in article.verdicts for i in before) or all(i in article.verdicts for i in after)
    minority = 2 * chars < sum(len(line.text) for line in lines)
    has_short = any(lines[i].word_count < article.config.long_line_words for i in block)
    return at_edge and minority and has_short


def _recurring_runs(article: Article) -> list[list[int]]:
    """Maximal runs of recurring lines, bridging single short non-recurring lines."""
    runs: list[list[int]] = []
    run: list[int] = []
    gap: int | None = None
    for i in range(len(article.lines)):
        if article.recurs(i):
            if gap is not None and run:
                run.append(gap)
            gap = None
            run.append(i)
        elif run and gap is None and article.lines[i].word_count < article.config.long_line_words:
            gap = i  # may be bridged if the next line recurs
        else:
            if run:
                runs.append(run)
            run, gap = [], None
    if run:
        runs.append(run)
    return runs


def boilerplate(article: Article) -> dict[int, Verdict]:
    """A line recurring in several other stories of its outlet (one is enough for furniture of
    many outlets, see :meth:`Article.is_generic`); syndicated paragraphs never count."""
    if article.evidence is None:
        return {}
    cfg = article.config
    found = {}
    for i in article.undecided():
        ev = article.evidence[i]
        if ev.stories == 0 or article.is_wire(i):
            continue
        generic = article.is_generic(i)
        if ev.stories < (1 if generic else cfg.boilerplate_min_stories - 1):
            continue
        reason = f"in {_n(ev.stories, 'other story', 'other stories')} of {article.outlet}"
        if generic:
            reason += f", and boilerplate at {ev.recurring_outlets} of the {ev.outlets} outlets that print it"
        found[i] = Verdict(
            "boilerplate",
            reason,
            {
                "stories": ev.stories,
                "outlets": ev.outlets,
                "recurring_outlets": ev.recurring_outlets,
                "source": article.source,
                "examples": list(ev.examples),
            },
        )
    return found


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _ends_a_sentence(text: str) -> bool:
    """Ends with . ! ? or …, possibly followed by a closing quote or bracket."""
    return text.rstrip("\"'”’»)]").endswith((".", "!", "?", "…", "。", "！", "？"))


#: The rules in the order they run: credits and furniture first (their reasons are the most
#: specific; a credit first, so that "By Associated Press" reports its agency rather than being
#: taken as a byline), then the corpus rules, then repeats among what is left.
RULES: dict[RuleName, Callable[[Article], dict[int, Verdict]]] = {
    "credit": credit,
    "template": template,
    "banner": banner,
    "boilerplate": boilerplate,
    "repeat": repeat,
}


def judge(article: Article) -> dict[int, Verdict]:
    """Run every enabled rule in order; returns line index -> verdict for removed lines."""
    for name, rule in RULES.items():
        if name in article.config.rules:
            article.verdicts.update(rule(article))
    return article.verdicts
