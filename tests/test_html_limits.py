"""Hostile HTML: pages over the size limit, attribute bombs, deep nesting, and the linear-time
pieces that long pages go through (the line alignment and the carried-words test).

No timings here: time at n, 2n, 4n is measured by benchmarks/html_growth.py.
"""

from __future__ import annotations

import difflib
import gzip
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dedup
import dedup.align as align
import dedup.html
from dedup.cli import main
from dedup.errors import HTMLDepthWarning, HTMLTooLargeError
from dedup.extract import _WORD, _carried, _normal
from dedup.html import MAX_HTML_BYTES, MAX_HTML_PARAGRAPHS
from dedup.html_tree import MAX_ATTRIBUTES, capped_attributes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aeb" / "html"
SENTENCE = "The city council voted on Monday to approve a new budget after a debate that ran late into the night."


def article(body: str) -> str:
    return f"<html><head><title>Budget</title></head><body>{body}</body></html>"


# ---- the size limit ---------------------------------------------------------------------------


def test_the_default_limits_are_the_configs() -> None:
    assert dedup.Config().max_html_bytes == MAX_HTML_BYTES == 5_000_000
    assert dedup.Config().max_html_paragraphs == MAX_HTML_PARAGRAPHS == 20_000


def test_a_page_of_too_many_paragraphs_is_refused_before_extraction() -> None:
    html = article("".join(f"<p>Item {k}.</p>" for k in range(30)) + "<p> </p>" * 50)
    with pytest.raises(HTMLTooLargeError) as info:
        dedup.Document.from_html(html, url="https://example.com/a", config=dedup.Config(max_html_paragraphs=29))
    message = str(info.value)
    assert message.startswith("https://example.com/a: the page has 30 paragraphs (<p> elements with text), more than")
    assert "max_html_paragraphs=29" in message and "dedup.Config(max_html_paragraphs=...)" in message
    text = dedup.Document.from_html(html, config=dedup.Config(max_html_paragraphs=30)).text
    assert "Item 29." in text
    many = article("".join(f"<p>Item {k}.</p>" for k in range(MAX_HTML_PARAGRAPHS + 1)))
    with pytest.raises(HTMLTooLargeError, match="has 20,001 paragraphs"):
        dedup.Document.from_html(many)


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_a_page_over_the_limit_is_refused_before_it_is_read(as_bytes: bool) -> None:
    html = article("<p>" + "é" * 600 + "</p>")  # 600 characters, 1,200 bytes of UTF-8
    page: str | bytes = html.encode("utf-8") if as_bytes else html
    with pytest.raises(HTMLTooLargeError) as info:
        dedup.Document.from_html(page, url="https://example.com/a", config=dedup.Config(max_html_bytes=1000))
    message = str(info.value)
    assert message.startswith("https://example.com/a: the page is 1,2")
    assert "more than max_html_bytes=1,000" in message and "dedup.Config(max_html_bytes=...)" in message
    assert isinstance(info.value, dedup.InputFormatError)  # caught wherever bad input is


def test_the_default_limit_applies_without_a_config() -> None:
    with pytest.raises(HTMLTooLargeError, match="more than max_html_bytes=5,000,000"):
        dedup.Document.from_html("<html><body><p>" + "a" * MAX_HTML_BYTES + "</p></body></html>")


def test_no_limit_and_a_raised_limit_read_the_page() -> None:
    html = article(f"<article><p>{SENTENCE}</p><p>{SENTENCE.replace('Monday', 'Tuesday')}</p></article>")
    for limit in (None, len(html)):
        assert "approve a new budget" in dedup.Document.from_html(html, config=dedup.Config(max_html_bytes=limit)).text


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "5M"])
def test_the_limit_settings_are_checked(bad: object) -> None:
    with pytest.raises(dedup.ConfigError, match=r"max_html_bytes=.* is out of range"):
        dedup.Config(max_html_bytes=bad)  # type: ignore[arg-type]
    with pytest.raises(dedup.ConfigError, match=r"max_html_paragraphs=.* is out of range"):
        dedup.Config(max_html_paragraphs=bad)  # type: ignore[arg-type]


def test_clean_corpus_reads_pages_with_its_configs_limit() -> None:
    docs = [{"id": "a", "html": article(f"<article><p>{SENTENCE}</p></article>")}]
    with pytest.raises(dedup.InputFormatError, match=r"document 0: the page is .* more than max_html_bytes=100"):
        dedup.clean_corpus(docs, config=dedup.Config(max_html_bytes=100))
    assert "approve a new budget" in dedup.clean_corpus(docs)[0].text


def test_the_command_line_names_a_page_over_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.html"
    big.write_text(article("<p>" + "a" * MAX_HTML_BYTES + "</p>"))
    small = tmp_path / "small.html"
    small.write_text(article(f"<article><p>{SENTENCE}</p></article>"))
    assert main(["clean", str(big)]) == 1
    assert f"{big}: the page is {big.stat().st_size:,} bytes, more than max_html_bytes" in capsys.readouterr().err
    assert main(["clean", "--on-error", "skip", str(big), str(small)]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == [str(small)]
    assert "more than max_html_bytes" in err and "Traceback" not in err


def test_the_command_lines_setting_is_the_limit_of_files_and_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small = tmp_path / "small.html"
    small.write_text(article(f"<article><p>{SENTENCE}</p></article>"))
    records = tmp_path / "pages.jsonl"
    records.write_text(json.dumps({"id": "p", "html": small.read_text()}) + "\n")
    assert main(["clean", "--set", "max_html_bytes=100", str(small)]) == 1
    assert f"{small}: the page is" in capsys.readouterr().err
    assert main(["clean", "--set", "max_html_bytes=100", str(records)]) == 1
    assert f"{records}:1: the page is" in capsys.readouterr().err
    assert main(["clean", "--set", "max_html_bytes=none", str(small), str(records)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


# ---- attribute bombs ----------------------------------------------------------------------------


def test_a_tag_keeps_its_first_attributes_and_the_text_is_read() -> None:
    attributes = " ".join(f'data-a{k}="v{k}"' for k in range(20_000))
    bomb = article(f"<article><p {attributes}>{SENTENCE}</p></article>")
    capped = capped_attributes(bomb)
    assert capped.count("data-a") == MAX_ATTRIBUTES and f'data-a{MAX_ATTRIBUTES - 1}="v' in capped
    assert dedup.Document.from_html(bomb).text == SENTENCE


def test_attributes_of_real_pages_are_left_as_they_are() -> None:
    pages = sorted(FIXTURES.glob("*.html.gz"))
    assert pages
    for path in pages:
        html = dedup.html.decode_html(gzip.decompress(path.read_bytes()))
        assert capped_attributes(html) == html


@given(st.lists(st.sampled_from(['a="1"', "b", "c='>'", 'd=">"', "e=f", "<", ">", " ", "/"]), max_size=40))
def test_capping_never_changes_a_tag_with_few_attributes(parts: list[str]) -> None:
    html = "<p " + " ".join(parts) + ">text</p>"
    assert capped_attributes(html) == html


# ---- deep nesting -------------------------------------------------------------------------------


def nested(depth: int) -> str:
    return article("<div>" * depth + f"<p>{SENTENCE}</p>" + "</div>" * depth)


@pytest.mark.parametrize("depth", [300, 3000])
def test_a_page_nested_too_deep_gives_its_text_and_a_warning(depth: int) -> None:
    with pytest.warns(HTMLDepthWarning, match="nested deeper than the HTML parser reads .* without the nesting"):
        doc = dedup.Document.from_html(nested(depth), url="https://example.com/deep")
    assert doc.text == SENTENCE


def test_a_page_within_the_parsers_depth_gives_its_text_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dedup.Document.from_html(nested(250)).text == SENTENCE


# ---- the linear-time pieces ---------------------------------------------------------------------

LINES = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "share", "x y"]), max_size=30)


def check_alignment(a: list[str], b: list[str], ops: list[align.Opcode]) -> None:
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@given(LINES, LINES)
def test_alignment_is_difflibs_on_small_inputs(a: list[str], b: list[str]) -> None:
    assert align.opcodes(a, b) == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@given(LINES, LINES, st.integers(0, 30))
def test_the_anchored_alignment_is_an_alignment(a: list[str], b: list[str], cells: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "DIFFLIB_CELLS", cells)  # the path long pages take, on short inputs
        ops = align.opcodes(a, b)
    check_alignment(a, b, ops)


def test_the_anchored_alignment_matches_every_line_that_two_long_extractions_share() -> None:
    body = [f"Paragraph {k} of the article." for k in range(2000)]
    recall = [line for k, p in enumerate(body) for line in (p, "Share") if k % 7 or line != "Share"]
    ops = align.opcodes(recall, body)
    check_alignment(recall, body, ops)
    assert sum(i2 - i1 for tag, i1, i2, *_ in ops if tag == "equal") == len(body)


WORDS = st.lists(st.sampled_from(["the", "council", "met", "on", "monday", "vote"]), min_size=0, max_size=60)


@given(WORDS, st.lists(st.lists(st.sampled_from(["the", "council", "met", "on", "vote"]), max_size=12), max_size=8))
def test_carried_lines_are_those_whose_words_the_text_holds_in_a_row(text: list[str], lines: list[list[str]]) -> None:
    candidates = [" ".join(words).capitalize() + "." for words in lines]
    joined = " ".join(text)
    expected = {line for line in candidates if _normal(line).strip() and _normal(line) in _normal(joined)}
    assert _carried(_WORD.findall(joined.lower()), candidates) == expected
