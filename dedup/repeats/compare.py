"""Whether a line that resembles an earlier kept line is a copy of it: which words differ.

Two lines of one article that share most of their words are either one text printed twice (a
headline with and without its section label, a caption with and without its credit, a teaser cut
with an ellipsis) or two parallel items (two days of a meal plan, two rows of a table, two answers
of a FAQ). How many words they share does not tell the two apart; the words that differ do. The
later line is a copy when it carries nothing the kept line lacks:

- words it lacks are fine (a cut teaser, a dropped attribution), except a number or a negation
  missing from its middle;
- words it adds count only at its edges and set off from the text (``Next:``, ``| Site``,
  ``(Photo: X / AP)``, a duration, a timestamp before tabs), or as the cut fragment after an
  ellipsis;
- a word in place of another (``TV`` for ``Watch``, ``8 oz`` for ``4 oz``, another label before a
  colon) is new content, and a different number or an added negation always is;
- spelling that only breaks words differently (``U.S.``/``US``, soft hyphens) is no difference.

Lines of a family of parallel lines (:mod:`dedup.repeats.families`) are compared as such: only
spelling, a cut marked with an ellipsis and labels set off at the edges may differ.

    >>> from dedup.lines import split_lines
    >>> kept, later = split_lines("The info screen of an Apple Watch.\\nThe info screen of an Apple TV.")
    >>> compare(kept, later).why
    "has 'TV' for 'Watch'"
    >>> kept, later = split_lines("Why climate researchers are worried\\nNext:  Why climate researchers are worried")
    >>> c = compare(kept, later)
    >>> c.copy, c.why
    (True, "adds only 'Next:'")
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from ..lines import Line, tokenize

__all__ = ["NEGATIONS", "Comparison", "Words", "before_cut", "compare", "compare_words", "ends_with_cut"]

# Word pairs compared with difflib's exact matcher at most; longer pairs use its "autojunk"
# heuristic (popular words are not matched on), which keeps the cost near-linear.
_EXACT_DIFF_CELLS = 160_000
# Common first or last words set aside before aligning the rest: at least this many.
_SURE_END_WORDS = 3
# A cut fragment after an ellipsis that counts as furniture: at most this many words.
_CUT_FRAGMENT_WORDS = 3
# Characters that set a label off from the text after it ("Next:", "Opinion|", "[Video]", "HELSINKI
# —"), and those that set a credit or a counter off from the text before it ("(AP Photo)", "| Site",
# "/ AFP"). A colon or a dash before added words opens more text (a subtitle, a quote, a product's
# colour), so at the end only brackets, bars and slashes count.
_SETS_OFF_HEAD = frozenset("|)]}>»›•·:—–―\t")
_SETS_OFF_TAIL = frozenset("|([{<«‹•·~©\t")
# A slash sets words off only with a space beside it: inside an address it joins them.
_SLASH = re.compile(r"\s[/\\]|[/\\]\s")
_DASH = re.compile(r"(?:^|\s)[-–—―](?:\s|$)")
_WHITESPACE_RUN = re.compile(r"\s\s")
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?", re.IGNORECASE)
# An ellipsis closing a line, maybe followed by a link's one or two words ("... more").
_CUT_END = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])(?:\s*\S{1,20}){0,2}\s*\Z")
# Words that turn a statement around, by language: one added or lost makes a line new content.
# Normal-form words (case-folded); English "n't" is the word "t" after "don", "isn", ... (see
# _has_negation).
_NEGATIONS_BY_LANGUAGE = {
    "en": ("not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "without", "cannot"),
    "de": ("nicht", "kein", "keine", "keinen", "keiner", "keines", "nie", "niemals", "ohne"),
    "fr": ("ne", "pas", "non", "jamais", "aucun", "aucune", "sans"),
    "es": ("nunca", "nada", "ningún", "ninguna", "ningun", "sin"),
    "pt": ("não", "nao", "nem", "nenhum", "nenhuma", "sem"),
    "nl": ("niet", "geen", "nooit", "zonder"),
    "pl": ("nie", "żaden", "bez"),
    "ru": ("не", "нет", "ни", "никогда", "без"),
    "zh, ja": ("不", "没", "沒", "無", "无", "非", "別", "别", "未"),
    "ko": ("아니", "안", "못", "않"),
}
#: Every negation word of :data:`_NEGATIONS_BY_LANGUAGE`.
NEGATIONS = frozenset(w for words in _NEGATIONS_BY_LANGUAGE.values() for w in words)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The later line against the kept one: a copy or not, and why, in a few words."""

    copy: bool
    #: "differs only in spelling", "adds only 'Next:'", "lacks 'has'", "adds 'spinach'", ...
    why: str
    #: Words the later line adds that the kept line lacks (its new content), for the evidence.
    added: tuple[str, ...] = ()


class Words:
    """A line's words for comparison: its normal-form tokens, with runs of single letters joined
    (``u s`` -> ``us``), and where each sits in the line's text when that can be traced."""

    __slots__ = ("_ends", "_spans", "_tokens", "_traced", "text", "words")

    def __init__(self, line: Line) -> None:
        self.text = line.text
        tokens = line.tokens
        words: list[str] = []
        ends: list[int] = []  # per word, the index after its last token
        k = 0
        while k < len(tokens):
            end = k + 1
            if _is_letter(tokens[k]):
                while end < len(tokens) and _is_letter(tokens[end]):
                    end += 1
            words.append("".join(tokens[k:end]))
            ends.append(end)
            k = end
        self.words = words
        self._ends = ends
        self._tokens = tokens
        self._traced = False
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]] | None:
        """Each word's span in the line's text, or None when the words cannot be traced there
        (found when first needed: most comparisons never look at the text)."""
        if not self._traced:
            self._traced = True
            spans = _token_spans(self.text, self._tokens)
            if spans is not None:
                starts = [0, *self._ends[:-1]]
                self._spans = [(spans[k][0], spans[end - 1][1]) for k, end in zip(starts, self._ends, strict=True)]
        return self._spans

    def between(self, k: int) -> str | None:
        """The text between word ``k - 1`` and word ``k`` (from the line's start for k = 0, to
        its end for k = len(words)); None when the words could not be traced in the text."""
        if self.spans is None:
            return None
        start = self.spans[k - 1][1] if k > 0 else 0
        end = self.spans[k][0] if k < len(self.spans) else len(self.text)
        return self.text[start:end]

    def show_edge(self, i: int, j: int) -> str:
        """Words i..j-1 at an edge of the line with the marks that set them off ("Next:", "(AP)")."""
        if self.spans is None or i >= j:
            return self.show(i, j)
        start = 0 if i == 0 else self.spans[i][0]
        end = len(self.text) if j == len(self.spans) else self.spans[j - 1][1]
        if i == 0 and j < len(self.spans):
            end = self.spans[j][0]
        if j == len(self.spans) and i > 0:
            start = self.spans[i - 1][1]
        return self.text[start:end].strip(" ,;.\t\u00a0") or self.show(i, j)

    def show(self, i: int, j: int) -> str:
        """Words i..j-1 as they are written in the line (their normal form when untraced)."""
        if self.spans is None or i >= j:
            return " ".join(self.words[i:j])
        return self.text[self.spans[i][0] : self.spans[j - 1][1]]


def compare(kept: Line, later: Line, *, family: bool = False, new_words: int = 0) -> Comparison:
    """Is ``later`` a copy of the earlier kept line ``kept``?

    ``family``: the two belong to a family of parallel lines (see :mod:`dedup.repeats.families`),
    so only spelling, a marked cut and set-off labels may differ. ``new_words``: how many words
    the later line may add in its text (outside labels, credits and times at its edges) and still
    be a copy; numbers and negations never count as allowed.

    >>> from dedup.lines import split_lines
    >>> a, b = split_lines("Portions: 2 Green, 1 Red, 3 Yellow, 1 tsp.\\nPortions: 2 Green, 1 Red, 1 tsp.")
    >>> compare(a, b).why
    "lacks '3 Yellow'"
    """
    return compare_words(Words(kept), Words(later), family=family, new_words=new_words)


def compare_words(kept: Words, later: Words, *, family: bool = False, new_words: int = 0) -> Comparison:
    """:func:`compare` of two lines' :class:`Words` (which a caller comparing a line often keeps)."""
    return _Judge(kept, later, family, new_words, ends_with_cut(later.text)).run()


def ends_with_cut(text: str) -> bool:
    """The line ends with an ellipsis, maybe followed by a link's word or two ("... more")."""
    return _CUT_END.search(text) is not None


def before_cut(text: str) -> str | None:
    """The text before the ellipsis that ends the line (and the link's words after it), or None
    when the line does not end with a cut.

    >>> before_cut("The mayor said on Monday that the... more"), before_cut("The end.")
    ('The mayor said on Monday that the', None)
    """
    found = _CUT_END.search(text)
    return None if found is None else text[: found.start()].rstrip()


class _Judge:
    """One comparison: walks the word alignment and collects what the later line adds and lacks."""

    def __init__(self, a: Words, b: Words, family: bool, new_words: int, b_cut: bool) -> None:
        self.a, self.b = a, b
        self.family, self.allowance, self.b_cut = family, (0 if family else new_words), b_cut
        self.a_vocabulary = frozenset(a.words)
        self.furniture: list[str] = []  # the later line's set-off additions
        self.lacks: list[str] = []  # the kept line's words the later line lacks
        self.spelling = False
        self.new: list[str] = []  # new words (not in the kept line at all)
        self.blocking: str | None = None  # a difference that makes new content whatever the allowance

    def run(self) -> Comparison:
        a, b = self.a.words, self.b.words
        ops = _alignment(a, b)
        equal = [k for k, op in enumerate(ops) if op[0] == "equal" or _same_letters(a, b, op)]
        if not equal:
            return Comparison(False, "shares no run of words")
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            if k in equal:
                self.spelling |= tag != "equal"
                continue
            where: Literal["head", "inner", "tail"] = "head" if k < equal[0] else "tail" if k > equal[-1] else "inner"
            if tag == "delete":
                self._lacks(where, i1, i2)
            elif tag == "insert":
                self._adds(where, j1, j2)
            else:
                self._replaces(where, i1, i2, j1, j2)
        return self._verdict()

    def _lacks(self, where: str, i1: int, i2: int) -> None:
        a = self.a
        if where == "inner":
            # Out of the middle: a number or a negation changes what the line says; among
            # parallel lines any word does (an item fewer).
            meaningful = self.family or _has_number_or_negation(a.words[i1:i2])
        elif where == "head":  # parallel lines may lose a label set off from the text only
            meaningful = self.family and not _sets_off(a.between(i2), _SETS_OFF_HEAD, dash=True)
        else:  # parallel lines may be cut only where a cut is marked
            meaningful = self.family and not self.b_cut
        if meaningful:
            self.blocking = self.blocking or f"lacks {_q(a.show(i1, i2))}"
        else:
            self.lacks.append(a.show(i1, i2))

    def _adds(self, where: str, j1: int, j2: int) -> None:
        b = self.b
        run = b.words[j1:j2]
        shown = b.show(j1, j2) if where == "inner" else b.show_edge(j1, j2)
        if where != "inner" and not _has_negation(run):
            if self._set_off(where, j1, j2) or self._cut_fragment(where, run):
                self.furniture.append(shown)
                return
            if not self.family and not any(_has_digit(w) or w not in self.a_vocabulary for w in run):
                self.furniture.append(shown)  # repeats words of the kept line ("Name Name is ...")
                return
        self._new_content(run, f"adds {_q(shown)}")

    def _replaces(self, where: str, i1: int, i2: int, j1: int, j2: int) -> None:
        a, b = self.a, self.b
        old, run = "".join(a.words[i1:i2]), "".join(b.words[j1:j2])
        if where == "head" and old.endswith(run) and not self.family:
            self.lacks.append(a.show(i1, i2))  # a label glued to the first word ("HomeNews" + "Title")
            return
        if where == "tail" and old.startswith(run) and (self.b_cut or not self.family):
            self.lacks.append(a.show(i1, i2))  # cut inside a word ("Calif." for "California")
            return
        if where == "tail" and self.b_cut and self._set_off("tail", j1, j2):
            self.lacks.append(a.show(i1, i2))  # "... more" in place of the rest
            self.furniture.append(b.show_edge(j1, j2))
            return
        words = b.words[j1:j2]
        # Words swapped around ("Putin met Trump" for "Trump met Putin") are all new content.
        moved = set(a.words[i1:i2]) <= set(b.words) and set(words) <= self.a_vocabulary
        self._new_content(words, f"has {_q(b.show(j1, j2))} for {_q(a.show(i1, i2))}", moved=moved)

    def _new_content(self, run: Sequence[str], why: str, moved: bool = False) -> None:
        """Words the later line adds or puts in place of others: new words count against the
        allowance; a number the kept line lacks, or a negation, is new content whatever it is."""
        new = list(run) if moved else [w for w in run if w not in self.a_vocabulary]
        self.new.extend(new)
        numbers = [w for w in run if _has_digit(w) and (moved or w not in self.a_vocabulary)]
        if self.blocking is None and (numbers or _has_negation(run) or len(self.new) > self.allowance):
            self.blocking = why

    def _set_off(self, where: str, j1: int, j2: int) -> bool:
        """The run is set off from the rest of the line: by a separator, or being a time."""
        b = self.b
        between = b.between(j2) if where == "head" else b.between(j1)
        whole = between is not None and any(c.isspace() for c in between)
        if whole and (_TIME.fullmatch(b.show(j1, j2)) or _LINK.fullmatch(b.show(j1, j2))):
            return True  # a whole time or address, not the start of a longer one
        if where == "head":
            return _sets_off(b.between(j2), _SETS_OFF_HEAD, dash=True)
        return _sets_off(b.between(j1), _SETS_OFF_TAIL, dash=False)

    def _cut_fragment(self, where: str, run: Sequence[str]) -> bool:
        """A few words before the ellipsis that cuts the later line, past the kept line's end
        (two cuts of one teaser): a fragment without a number says nothing new."""
        return where == "tail" and self.b_cut and len(run) <= _CUT_FRAGMENT_WORDS and not any(map(_has_digit, run))

    def _verdict(self) -> Comparison:
        if self.blocking is not None:
            return Comparison(False, self.blocking, tuple(self.new))
        parts = []
        if self.furniture:
            parts.append("adds only " + ", ".join(_q(f) for f in self.furniture))
        if self.lacks:
            parts.append("lacks " + ", ".join(_q(f) for f in self.lacks))
        if self.new:
            parts.append("adds the word" + ("s " if len(self.new) > 1 else " ") + ", ".join(_q(w) for w in self.new))
        if self.spelling or not parts:
            parts.append("differs only in spelling" if not parts else "spelling differs")
        return Comparison(True, "; ".join(parts), tuple(self.new))


def _alignment(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes turning ``a`` into ``b``. When most words are the same at both ends,
    those are set aside first, so lines that differ in a word or two cost little whatever their
    length; an end of one or two common words is not (the alignment may put them elsewhere)."""
    head = tail = 0
    most = min(len(a), len(b))
    while head < most and a[head] == b[head]:
        head += 1
    while tail < most and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    if head + tail > most:  # the ends overlap: the longer one keeps its words
        head, tail = (head, most - head) if head >= tail else (most - tail, tail)
    head = head if head >= _SURE_END_WORDS else 0
    tail = tail if tail >= _SURE_END_WORDS else 0
    if 2 * (head + tail) < most:
        head = tail = 0
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    if mid_a or mid_b:
        matcher = SequenceMatcher(None, mid_a, mid_b, autojunk=len(mid_a) * len(mid_b) > _EXACT_DIFF_CELLS)
        ops += [(t, i1 + head, i2 + head, j1 + head, j2 + head) for t, i1, i2, j1, j2 in matcher.get_opcodes()]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return _merged(ops)


def _merged(ops: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Adjacent equal runs as one (the trimmed ends next to a matched middle)."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if out and op[0] == "equal" and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        else:
            out.append(op)
    return out


def _token_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each normal-form token sits in ``text``, or None if the tokens cannot be traced
    (normalisation that changes a word's letters; then nothing counts as set off)."""
    spans: list[tuple[int, int]] = []
    k = 0
    for m in _RAW_WORD.finditer(text):
        word = m.group()
        pieces = [word.lower()] if word.isascii() else tokenize(word)
        if tokens[k : k + len(pieces)] != pieces:
            return None
        k += len(pieces)
        if len(pieces) == 1:
            spans.append(m.span())
        else:  # characters of unspaced scripts: one token each, at one position each when possible
            step = len(word) == len(pieces)
            spans.extend((m.start() + c, m.start() + c + 1) if step else m.span() for c in range(len(pieces)))
    return spans if k == len(tokens) else None


_RAW_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[a-z]")


def _is_letter(token: str) -> bool:
    return len(token) == 1 and _LETTER.match(token) is not None


def _same_letters(a: Sequence[str], b: Sequence[str], op: tuple[str, int, int, int, int]) -> bool:
    """A replacement that only breaks the same letters into other words ("e mail" / "email")."""
    tag, i1, i2, j1, j2 = op
    return tag == "replace" and "".join(a[i1:i2]) == "".join(b[j1:j2])


def _sets_off(between: str | None, marks: frozenset[str], *, dash: bool) -> bool:
    """The text between two words holds a mark that sets them apart: one of ``marks``, a slash
    with a space beside it, a tab or a run of spaces, an ellipsis, or (``dash``) a dash with a
    space on one side."""
    if not between:
        return False
    return (
        not marks.isdisjoint(between)
        or _SLASH.search(between) is not None
        or _WHITESPACE_RUN.search(between) is not None
        or "..." in between
        or "…" in between
        or (dash and _DASH.search(between) is not None)
    )


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _has_negation(run: Sequence[str]) -> bool:
    """A negation word, or an English "n't" ("doesn t", "can t")."""
    return any(w in NEGATIONS or (w == "t" and k > 0 and run[k - 1].endswith("n")) for k, w in enumerate(run))


def _has_number_or_negation(run: Sequence[str]) -> bool:
    return _has_negation(run) or any(map(_has_digit, run))


def _q(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 40 else text[:37] + "...")
