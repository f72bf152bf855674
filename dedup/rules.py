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
from .lines import Line
from .repeats import find_repeats
from .templates import match_template
from .types import RuleName

__all__ = ["RULES", "Article", "Verdict", "credit", "repeat", "template"]


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

    def undecided(self) -> list[int]:
        return [i for i in range(len(self.lines)) if i not in self.verdicts]


def template(article: Article) -> dict[int, Verdict]:
    """Page furniture recognised by its shape alone: widgets, datelines, pagination, navigation."""
    found = {}
    for i in article.undecided():
        pattern = match_template(article.lines[i].text)
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
    """A line repeating an earlier kept line of the same article: exact, truncated or near."""
    lines = article.lines
    found = {}
    for i, r in find_repeats(lines, article.undecided(), article.config).items():
        earlier = lines[r.of]
        if r.kind == "exact":
            reason = f"repeats line {earlier.number}"
        elif r.kind == "truncated":
            reason = f"truncated copy of line {earlier.number}"
        else:
            reason = f"near copy of line {earlier.number} ({r.similarity:.0%} similar)"
        found[i] = Verdict(
            "repeat",
            reason,
            {
                "line": earlier.number,
                "start": earlier.start,
                "end": earlier.end,
                "kind": r.kind,
                "similarity": round(r.similarity, 4),
            },
        )
    return found


#: The article-level rules in the order they run.
RULES: dict[RuleName, Callable[[Article], dict[int, Verdict]]] = {
    "template": template,
    "credit": credit,
    "repeat": repeat,
}


def judge(article: Article) -> dict[int, Verdict]:
    """Run every enabled rule in order; returns line index -> verdict for removed lines."""
    for name, rule in RULES.items():
        if name in article.config.rules:
            article.verdicts.update(rule(article))
    return article.verdicts
