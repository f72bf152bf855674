"""Hypothesis strategies for scraped article text: one module, shared by every property test."""

from __future__ import annotations

from hypothesis import strategies as st

NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\n\n", "\r\n\r\n"])

# Lines of the kinds the rules react to, so that repeats, furniture and credits actually occur.
FURNITURE = st.sampled_from(
    [
        "Share",
        "Reuters",
        "(AP)",
        "Advertisement",
        "Published Mar 10, 2014",
        "Updated: 2015-05-13 09:31",
        "Related Topics:",
        "Previous Page 1 2 Next Page",
        "More From This Section",
        "Print Mail Large Medium  Small 分享按钮 0",
    ]
)
SENTENCES = st.sampled_from(
    [
        "Russia's top diplomat said the talks would be a step in the right direction.",
        "The United States held out the possibility on Monday of a meeting this week.",
        "“We are still awaiting a Russian response,” the statement added.",
        "Kiev accused Russia of sending troops and tanks across the border.",
        "Lavrov previously said that Moscow would recognise the results.",
        "普京与克里讨论了乌克兰危机问题，双方同意加强合作。",
        "Die Gespräche sollen am Montag in Genf fortgesetzt werden.",
    ]
)
# Arbitrary text, lone surrogates and NUL included: nothing may crash or lose characters.
WILD = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()),
    max_size=60,
)


@st.composite
def lines_of_text(draw: st.DrawFn) -> str:
    """A line: a sentence (maybe slightly edited or truncated), furniture, or wild text."""
    kind = draw(st.integers(0, 5))
    if kind <= 1:
        line = draw(SENTENCES)
        if draw(st.booleans()):
            cut = draw(st.integers(10, len(line)))
            line = line[:cut] + draw(st.sampled_from(["", "…", "..."]))
    elif kind == 2:
        line = draw(FURNITURE)
    else:
        line = draw(WILD)
    pad = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])
    return draw(pad) + line + draw(pad)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Article-like text with repeats, furniture and every newline convention."""
    pool = draw(st.lists(lines_of_text(), min_size=1, max_size=8))
    picks = draw(st.lists(st.sampled_from(pool), max_size=25))
    parts: list[str] = [draw(st.sampled_from(["", "\n", "  \n"]))]
    for line in picks:
        parts.append(line)
        parts.append(draw(NEWLINES))
    return "".join(parts)


@st.composite
def band_corpora(draw: st.DrawFn) -> tuple[dict[int, tuple[int, ...]], list[list[int]]]:
    """Lines (exact key -> 8 band keys from a tiny alphabet, so that many pairs agree in some
    bands) and articles as lists of those keys, for the line-cluster rule."""
    n = draw(st.integers(1, 40))
    bands = {key: tuple(draw(st.lists(st.integers(0, 2), min_size=8, max_size=8))) for key in range(1, n + 1)}
    docs = draw(st.lists(st.lists(st.sampled_from(sorted(bands)), min_size=1, max_size=6), min_size=1, max_size=12))
    return bands, docs
