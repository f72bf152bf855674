"""match_template: the first pattern of the table that a whole line matches, found fast.

Most lines are article text and match nothing, so the matcher's work is to try as few
expressions as it can without changing an answer: a line longer than every pattern's bound is
not tried; a pattern is tried only if the line's first characters (or, for a pattern matched
from the end, its last ones) can begin (end) a match of it, and only if the line holds one of its
keywords; the answer for a short line is memoised, since furniture recurs across a corpus.
"""

from __future__ import annotations

from functools import lru_cache

from .patterns import MAX_LINE, PATTERNS, TemplatePattern

__all__ = ["match_template"]

# (length bound, pattern) in matching order: a line longer than a pattern's bound is not tried
# against it.
_BOUNDED: tuple[tuple[int, TemplatePattern], ...] = tuple((p.max_len, p) for p in PATTERNS)
#: Positions in PATTERNS of the patterns matched from the start, and of those matched from the end
#: (which come after them, so that trying the first kind and then the second keeps the table's
#: order), then the patterns tried only at an article's foot (last in the table).
_FORWARD = tuple(k for k, p in enumerate(PATTERNS) if not p.foot_only and not p.from_end)
_BACKWARD = tuple(k for k, p in enumerate(PATTERNS) if not p.foot_only and p.from_end)
_FOOT = tuple(p for p in PATTERNS if p.foot_only)
assert tuple(PATTERNS[k] for k in _FORWARD + _BACKWARD) + _FOOT == PATTERNS, "the table's order is the matching order"

# Characters of a line's opening and closing that select the patterns worth trying (see
# _candidates and _closers).
_OPENING = 3
_CLOSING = 3


def match_template(line: str, *, at_foot: bool = False) -> TemplatePattern | None:
    """Return the first pattern that the whole (stripped) line matches, else None.

    Args:
        line: One physical line of article text, leading and trailing whitespace stripped, in its
            original characters.
        at_foot: The line is in the article's foot (see :func:`~dedup.templates.in_foot`), so the
            patterns tried only there are tried too, after every other one.

    Returns:
        The first matching :class:`~dedup.templates.TemplatePattern` of
        :data:`~dedup.templates.PATTERNS`, or ``None`` when the line is not page furniture.

    >>> match_template("Share this article").name
    'share_widget'
    >>> match_template("Published Mar 10, 2014").reason
    'dateline (publication date)'
    >>> match_template("Seite 1 von 2").name
    'pagination'
    >>> match_template("Share prices fall as Putin meets Trump") is None
    True
    >>> bio = "Uri Friedman is a staff writer at The Atlantic, where he covers global affairs."
    >>> match_template(bio) is None, match_template(bio, at_foot=True).name
    (True, 'author_bio')
    """
    n = len(line)
    if n > MAX_LINE or n == 0:
        return None
    found = _match_short(line) if n <= _MEMO_UP_TO else _match(line)
    if found is None and at_foot:
        found = next((p for p in _FOOT if p.fullmatch(line)), None)
    return found


#: Lines up to this length are memoised; longer ones (a "Read more: <headline>" link, a
#: newsletter invitation) are rarely furniture, and most of them are article sentences that would
#: only crowd the short furniture lines out of the memo.
_MEMO_UP_TO = 120


def _match(line: str) -> TemplatePattern | None:
    n = len(line)
    lower = None
    for bound, pattern in _candidates(line[:_OPENING]):
        if n > bound:
            continue
        if pattern.keywords:  # the line must hold one; lower-cased once for all patterns
            lower = line.lower() if lower is None else lower
            for word in pattern.keywords:
                if word in lower:
                    break
            else:
                continue
        if pattern.regex.fullmatch(line):  # n is within the bound
            return pattern
    for bound, pattern in _closers(line[-_CLOSING:]):
        if n <= bound and pattern.regex.fullmatch(line):
            return pattern
    return None


# A pure function of the line, memoised: short furniture lines recur across a whole corpus
# (every article of an outlet carries its share bar), and each costs up to ten regex runs.
_match_short = lru_cache(maxsize=1 << 16)(_match)


@lru_cache(maxsize=1 << 16)
def _candidates(opening: str) -> tuple[tuple[int, TemplatePattern], ...]:
    """The patterns (with their length bounds, in matching order) that some line beginning with
    ``opening`` could match.

    Every prefix of a line matching a pattern's expression is a partial match of it, so a
    pattern whose expression rejects the opening even as a partial match cannot match the line
    (the length bound is not part of the expression, see :class:`~.grammar.Expression`).
    Openings recur across a corpus far more than lines do, so most lines are tried against one
    or two patterns, not ten. Only the patterns left for the opening without its last character
    are tried (a partial match of a string is one of its prefixes too), so a new opening costs a
    partial match or two.

    Patterns matched from the line's end are selected by :func:`_closers` instead. Two patterns
    open like any sentence (a credit line with a name, an e-mail address); their keywords
    (:attr:`~dedup.templates.TemplatePattern.keywords`) spare most lines their expressions.

    >>> [p.name for _, p in _candidates("Pub")]
    ['advertisement', 'dateline', 'report_credit', 'contact_line']
    >>> _candidates("“We")
    ()
    """
    return tuple(_BOUNDED[k] for k in _candidate_numbers(opening))


@lru_cache(maxsize=1 << 16)
def _candidate_numbers(opening: str) -> tuple[int, ...]:
    """Positions in PATTERNS of :func:`_candidates`."""
    tried = _candidate_numbers(opening[:-1]) if len(opening) > 1 else _FORWARD
    return tuple(k for k in tried if PATTERNS[k].regex.fullmatch(opening, partial=True))


@lru_cache(maxsize=1 << 16)
def _closers(closing: str) -> tuple[tuple[int, TemplatePattern], ...]:
    """The patterns matched from the line's end (with their length bounds, in matching order)
    that some line ending with ``closing`` could match: the mirror of :func:`_candidates`, since
    in reverse mode every suffix of a matching line is a partial match.

    >>> [p.name for _, p in _closers("s »")]
    ['arrow_link']
    >>> _closers("ay.")
    ()
    """
    return tuple(_BOUNDED[k] for k in _closer_numbers(closing))


@lru_cache(maxsize=1 << 16)
def _closer_numbers(closing: str) -> tuple[int, ...]:
    """Positions in PATTERNS of :func:`_closers`."""
    tried = _closer_numbers(closing[1:]) if len(closing) > 1 else _BACKWARD
    return tuple(k for k in tried if PATTERNS[k].regex.fullmatch(closing, partial=True))
