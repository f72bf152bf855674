"""Wrong types get a typed error that says what to do; hostile text gets a correct result."""

from __future__ import annotations

import pytest

import dedup
from tests.invariants import check_invariants


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (b"Putin met Kerry.", "decode it first"),
        (None, "pass ''"),
        (42, "article's text"),
        (["a"], "article's text"),
    ],
)
def test_non_text_input_raises_invalid_input_error_with_a_fix(value: object, hint: str) -> None:
    with pytest.raises(dedup.InvalidInputError, match=hint) as info:
        dedup.clean(value)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, dedup.DedupError)


@pytest.mark.parametrize(
    ("record", "found"),
    [
        ({"text": 5}, "found: text (int)"),
        ({"html": None, "id": 3}, "found: html (NoneType), id (int)"),
        ({"body": "An article."}, "found: body (str)"),
    ],
)
def test_a_record_without_text_or_html_names_what_it_holds(record: dict[str, object], found: str) -> None:
    with pytest.raises(dedup.InputFormatError) as info:
        dedup.clean_corpus([{"text": "A fine article."}, record])
    message = str(info.value)
    assert message.startswith("<input>: document 1: a document needs a 'text' or 'html' string field")
    assert "'html' may also be the page's bytes" in message and found in message
    assert message.count("<input>") == 1


def test_a_record_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(dedup.InvalidInputError, match=r"document 0 is a list: pass dedup.Document objects or dicts"):
        dedup.clean_corpus([["An article."]])  # type: ignore[list-item]


def test_a_wrong_config_type_is_refused() -> None:
    with pytest.raises(dedup.InvalidInputError, match=r"dedup\.Config"):
        dedup.clean("text", config={"repeat_threshold": 0.5})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"repeat_threshold": 0}, "repeat_threshold"),
        ({"repeat_threshold": 1.5}, "repeat_threshold"),
        ({"num_perm": 4}, "num_perm"),
        ({"bands": 7}, "bands"),
        ({"repeat_min_chars": 0}, "repeat_min_chars"),
        ({"shingle_size": 1.5}, "shingle_size"),
        ({"rules": ("repeat", "magic")}, "rules"),
        ({"seed": -1}, "seed"),
    ],
)
def test_invalid_config_names_the_field_and_the_allowed_range(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(dedup.ConfigError, match=field) as info:
        dedup.Config(**kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert "use" in str(info.value)


def test_config_none_switches_near_repeats_off() -> None:
    para = "Putin and Kerry met in Sochi on Tuesday for four hours of talks on Ukraine, Syria and Iran, and agreed to meet again next month in Moscow."
    text = para + "\n" + "Next: " + para  # a near copy: the same line behind a set-off label
    assert dedup.clean(text).text.count("\n") == 0
    assert dedup.clean(text, config=dedup.Config(repeat_threshold=None)).text.count("\n") == 1


@pytest.mark.parametrize("text", ["", " ", "\n\n\r\n", " \t\u00a0\u2028 "])
def test_empty_or_blank_text_gives_an_empty_result(text: str) -> None:
    r = dedup.clean(text)
    assert r.text == "" and r.removals == () and r.segments == ()
    check_invariants(text, r)


def test_nul_and_lone_surrogates_are_kept_and_mapped() -> None:
    text = "Headline\x00 with NUL\nBody \ud800 with a lone surrogate.\nBody \ud800 with a lone surrogate."
    r = dedup.clean(text)
    check_invariants(text, r)
    assert "\x00" in r.text and r.text.count("\ud800") == 1
    assert r.to_dict()["removals"][0]["rule"] == "repeat"


def test_mixed_newlines_are_all_line_breaks() -> None:
    text = "First paragraph of the story.\r\nShare\rSecond paragraph of the story.\u2028Advertisement\u2029Third one."
    r = dedup.clean(text)
    check_invariants(text, r)
    assert [x.rule for x in r.removals] == ["template", "template"]
    assert r.text == "First paragraph of the story.\r\nSecond paragraph of the story.\u2028Third one."


def test_a_five_megabyte_single_line_is_kept_whole() -> None:
    text = "word " * 1_000_000
    r = dedup.clean(text)
    assert r.text == text.strip() and r.removals == ()


def test_two_hundred_thousand_identical_lines_keep_one() -> None:
    text = "The same paragraph printed again and again.\n" * 200_000
    r = dedup.clean(text)
    assert r.text == "The same paragraph printed again and again."
    assert len(r.removals) == 199_999
    assert r.removals[0].reason == "repeats line 1"


def test_two_hundred_thousand_distinct_lines_are_all_kept() -> None:
    text = "\n".join(f"Paragraph number {i} tells item {i * 7919 % 100_003} of the story." for i in range(200_000))
    r = dedup.clean(text)
    assert r.removals == ()
    assert r.text == text


def test_to_original_and_to_clean_refuse_offsets_out_of_range() -> None:
    r = dedup.clean("Share\nPutin met Kerry.")
    assert r.to_original(len(r.text)) == len(r.original)
    with pytest.raises(IndexError):
        r.to_original(len(r.text) + 1)
    with pytest.raises(IndexError):
        r.to_clean(-1)


def test_to_dict_is_json_serialisable_with_byte_offsets() -> None:
    import json

    text = "Zürich — Schweiz\nShare\nÜber die Gespräche berichtete die Zeitung am Montag."
    d = json.loads(json.dumps(dedup.clean(text).to_dict()))
    (removal,) = d["removals"]
    assert removal["rule"] == "template" and removal["text"] == "Share\n"
    assert removal["start"] == 17 and removal["start_byte"] == len("Zürich — Schweiz\n".encode())
    assert d["segments"][1]["orig_start_byte"] == removal["end_byte"]
