"""HTML in: Document.from_html (text, title, date, source), .html through the CLI, JSONL and
clean_corpus with an ``html`` field, and the line merge of two extractions."""

from __future__ import annotations

import codecs
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.cli import main
from dedup.extract import (
    MIN_PRECISE_SHARE,
    SECTION_MIN_PARAGRAPHS,
    SECTION_MIN_WORDS,
    merge_extractions,
    merged_text,
    recover_sections,
)
from dedup.html import decode_html, readability_paragraphs, source_from_url

PARAGRAPHS = [
    "The city council voted on Monday to approve a new budget after a debate that lasted well into the night.",
    "Council members argued for hours over funding for parks, libraries and the bus network before the final vote.",
    "The mayor said she was pleased with the outcome and thanked the members of the council for their hard work.",
    "The budget takes effect on the first of July and will be reviewed again by the council in six months.",
]


def page(title: str = "Council approves budget", *, date: str | None = "2024-03-05", site: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    nav = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    return (
        f"<html><head><title>{title}</title>{meta}</head><body>{nav}"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer></body></html>"
    )


def test_from_html_gives_text_title_date_and_registered_domain() -> None:
    doc = dedup.Document.from_html(page(), url="https://news.example.co.uk/local/budget-123")
    assert doc.title == "Council approves budget"
    assert doc.published == datetime(2024, 3, 5)
    assert doc.source == "example.co.uk"
    assert doc.url == "https://news.example.co.uk/local/budget-123"
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert "Home" not in doc.text.split("\n")


def test_from_html_without_url_takes_the_site_name() -> None:
    doc = dedup.Document.from_html(page(site="The Example Gazette"), id="p1")
    assert doc.source == "The Example Gazette"
    assert doc.id == "p1"


def test_from_html_of_a_page_without_article_is_empty_not_an_error() -> None:
    doc = dedup.Document.from_html("<html><body></body></html>", url="https://example.com/x")
    assert doc.text == ""
    assert doc.source == "example.com"


def test_from_html_takes_bytes_in_the_charset_the_page_declares() -> None:
    html = page().replace("<head>", '<head><meta charset="windows-1252">').replace("budget", "budget – café")
    doc = dedup.Document.from_html(html.encode("cp1252"), url="https://example.com/budget")
    assert doc.text == dedup.Document.from_html(html, url="https://example.com/budget").text
    assert "budget – café" in doc.text


def test_clean_corpus_takes_html_as_bytes() -> None:
    (result,) = dedup.clean_corpus([{"html": page().encode("utf-16"), "url": "https://a.example.com/x"}])
    assert result.source == "example.com"
    assert PARAGRAPHS[0] in result.text


@pytest.mark.parametrize("bad", [None, 42, ["<p>x</p>"]])
def test_from_html_refuses_what_is_not_a_page(bad: object) -> None:
    with pytest.raises(dedup.InvalidInputError, match="str or bytes"):
        dedup.Document.from_html(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://news.bbc.co.uk/2/hi/world.stm", "bbc.co.uk"),
        ("https://www.Reuters.com/world/x", "reuters.com"),
        ("edition.cnn.com/2017/03/27/europe/x", "cnn.com"),
        ("http://localhost:8000/a", "localhost"),
        ("", None),
    ],
)
def test_source_is_the_registered_domain(url: str, source: str | None) -> None:
    assert source_from_url(url) == source


def test_provenance_maps_into_the_extracted_text() -> None:
    doc = dedup.Document.from_html(page(), url="https://example.com/a")
    (r,) = dedup.clean_corpus([doc])
    assert r.original == doc.text
    for s in r.segments:
        assert r.text[s.clean_start : s.clean_end] == doc.text[s.orig_start : s.orig_end]


def test_html_file_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "budget.html").write_text(page(), encoding="utf-8")
    (tmp_path / "notes.htm").write_text(page("Budget reviewed"), encoding="utf-8")
    code = main(["clean", str(tmp_path)])
    out, _ = capsys.readouterr()
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["id"]).name for r in records] == ["budget.html", "notes.htm"]
    for record in records:
        assert PARAGRAPHS[0] in record["text"]
        assert "<p>" not in record["text"]


ACCENTED = [
    "Le conseil municipal a voté lundi le budget de l’année après un débat qui a duré très tard.",
    "Les élus se sont opposés pendant des heures sur les crédits des parcs, des bibliothèques et des bus.",
    "La maire s’est déclarée satisfaite du résultat et a remercié les élus pour leur travail acharné.",
    "Le budget entre en vigueur le premier juillet et sera réexaminé par le conseil dans six mois.",
]


def accented_page(head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in ACCENTED)
    return f"<html><head>{head}<title>Budget voté</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.html", accented_page().encode("utf-8")),
        ("bom16.html", codecs.BOM_UTF16_LE + accented_page().encode("utf-16-le")),
        ("declared.html", accented_page('<meta charset="iso-8859-15">').encode("iso-8859-15", "replace")),
        ("undeclared1252.htm", accented_page().encode("cp1252")),
    ],
)
def test_html_file_in_any_encoding_a_browser_reads(
    name: str, data: bytes, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # ISO-8859-15 has no curly apostrophe: that page carries "?" in its place.
    want = [p.replace("’", "?") for p in ACCENTED] if name == "declared.html" else ACCENTED
    (tmp_path / name).write_bytes(data)
    assert main(["clean", str(tmp_path / name)]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr()[0].splitlines()]
    for paragraph in want:
        assert paragraph in record["text"]


def test_utf8_page_with_stray_windows_1252_bytes_keeps_every_character() -> None:
    # A UTF-8 page with quotes pasted in from Windows-1252, as saved pages often have.
    data = accented_page().encode("utf-8").replace(b"pendant", b"\x93pendant\x94")
    text = decode_html(data)
    assert "“pendant”" in text
    assert ACCENTED[0] in text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_as_html_without_error(data: bytes) -> None:
    text = decode_html(data)
    assert isinstance(text, str)
    assert len(text) >= (len(data) - 3) // 4  # at most 4 bytes a character: no run of bytes is dropped


def test_jsonl_with_html_field_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    record = {"id": "b1", "html": page(), "url": "https://www.example.com/budget"}
    (tmp_path / "pages.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    code = main(["clean", str(tmp_path / "pages.jsonl")])
    out, _ = capsys.readouterr()
    assert code == 0
    (result,) = [json.loads(line) for line in out.splitlines()]
    assert result["id"] == "b1"
    assert result["source"] == "example.com"
    assert PARAGRAPHS[-1] in result["text"]


def test_clean_corpus_learns_boilerplate_across_html_pages_of_one_site() -> None:
    promo = [
        "Sign up for our morning briefing and get the day's biggest stories delivered to your inbox.",
        "Our journalism depends on readers like you: become a member today and support local news.",
        "Follow us on social media for live updates from the newsroom throughout the day and night.",
    ]
    stories = [
        [
            "The river flooded three villages overnight and forced hundreds of families to leave their homes.",
            "Rescue teams worked until dawn to reach people stranded on rooftops along the valley floor.",
        ],
        [
            "A new railway line opened on Tuesday, cutting the journey between the two cities to under an hour.",
            "Officials said ticket sales in the first week were far higher than the operator had expected.",
        ],
        [
            "The museum unveiled a collection of medieval manuscripts that had been hidden in a cellar for decades.",
            "Curators spent two years restoring the pages before they could be shown to the public this spring.",
        ],
        [
            "Farmers in the region reported the best harvest in a decade thanks to a mild and unusually wet summer.",
            "Prices at the local market fell sharply as stalls filled with apples, pears and late plums.",
        ],
    ]
    docs = []
    for n, story in enumerate(stories):
        body = "".join(f"<p>{p}</p>" for p in story + promo)
        html = f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>{body}</article></body></html>"
        docs.append({"id": f"s{n}", "html": html, "url": f"https://www.example.org/news/{n}"})
    results = dedup.clean_corpus(docs)
    for story, r in zip(stories, results, strict=True):
        assert r.source == "example.org"
        for line in story:
            assert line in r.text
        for line in promo:
            assert line not in r.text
        assert {x.rule for x in r.removals} & {"banner", "boilerplate"}


# --- merging the two extractions ---------------------------------------------------------------

BODY = [
    "The mayor spoke to reporters on Monday morning outside city hall.",
    "She said the budget would pass by June if the council agreed.",
    "Critics said the plan left too little money for the bus network.",
]


def test_precise_lines_are_kept_in_order_and_menus_only_in_recall_are_dropped() -> None:
    recall = "\n".join(["Home | News | Sport", *BODY, "Most read"])
    precise = "\n".join(BODY)
    merged = merge_extractions(recall, precise)
    assert [m.text for m in merged] == BODY
    assert {m.origin for m in merged} == {"both"}


def test_recall_only_sentence_inside_the_body_is_added_at_its_place() -> None:
    extra = "The council is expected to vote on the plan in the first week of June."
    recall = "\n".join([BODY[0], extra, BODY[1], BODY[2]])
    precise = "\n".join(BODY)
    merged = merge_extractions(recall, precise)
    assert [m.text for m in merged] == [BODY[0], extra, BODY[1], BODY[2]]
    assert merged[1].origin == "recall"


def test_recall_only_line_needs_sentence_shape_and_interior_position() -> None:
    short = "Related: budget"
    no_stop = "Read more stories about the city council and its budget plans here"
    edge = "This sentence sits before the body and ends with a full stop as sentences do."
    recall = "\n".join([edge, BODY[0], short, no_stop, BODY[1], BODY[2]])
    merged = merged_text(recall, "\n".join(BODY))
    assert merged.split("\n") == BODY


def test_recall_line_rewrapped_in_the_precise_output_is_not_added_twice() -> None:
    recall = "\n".join([BODY[0], "She said the budget would pass", "by June if the council agreed.", BODY[2]])
    precise = "\n".join(BODY)
    assert merged_text(recall, precise).split("\n") == BODY


def test_precise_only_lines_are_kept() -> None:
    recall = "\n".join([BODY[0], BODY[2]])
    precise = "\n".join(BODY)
    merged = merge_extractions(recall, precise)
    assert [m.text for m in merged] == BODY
    assert merged[1].origin == "precise"


def test_failed_precise_extraction_falls_back_to_recall() -> None:
    recall = "\n".join(BODY * 4)
    precise = "Subscribe"
    assert MIN_PRECISE_SHARE * len(recall.split()) > 1
    merged = merge_extractions(recall, precise)
    assert [m.text for m in merged] == BODY * 4
    assert {m.origin for m in merged} == {"fallback"}


@pytest.mark.parametrize(("bad", "read_as"), [("\ud800", "\ufffd"), ("\udfff", "\ufffd"), ("\ud83d\ude00", "😀")])
def test_surrogates_in_the_page_are_read_as_a_decoder_would_and_lose_no_text(bad: str, read_as: str) -> None:
    # lxml alone stops at a lone surrogate: every paragraph after it would be lost.
    html = page().replace("on Monday", f"on Mon{bad}day", 1)
    doc = dedup.Document.from_html(html, url="https://example.com/budget")
    assert PARAGRAPHS[0].replace("Monday", f"Mon{read_as}day") in doc.text
    for paragraph in PARAGRAPHS[1:]:
        assert paragraph in doc.text


def test_both_empty_merge_to_empty() -> None:
    assert merge_extractions("", "") == ()
    assert merged_text("\n\n", "") == ""


@pytest.mark.parametrize("html", ["", "plain words only", "<html></html>", "<<<>>>", "\x00"])
def test_from_html_of_junk_is_an_empty_document(html: str) -> None:
    doc = dedup.Document.from_html(html, url="http://example.org/a")
    assert (doc.text, doc.source) == ("", "example.org")


def test_title_and_date_survive_when_the_precise_pass_finds_nothing() -> None:
    html = (
        "<html><head><title>Only a title</title>"
        '<meta property="article:published_time" content="2021-06-01"></head><body></body></html>'
    )
    doc = dedup.Document.from_html(html)
    assert (doc.text, doc.title, doc.published) == ("", "Only a title", datetime(2021, 6, 1))


# --- sections lost by both trafilatura modes, given back by a third extraction ------------------

#: The first half of an article that both modes lost: long, distinct body sentences.
LOST = [
    "The budget had been in trouble since the spring, when the state cut its grant to the city by a tenth.",
    "Officials spent the summer looking for savings in every department, from the police to the public libraries.",
    "A first draft closed two swimming pools and a branch library, which brought hundreds of residents to a hearing.",
    "The council sent that draft back in September and asked the finance office for a plan that kept them open.",
]
CAPTION = "The mayor, left, speaks to residents outside city hall on Monday after the council vote on the budget."


def _merged(lines: list[str]) -> tuple[dedup.extract.MergedLine, ...]:
    return merge_extractions("\n".join(lines), "\n".join(lines))


def test_a_lost_section_is_given_back_where_it_aligns() -> None:
    alternative = ["Home", *LOST, *BODY, CAPTION, "Share this article"]
    out = recover_sections(_merged(BODY), alternative)
    assert [m.text for m in out] == [*LOST, *BODY]
    assert [m.origin for m in out] == ["section"] * len(LOST) + ["both"] * len(BODY)
    assert merged_text("\n".join(BODY), "\n".join(BODY), alternative).split("\n") == [*LOST, *BODY]


def test_a_section_inside_the_body_goes_between_its_neighbours() -> None:
    out = recover_sections(_merged(BODY), [BODY[0], *LOST, BODY[1], BODY[2]])
    assert [m.text for m in out] == [BODY[0], *LOST, BODY[1], BODY[2]]


def test_a_section_nothing_anchors_is_ordered_by_the_page() -> None:
    # The other extractor kept only another part of the page: no line in common to align on.
    later = " ".join(["Menu", *BODY, "Advertisement", *LOST, "Footer"])
    earlier = " ".join(["Menu", *LOST, *BODY])
    assert [m.text for m in recover_sections(_merged(BODY), LOST, later)] == [*BODY, *LOST]
    assert [m.text for m in recover_sections(_merged(BODY), LOST, earlier)] == [*LOST, *BODY]
    # Without the page (or when the lines cannot be found in it) the section goes first.
    assert [m.text for m in recover_sections(_merged(BODY), LOST)] == [*LOST, *BODY]
    assert merged_text("\n".join(BODY), "\n".join(BODY), LOST, later).split("\n") == [*BODY, *LOST]


def test_isolated_lines_are_no_section() -> None:
    assert SECTION_MIN_PARAGRAPHS == 4
    few = recover_sections(_merged(BODY), [*LOST[:3], *BODY])  # three paragraphs: no evidence
    assert [m.text for m in few] == BODY
    captions = recover_sections(_merged(BODY), [CAPTION] * 4 + BODY)  # one caption printed four times
    assert [m.text for m in captions] == BODY
    split = recover_sections(_merged(BODY), [LOST[0], LOST[1], BODY[0], LOST[2], LOST[3], BODY[1], BODY[2]])
    assert [m.text for m in split] == BODY  # two runs of two are not one section


def test_section_paragraphs_must_be_long_sentences() -> None:
    short = [f"Short line number {n} of a list." for n in range(6)]
    assert all(len(line.split()) < SECTION_MIN_WORDS for line in short)
    no_stop = [line.rstrip(".") for line in LOST]
    assert [m.text for m in recover_sections(_merged(BODY), [*short, *BODY])] == BODY
    assert [m.text for m in recover_sections(_merged(BODY), [*no_stop, *BODY])] == BODY


def test_section_lines_the_merge_already_has_are_not_added_twice() -> None:
    text = [*LOST, *BODY]
    rewrapped = [" ".join(LOST[:2]), *LOST[2:], *BODY]  # the other extractor joined two paragraphs
    assert [m.text for m in recover_sections(_merged(text), rewrapped)] == text


def test_no_section_is_added_to_a_page_without_article() -> None:
    assert recover_sections((), LOST) == ()
    assert merged_text("", "", LOST) == ""


def test_readability_paragraphs_split_blocks_and_join_inline_text() -> None:
    html = (
        "<html><body><div class='story'><h2>The vote</h2>"
        f"<p>{LOST[0]}</p><p>{LOST[1].replace('summer', '<em>summer</em>')}</p>"
        f"<blockquote>{LOST[2]}</blockquote><p>{LOST[3]}<br>{BODY[0]}</p></div></body></html>"
    )
    paragraphs = readability_paragraphs(html)
    assert paragraphs[-5:] == [*LOST, BODY[0]]
    assert readability_paragraphs("") == []


def test_from_html_gives_back_a_section_the_third_extraction_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = dedup.Document.from_html(page())
    assert not any(line in plain.text for line in LOST)
    monkeypatch.setattr(dedup.html, "readability_paragraphs", lambda html: [*LOST, *PARAGRAPHS])
    doc = dedup.Document.from_html(page())
    assert doc.text.split("\n")[: len(LOST)] == LOST
    assert doc.text.split("\n")[len(LOST) :] == plain.text.split("\n")
