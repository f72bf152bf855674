"""The repeat rule: exact, near and truncated copies of earlier lines; short lines may recur.

Shapes of parallel content and of true repeats, in several languages, are data in
tests/repeat_cases/ (tests/test_repeat_cases.py); the labelled sample of real pages is
tests/repeat_labels/ (tests/test_repeat_labels.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dedup
from dedup.lines import split_lines
from dedup.repeats import find_repeats
from dedup.repeats.compare import compare
from dedup.repeats.edges import EdgeIndex
from dedup.repeats.truncated import TruncatedSearch


def rules_of(text: str, config: dedup.Config | None = None) -> list[tuple[str, str]]:
    return [(r.rule, r.reason) for r in dedup.clean(text, config=config).removals]


def test_exact_repeat_through_the_normal_form_is_removed_and_first_kept() -> None:
    text = '“Our positions do not correspond,” Lavrov said.\nShe nodded.\n"OUR positions do not correspond" -- Lavrov said.'
    r = dedup.clean(text)
    assert r.text.startswith("“Our positions")
    assert rules_of(text) == [("repeat", "repeats line 1")]


KERRY = (
    "Kerry on Wednesday warned Russia that sanctions pressure could be intensified if Moscow does not show "
    "commitment to a ceasefire agreement signed with the rebels in September."
)


def test_a_changed_word_is_new_content_unless_the_setting_allows_it() -> None:
    edited = KERRY.replace("intensified", "increased")
    assert rules_of(KERRY + "\n" + edited) == []
    ((rule, reason),) = rules_of(KERRY + "\n" + edited, dedup.Config(repeat_new_words=1))
    assert rule == "repeat" and reason == "near copy of line 1: adds the word 'increased'"


def test_without_the_word_criterion_the_jaccard_threshold_alone_decides_as_before() -> None:
    edited = KERRY.replace("intensified", "increased")
    ((_, reason),) = rules_of(KERRY + "\n" + edited, dedup.Config(repeat_new_words=None))
    assert reason == "near copy of line 1 (79% similar)"


def test_a_number_or_a_negation_is_new_content_whatever_the_setting() -> None:
    config = dedup.Config(repeat_new_words=5)
    assert rules_of(KERRY + "\n" + KERRY.replace("September", "October 2014"), config) == []
    assert rules_of(KERRY + "\n" + KERRY.replace("does not show", "does show"), config) == []
    assert rules_of(KERRY + "\n" + KERRY.replace("could be", "could not be"), config) == []


def test_the_reason_says_what_matched_and_what_differs() -> None:
    headline = "Lavrov and Kerry agree to meet again in Geneva next week"
    assert rules_of(f"{headline}\nNext:  {headline}") == [("repeat", "near copy of line 1: adds only 'Next:'")]
    caption = "Sergei Lavrov speaks to reporters in Moscow after the talks on Monday."
    ((_, reason),) = rules_of(f"{caption}\n{caption[:-1]} (Photo: Ivan Petrov / Reuters)")
    assert reason == "near copy of line 1: adds only '(Photo: Ivan Petrov / Reuters)'"
    spelled = "The U.S. delegation left Geneva on Monday without a joint statement."
    ((_, reason),) = rules_of(f"{spelled}\n{spelled.replace('U.S.', 'US')}")
    assert reason == "near copy of line 1: differs only in spelling"
    result = dedup.clean(f"{headline}\nNext:  {headline}")
    assert result.removals[0].evidence["differences"] == "adds only 'Next:'"


def test_truncated_copy_of_an_earlier_line_is_removed() -> None:
    a = "Moscow yesterday appeared keen to pull back slightly by specifying it respected the results of a leadership vote held by the rebels last weekend."
    b = "Moscow yesterday appeared keen to pull back slightly by specifying it resp…"
    assert rules_of(a + "\n" + b) == [("repeat", "truncated copy of line 1: its first 12 words")]


def test_a_short_prefix_is_not_a_truncated_copy() -> None:
    a = "Russian Foreign Minister Sergei Lavrov said on Monday that talks would continue."
    assert rules_of(a + "\nRussian Foreign Minister Sergei Lavrov") == []


def test_a_cut_teaser_goes_and_its_full_paragraph_stays_whichever_comes_first() -> None:
    full = (
        "Moscow appeared keen to pull back slightly by saying it respected the results of the vote held by the rebels."
    )
    teaser = "Moscow appeared keen to pull back slightly by saying it respected the results..."
    assert rules_of(f"{full}\n{teaser}") == [("repeat", "truncated copy of line 1: its first 13 words")]
    assert rules_of(f"{teaser}\n{full}") == [
        ("repeat", "preview of line 2, which prints it in full: its first 13 words")
    ]
    r = dedup.clean(f"{teaser}\n{full}")
    assert r.text == full and dedup.clean(r.text).text == r.text


def test_a_headline_repeating_the_opening_words_without_a_cut_is_not_a_preview() -> None:
    full = (
        "Moscow appeared keen to pull back slightly by saying it respected the results of the vote held by the rebels."
    )
    assert rules_of(f"Moscow appeared keen to pull back slightly by saying\n{full}") == []


def test_a_teaser_that_others_copy_stays_so_that_every_removal_points_at_a_kept_line() -> None:
    full = (
        "Moscow appeared keen to pull back slightly by saying it respected the results of the vote held by the rebels."
    )
    teaser = "Moscow appeared keen to pull back slightly by saying it respected the results..."
    shorter = "Moscow appeared keen to pull back slightly by saying it…"  # a truncated copy of the teaser
    found = rules_of(f"{teaser}\n{shorter}\n{full}")
    assert found == [("repeat", "truncated copy of line 1: its first 10 words")]


def test_speaker_labels_of_a_transcript_may_recur() -> None:
    text = "DONALD TRUMP:\nWe had a great meeting.\nVLADIMIR PUTIN (through translator):\nYes, it was useful.\nDONALD TRUMP:\nThank you all."
    assert rules_of(text) == []


def test_a_short_line_repeated_alone_stays_but_not_inside_a_repeated_block() -> None:
    tweet = "— Donald J. Trump (@realDonaldTrump) July 15, 2018"
    text = f"First tweet about the summit, in full.\n{tweet}\nA paragraph of reporting.\nSecond, different tweet text.\n{tweet}"
    assert rules_of(text) == []
    caption = "Sergei Lavrov in Moscow, March 2018"  # not a sentence (a photo credit is a template line)
    long = "Russian Foreign Minister Sergei Lavrov takes part in a news conference in Moscow on Monday."
    assert [r for r, _ in rules_of(f"{long}\n{caption}\nBody text.\n{long}\n{caption}")] == ["repeat", "repeat"]


def test_short_lines_may_recur() -> None:
    text = "Q:\nWhat did Lavrov say about the talks?\nQ:\nAnd about the sanctions?"
    assert rules_of(text) == []


def test_different_paragraphs_sharing_a_quote_are_both_kept() -> None:
    a = "Lavrov said the talks were useful, and added that Moscow wanted an early ceasefire in the east."
    b = "Kerry said the talks were useful, but warned that Washington would add sanctions if fighting resumed."
    assert rules_of(a + "\n" + b) == []


def test_teaser_block_then_full_body_keeps_the_line_only_the_second_copy_has() -> None:
    body = [f"Paragraph {w} of the story says something different about the summit." for w in ("one", "two", "three")]
    text = "\n".join(
        [*body[:2], "More From This Section", *body[:1], "A line only the full body has, about the summit.", *body[1:]]
    )
    r = dedup.clean(text)
    assert r.text.splitlines() == [*body[:2], "A line only the full body has, about the summit.", body[2]]


def test_a_family_of_parallel_lines_keeps_the_line_that_lacks_an_item() -> None:
    rows = [
        "Portions for Monday: 2 Green, 1 Red, 1 Yellow, 1 Blue, 2 tsp.",
        "Portions for Tuesday: 2 Green, 1 Red, 1 Orange, 2 tsp.",
        "Portions for Friday: 2 Green, 1 Red, 1 Yellow, 2 tsp.",
    ]
    a, b = split_lines(rows[0] + "\nPortions for Monday: 2 Green, 1 Red, 1 Blue, 2 tsp.")
    assert not compare(a, b).copy  # a number in the middle is missing: new content even alone
    captions = [
        "A woman holds a sign as she joins the march through the old town on Saturday, ahead of the vote.",
        "A couple walk with the march through the old town on Saturday, ahead of the vote.",
        "A man with a drum joins the march through the old town on Saturday, ahead of the vote.",
    ]
    later = "A woman joins the march through the old town on Saturday, ahead of the vote."
    a, b = split_lines(captions[0] + "\n" + later)
    assert compare(a, b).copy  # alone, the later line only lacks words of the first
    assert rules_of("\n".join([*captions, later])) == []  # among parallel captions it is another photo's


def test_repeat_new_words_is_validated() -> None:
    with pytest.raises(dedup.ConfigError, match="repeat_new_words"):
        dedup.Config(repeat_new_words=-1)
    with pytest.raises(dedup.ConfigError, match="repeat_new_words"):
        dedup.Config(repeat_new_words=True)  # type: ignore[arg-type]
    assert dedup.Config(repeat_new_words=None).repeat_new_words is None


# --- the searches against brute force ---------------------------------------------------------

WORDS = st.sampled_from(["the", "talks", "began", "on", "monday", "in", "geneva", "and", "ended", "late"])
LINES = st.lists(st.lists(WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=25)


@given(LINES, st.sampled_from(["", "…"]))
def test_truncated_search_finds_the_earliest_kept_longer_line(texts: list[str], end: str) -> None:
    lines = split_lines("\n".join(t + (end if k % 2 else "") for k, t in enumerate(texts)))
    unique = list(dict((line.normal, i) for i, line in reversed(list(enumerate(lines)))).values())[::-1]
    unique.sort()
    config = dedup.Config(truncated_min_words=2)
    search = TruncatedSearch(lines, unique, config)
    kept: list[int] = []
    for i in unique:
        q = lines[i]
        whole = q.word_count - 1
        looked_up = 1 <= whole <= 200 and (whole >= 2 or (whole >= 5 and q.text.endswith("…")))
        expected = next((j for j in kept if looked_up and lines[j].normal.startswith(q.normal)), None)
        assert (search.longer_kept(i) if search.active else None) == expected
        search.keep(i)
        kept.append(i)


@given(LINES)
def test_edge_index_finds_every_kept_line_this_one_extends(texts: list[str]) -> None:
    lines = split_lines("\n".join(texts))
    index = EdgeIndex(lines)
    for i, line in enumerate(lines):
        words = line.tokens
        expected = set()
        for j in range(i):
            theirs = lines[j].tokens
            extra = len(words) - len(theirs)
            core = 1 <= extra <= 8 and len(theirs) >= max(4, (len(words) + 1) // 2)
            if core and (words[extra:] == theirs or words[: len(theirs)] == theirs):
                expected.add(j)
            if lines[j].normal.replace(" ", "") == line.normal.replace(" ", "") and min(len(words), len(theirs)) >= 4:
                expected.add(j)
        found = set(index.candidates(i))
        assert {min(j for j in range(i) if lines[j].normal == lines[k].normal) for k in expected} <= found
        index.keep(i)


def test_find_repeats_is_the_same_with_the_lines_precomputed_keys() -> None:
    text = "\n".join(
        [
            "Why the council wants more night buses in the north of the city",
            "Next:  Why the council wants more night buses in the north of the city",
            "Portions: 2 Green, 1 Red, 1 Yellow, 2 tsp.",
            "Portions: 2 Green, 1 Red, 2 tsp.",
        ]
    )
    from dedup.prepare import fingerprint_lines

    lines = split_lines(text)
    config = dedup.Config()
    (fp,) = fingerprint_lines([lines], config)
    alone = find_repeats(lines, range(len(lines)), config)
    assert find_repeats(lines, range(len(lines)), config, fp.repeat_keys, fp.openings) == alone
    assert sorted(alone) == [1]
