"""The template rule's patterns: page furniture recognised by shape, never sentence content.

Each pattern's cases (the lines it must take, the lines it must leave, the credit a line
reports) are data: one file per pattern in tests/template_cases/ (its README.md gives the
schema), all read by test_template_case. The tests below it are about the table as a whole.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dedup
from dedup.templates import MAX_LINE, PATTERNS, PATTERNS_BY_NAME, TemplatePattern, match_template

CASES = Path(__file__).resolve().parent / "template_cases"
#: The article text after a credit case's line.
SENTENCE = "The talks began on Monday in the Finnish capital."
#: What each kind of case asserts (see template_cases/README.md).
KINDS = ("matches", "leaves", "credits")


def name_of(line: str) -> str | None:
    pattern = match_template(line)
    return pattern.name if pattern else None


def _case_files() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(CASES.glob("*.json"))}


CASE_FILES = _case_files()


def _line(case: str | dict[str, Any]) -> str:
    return case if isinstance(case, str) else str(case["line"])


# ---------------------------------------------------------------------------------------------
# every pattern's cases, from tests/template_cases/<pattern>.json
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "case"),
    [
        pytest.param(name, kind, case, id=f"{name}-{kind}-{k}")
        for name, data in CASE_FILES.items()
        for kind in KINDS
        for k, case in enumerate(data.get(kind, ()))
    ],
)
def test_template_case(name: str, kind: str, case: str | dict[str, Any]) -> None:
    pattern = PATTERNS_BY_NAME[name]
    line = _line(case)
    if kind == "matches" and pattern.foot_only:
        assert match_template(line) is None, line  # tried at an article's foot only
        assert match_template(line, at_foot=True) is pattern, line
    elif kind == "matches":
        assert name_of(line) == name, line
    elif kind == "leaves":
        assert match_template(line, at_foot=True) is None, line
    else:
        assert isinstance(case, dict)
        r = dedup.clean(f"{line}\n{SENTENCE}")
        removed_as = name if case["rule"] == "template" else None
        assert [(x.rule, x.evidence.get("pattern")) for x in r.removals] == [(case["rule"], removed_as)]
        assert r.credit == case["credit"]


def test_every_pattern_has_a_case_file_of_its_name() -> None:
    assert sorted(CASE_FILES) == sorted(p.name for p in PATTERNS)
    for name, data in CASE_FILES.items():
        assert data["pattern"] == name
        assert set(data) <= {"pattern", *KINDS}
        assert data["matches"], f"{name}.json: no line the pattern must take"
        for case in (c for kind in KINDS for c in data.get(kind, ())):
            assert isinstance(case, str) or set(case) <= {"line", "note", "rule", "credit"}, case


# ---------------------------------------------------------------------------------------------
# what cleaning does with the lines of some patterns
# ---------------------------------------------------------------------------------------------


def test_outlet_copyright_notice_credits_no_agency() -> None:
    line = (
        "Copyright 2018 by WDIV ClickOnDetroit. The Associated Press contributed to this report. All rights reserved."
    )
    r = dedup.clean(f"The talks began on Monday in the Finnish capital.\n{line}")
    assert [x.reason for x in r.removals] == ["copyright notice"]
    assert r.credit is None


def test_photo_credit_is_removed_and_credits_no_agency() -> None:
    text = (
        "The two leaders met in Helsinki on Monday.\n"
        "Photo: Pablo Martinez Monsivais, AP\n"
        "They spoke for two hours without aides.\n"
        "Brendan Smialowski, AFP/Getty Images"
    )
    r = dedup.clean(text)
    assert [(x.rule, x.reason) for x in r.removals] == [
        ("template", "photo credit"),
        ("template", "photo credit (picture agency)"),
    ]
    assert r.text == "The two leaders met in Helsinki on Monday.\nThey spoke for two hours without aides."
    assert r.credit is None  # the agency took the picture, it did not send the story


def test_author_bio_is_removed_at_the_foot_of_an_article_only() -> None:
    body = [
        "The two presidents met on Monday in the Finnish capital for talks that lasted over two hours.",
        "Officials on both sides said the meeting had been planned for months.",
        "Protesters gathered near the palace, holding signs about press freedom.",
        "A joint news conference followed, in which both leaders took questions.",
        "Markets barely moved as traders waited for details of any agreement.",
        "Analysts said the outcome would be judged by what happens in the coming weeks.",
    ]
    bio = "Bob Woodward is the author of a new book about the White House."
    early = dedup.clean("\n".join([body[0], bio, *body[1:]]))
    assert early.removals == ()  # inside the story: a sentence of it
    late = dedup.clean("\n".join([*body, bio]))
    assert [(x.rule, x.reason, x.evidence["pattern"]) for x in late.removals] == [
        ("template", "author's biography", "author_bio")
    ]


# ---------------------------------------------------------------------------------------------
# the table, and properties that hold for every pattern
# ---------------------------------------------------------------------------------------------


def test_pattern_table_names_are_unique_and_reasons_are_sentences() -> None:
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names))
    assert all(p.reason and p.reason[0].islower() for p in PATTERNS)


def test_template_pattern_is_frozen_and_its_repr_omits_the_expression() -> None:
    pattern = PATTERNS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pattern.name = "other"  # type: ignore[misc]
    assert repr(pattern).startswith("TemplatePattern(name=")
    assert "regex" not in repr(pattern)
    assert isinstance(pattern, TemplatePattern)


def test_empty_line_is_not_template() -> None:
    assert match_template("") is None


def test_long_run_of_widget_words_is_not_template() -> None:
    # Widgets are short: each expression bounds the line length.
    assert name_of(" ".join(["Share"] * 40)) is None
    assert name_of("Advertisement " * 10) is None


@pytest.mark.parametrize(
    "line",
    [
        "分享到" * 39 + "X",
        "Share on Facebook " * 6 + "x",
        "A-" * 59 + "x",
        "1 " * 59 + "x",
        "Updated July 15, 2018 | " * 4 + "x",
        "By " + "Aa " * 39 + "x",  # a byline's names, without end
        "By " + "A. " * 39 + "!",
        "Read more: " + "Aa " * 60 + ".",
        "Sign up " + "for the " * 23 + "x",
        "x" * 100_000,
    ],
)
def test_adversarial_line_is_rejected_quickly(line: str) -> None:
    start = time.perf_counter()
    assert match_template(line) is None
    assert time.perf_counter() - start < 1.0


# Words a sentence might be built from, including every kind of furniture vocabulary, so that the
# property below also tries sentences that are nothing but widget and navigation words.
_FURNITURE_TEXT = (
    "share print email mail tweet pin facebook twitter on this article story page via more close "
    "next previous prev page of published updated posted july may today ago hours read related "
    "most popular recommended tags topics advertisement sponsored comments skip to content back "
    "top image photo stampa teilen partager compartir delen en no na op"
)
_FURNITURE_WORDS = _FURNITURE_TEXT.split()
_WORD = st.one_of(st.sampled_from(_FURNITURE_WORDS), st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10))


@given(words=st.lists(_WORD, min_size=12, max_size=30))
def test_line_containing_a_sentence_never_matches(words: list[str]) -> None:
    sentence = " ".join(words).capitalize() + "."
    assert match_template(sentence) is None


@given(
    words=st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10), min_size=12, max_size=30),
    before=st.sampled_from(["", "Share ", "Updated ", "Read more: ", "July 15, 2018 "]),
)
def test_furniture_words_followed_by_a_sentence_never_match(words: list[str], before: str) -> None:
    assert match_template(before + " ".join(words) + ".") is None


def test_lines_longer_than_every_pattern_bound_are_skipped_without_changing_results() -> None:
    assert MAX_LINE == 400
    long_widget = "Share " * 80
    assert len(long_widget.strip()) > MAX_LINE
    assert match_template(long_widget.strip()) is None
    assert not any(p.fullmatch(long_widget.strip()) for p in PATTERNS)
    assert any(p.regex.fullmatch(long_widget.strip()) for p in PATTERNS)  # the bound is what refuses it


# ---------------------------------------------------------------------------------------------
# The opening pre-test (dedup.templates._candidates) never changes an answer
# ---------------------------------------------------------------------------------------------


def _every_pattern(line: str) -> str | None:
    """The first pattern matching the line away from an article's foot, trying all of them (no
    pre-test, no memo)."""
    return next((p.name for p in PATTERNS if not p.foot_only and p.fullmatch(line)), None)


def _listed_lines() -> list[str]:
    """Every line of the case files and of this module's parametrised tests, furniture or not."""
    lines = [_line(case) for data in CASE_FILES.values() for kind in KINDS for case in data.get(kind, ())]
    for test in list(globals().values()):
        for mark in getattr(test, "pytestmark", ()):
            if mark.name == "parametrize" and mark.args[0] == "line":
                lines.extend(mark.args[1])
    return lines


def test_opening_pretest_gives_the_answer_of_every_pattern_on_the_listed_lines() -> None:
    lines = _listed_lines()
    assert len(lines) > 150
    variants = [v for line in lines for v in (line, line.upper(), line.lower(), "» " + line, line + " |")]
    matched = 0
    for line in variants:
        expected = _every_pattern(line) if 0 < len(line) <= MAX_LINE else None
        assert name_of(line) == expected, line
        matched += expected is not None
    assert matched > 100  # the check covers furniture, not only sentences


_PIECE = st.one_of(
    st.sampled_from([*_FURNITURE_WORDS, "Facebook", "Twitter", "WhatsApp", "Seite", "von", "Foto", "de", "AM", "PM"]),
    st.integers(0, 2030).map(str),
    st.sampled_from([":", "|", "-", "»", "•", "/", ",", "(", ")", "12:30", "Mar", "10,", "2014", "·"]),
)


@given(pieces=st.lists(_PIECE, min_size=1, max_size=8), title=st.booleans())
def test_opening_pretest_gives_the_answer_of_every_pattern_on_furniture_like_lines(
    pieces: list[str], title: bool
) -> None:
    line = " ".join(pieces)
    line = line.title() if title else line
    assert name_of(line) == _every_pattern(line)


# ---------------------------------------------------------------------------------------------
# Wire credits: the opening pre-test of dedup.credits never changes an answer
# ---------------------------------------------------------------------------------------------

_CREDIT_LINES = [
    "Reuters",
    "(AP)",
    "By AFP",
    "— Reuters",
    "Source: dpa",
    "© AFP 2018",
    "Reuters/AP",
    "AP and Reuters",
    "The Associated Press",
    "[Reuters]",
    "Copyright Thomson Reuters 2019.",
    "Copyright 2018 The Associated Press. All rights reserved.",
    "© Copyright 2019 AFP. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "via Bloomberg News",
    "Quelle: dpa",
    "来源：新华社",
]
_NOT_CREDITS = ["Reuters reported the talks.", "ap", "Ria", "Putin met Trump.", "The Associated Press said", "(c)"]


@pytest.mark.parametrize("line", _CREDIT_LINES + _NOT_CREDITS)
def test_credit_pretest_gives_the_answer_of_the_full_expression(line: str) -> None:
    from dedup.credits import _CREDIT_LINE, match_credit

    assert (match_credit(line) is not None) == (line in _CREDIT_LINES)
    if match_credit(line) is None:
        return
    assert _CREDIT_LINE.fullmatch(line) is not None


@given(
    pieces=st.lists(
        st.sampled_from(
            ["Reuters", "AP", "AFP", "dpa", "by", "By", "©", "(", ")", "/", "and", "2018", "—", "The", " "]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_credit_pretest_agrees_with_the_expression_on_credit_like_lines(pieces: list[str]) -> None:
    from dedup.credits import _CREDIT_LINE, match_credit

    line = " ".join(pieces).strip()
    if _CREDIT_LINE.fullmatch(line) is None:
        assert match_credit(line) is None
    else:  # the pre-test let it through: the answer is the expression's
        from dedup.credits import _may_open_a_credit

        assert _may_open_a_credit(line[:3])
