"""The repeat rule: exact, near and truncated copies of earlier lines; short lines may recur."""

from __future__ import annotations

import dedup


def rules_of(text: str) -> list[tuple[str, str]]:
    return [(r.rule, r.reason) for r in dedup.clean(text).removals]


def test_exact_repeat_through_the_normal_form_is_removed_and_first_kept() -> None:
    text = '“Our positions do not correspond,” Lavrov said.\nShe nodded.\n"OUR positions do not correspond" -- Lavrov said.'
    r = dedup.clean(text)
    assert r.text.startswith("“Our positions")
    assert rules_of(text) == [("repeat", "repeats line 1")]


def test_near_repeat_with_one_changed_word_is_removed() -> None:
    a = "Kerry on Wednesday warned Russia that sanctions pressure could be intensified if Moscow does not show commitment to a ceasefire agreement signed with the rebels in September."
    b = a.replace("intensified", "increased")
    ((rule, reason),) = rules_of(a + "\n" + b)
    assert rule == "repeat" and reason.startswith("near copy of line 1")


def test_truncated_copy_of_an_earlier_line_is_removed() -> None:
    a = "Moscow yesterday appeared keen to pull back slightly by specifying it respected the results of a leadership vote held by the rebels last weekend."
    b = "Moscow yesterday appeared keen to pull back slightly by specifying it resp…"
    assert rules_of(a + "\n" + b) == [("repeat", "truncated copy of line 1")]


def test_a_short_prefix_is_not_a_truncated_copy() -> None:
    a = "Russian Foreign Minister Sergei Lavrov said on Monday that talks would continue."
    assert rules_of(a + "\nRussian Foreign Minister Sergei Lavrov") == []


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
