"""The HTML report: structure, escaping of untrusted text, no index locations, and a real browser.

The browser tests run Debian's headless ``chromium`` (installed by .ci/run); without it they
skip, saying how to install it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import dedup
from benchmarks.report_10k import chromium_flags
from dedup.cli import main
from dedup.report import _json_for_html, render_report, write_report
from tests.corpora import BANNERS, paragraph, story

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
# Would set an attribute on <body> if it ever ran; the attribute's name is built at run time so
# that the article's text (which the page shows) never contains it.
SET_MARKER = "document.body.setAttribute('data-'+'pw'+'ned','ran')"
MARKER = "data-pwned"
SECTION_LINKS = ["#totals", "#outlets", "#clusters", "#articles"]
HOSTILE_LINES = [
    f"<script>{SET_MARKER}</script>",
    f'<img src="x" onerror="{SET_MARKER}">',
    f'<a href="javascript:{SET_MARKER}">read more</a>',
    f"</style><script>{SET_MARKER}</script><style>",
    f"</script><script>{SET_MARKER}</script><!--",
    "<!-- an open comment, a line separator \u2028 and a paragraph separator \u2029 -->",
]


def seed_results() -> list[dedup.CleanResult]:
    docs = [dedup.Document(text=p.read_text(encoding="utf-8"), id=p.name) for p in sorted(SEEDS.glob("*.txt"))]
    return dedup.clean_corpus(docs)


def hostile_results() -> list[dedup.CleanResult]:
    """Hostile markup as article text, as a boilerplate line of its outlet, as the outlet and as an id."""
    outlet = f"<b>evil</b>.example<script>{SET_MARKER}</script>"
    docs = []
    for n in range(4):
        text = "\n".join([story("evil", n), *HOSTILE_LINES[n % 2 :: 2], HOSTILE_LINES[0]])
        docs.append({"id": f'<img src=x onerror="{SET_MARKER}">{n}', "source": outlet, "text": text})
    docs.append({"id": "plain", "source": "calm.example", "text": "\n".join([story("calm", 0), *HOSTILE_LINES])})
    return dedup.clean_corpus(docs)


def report_data(page: str) -> dict[str, Any]:
    """The JSON block of a report, parsed the way the page's script parses it."""
    found = re.findall(r'<script type="application/json" id="report-data">(.*?)</script>', page, flags=re.S)
    assert len(found) == 1
    data: dict[str, Any] = json.loads(found[0])
    return data


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text outside <script>/<style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._raw += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._raw -= tag in ("script", "style") and self._raw > 0

    def handle_data(self, data: str) -> None:
        if not self._raw:
            self.text.append(data)


def elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


# ---- Python-level ------------------------------------------------------------------------------
def test_article_pieces_replay_the_original_and_the_removals_exactly() -> None:
    results = seed_results()
    data = report_data(render_report(results))
    assert [a["i"] for a in data["articles"]] == [r.id for r in results]
    for article, r in zip(data["articles"], results, strict=True):
        pieces = article["p"]
        assert "".join(p if isinstance(p, str) else p[0] for p in pieces) == r.original
        removed = [(p[0], data["rules"][p[1]], data["reasons"][p[2]]) for p in pieces if not isinstance(p, str)]
        assert removed == [(r.original[m.start : m.end], m.rule, m.reason) for m in r.removals]
        assert sum(article["r"]) == sum(m.end - m.start for m in r.removals)


def test_totals_count_characters_and_lines_removed_by_rule() -> None:
    results = seed_results()
    page = render_report(results)
    text = " ".join(" ".join(elements(page).text).split())
    for rule in ("repeat", "template", "credit", "banner"):
        chars = sum(m.end - m.start for r in results for m in r.removals if m.rule == rule)
        lines = sum(
            1
            for r in results
            for m in r.removals
            if m.rule == rule
            for ln in r.original[m.start : m.end].splitlines()
            if ln.strip()
        )
        assert f"{rule} {lines:,} {chars:,}" in text
    assert "5 articles (5 with removals, 0 syndicated copies)" in text
    assert page.count('<rect class="bar r') == len(dedup.types.RuleName.__args__)  # type: ignore[attr-defined]


def test_outlet_lists_its_boilerplate_lines_and_banners_with_counts() -> None:
    notice = "Follow the Courier on social media for the latest local news and updates from our reporters."
    docs = []
    for n in range(4):
        body = [*story("courier", n).splitlines(), *story("courier", 10 + n).splitlines()]
        lines = [*body[:2], notice, *body[2:], *BANNERS["herald.example"]]  # the notice alone, mid-article
        docs.append({"id": f"c{n}", "source": "courier.example", "text": "\n".join(lines)})
    results = dedup.clean_corpus(docs)
    assert {m.rule for r in results for m in r.removals} == {"banner", "boilerplate"}
    page = render_report(results, title="Courier run")
    text = " ".join(elements(page).text)
    for r in results:
        for m in r.removals:
            assert r.original[m.start : m.end].strip().splitlines()[0] in text
    assert re.search(r"4 articles\s*Support independent journalism\s+Dear readers,", text)
    assert f"4 articles {notice}" in text
    assert "courier.example: " in text and "<title>Courier run</title>" in page


def test_clusters_show_the_canonical_copy_and_what_each_copy_adds() -> None:
    wire = [paragraph("wire", k) for k in range(6)]
    intro = paragraph("local-intro", 0)
    docs = [
        {"id": "w", "source": "wire.example", "published": "2018-07-16T08:00:00Z", "text": "\n".join(wire)},
        {"id": "x", "source": "x.example", "published": "2018-07-16T09:00:00Z", "text": "\n".join([intro, *wire])},
        {"id": "y", "source": "y.example", "published": "2018-07-16T10:00:00Z", "text": "\n".join(wire[:4])},
    ]
    data = report_data(render_report(dedup.clean_corpus(docs)))
    (cluster,) = data["clusters"]
    assert cluster["id"] == "w" and data["articles"][cluster["a"]]["i"] == "w"
    members = {data["articles"][m["a"]]["i"]: m for m in cluster["m"]}
    assert members["x"]["adds"] == [intro] and members["x"]["lacks"] == 0
    assert members["y"]["adds"] == [] and members["y"]["lacks"] > 0  # two paragraphs' words, about


def test_hostile_text_is_escaped_in_every_part_of_the_page() -> None:
    results = hostile_results()
    assert any(m.rule == "boilerplate" for r in results for m in r.removals)  # shown in the outlet section
    page = render_report(results, title="<script>alert(1)</script>")
    parsed = elements(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("script") == 2 and tags.count("style") == 1
    assert not {"img", "iframe", "object", "embed", "link", "base", "form"} & set(tags)
    assert [a["href"] for t, a in parsed.tags if t == "a"] == SECTION_LINKS  # the table of contents only
    for _, attrs in parsed.tags:
        assert not {"src", "srcset", "action", "onerror", "onload"} & set(attrs)
    assert page.count("</script>") == 2 and page.count("</style>") == 1 and page.count("<!--") == 0
    visible = "".join(parsed.text)
    assert HOSTILE_LINES[0] in visible and "<b>evil</b>.example" in visible  # outlet lists show it as text
    data = report_data(page)
    assert {"<", ">", "&", "\u2028", "\u2029"}.isdisjoint(re.search(r"report-data\">(.*?)</script>", page, re.S)[1])  # type: ignore[index]
    for article, r in zip(data["articles"], results, strict=True):
        assert "".join(p if isinstance(p, str) else p[0] for p in article["p"]) == r.original


def test_json_block_escapes_whatever_could_end_it() -> None:
    value = ["</script><script>x()</script>", "<!-- -->", "a\u2028b\u2029c", "lone \ud800 surrogate", "&amp;"]
    text = _json_for_html(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value
    text.encode("utf-8")  # lone surrogates are \u escapes, so the file is valid UTF-8


def test_page_loads_nothing_and_allows_only_its_own_script_and_style() -> None:
    page = render_report(seed_results())
    parsed = elements(page)
    (csp,) = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None and "default-src 'none'" in csp
    script = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    style = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    import base64
    import hashlib

    for body, directive in ((script[0], "script-src"), (style[0], "style-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert not re.search(r"https?://|@import|url\(|src=", page.split('id="report-data"')[0])
    assert re.findall(r'href="([^"]*)"', page) == SECTION_LINKS


def test_report_never_shows_where_the_index_lives(tmp_path: Path) -> None:
    location = tmp_path / "private-dir" / "news.dedup"
    location.parent.mkdir()
    docs = [{"id": f"d{n}", "source": "a.example", "text": story("a", n) + "\nShare"} for n in range(3)]
    with dedup.Index.open(location) as idx:
        page = render_report(dedup.clean_corpus(docs, index=idx), index=idx)
    assert "Most recurring lines in the index" in page
    assert "private-dir" not in page and str(tmp_path) not in page and "news.dedup" not in page


def test_report_never_shows_a_redis_url_or_its_password(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.config_set("requirepass", "s3cret-pw")
    client.close()
    url = redis_url.replace("redis://", "redis://:s3cret-pw@")
    docs = [{"id": f"d{n}", "source": "a.example", "text": story("a", n)} for n in range(3)]
    idx = dedup.Index.open(url)
    try:
        page = render_report(dedup.clean_corpus(docs, index=idx), index=idx)
    finally:
        idx.close()
    assert "s3cret-pw" not in page and "redis://" not in page and "127.0.0.1" not in page


def test_bad_arguments_raise_typed_errors() -> None:
    with pytest.raises(dedup.InvalidInputError, match="clean_corpus"):
        render_report("not results")  # type: ignore[arg-type]
    with pytest.raises(dedup.InvalidInputError, match=r"results\[1\]"):
        render_report([dedup.clean("a"), {"text": "b"}])  # type: ignore[list-item]
    with pytest.raises(dedup.InvalidInputError, match="index"):
        render_report([], index="news.dedup")  # type: ignore[arg-type]
    with pytest.raises(dedup.InvalidInputError, match="title"):
        render_report([], title=None)  # type: ignore[arg-type]
    with pytest.raises(dedup.ConfigError, match="page_size"):
        render_report([], page_size=0)


def test_report_command_writes_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    index = tmp_path / "idx" / "news.dedup"
    index.parent.mkdir()
    code = main(["report", *map(str, sorted(SEEDS.glob("*.txt"))), "-o", str(out), "--index", str(index)])
    assert code == 0
    assert "5 articles" in capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert len(report_data(page)["articles"]) == 5 and str(index) not in page
    assert main(["report", str(SEEDS / "000_6c5c5e19d0649f3a.txt"), "-o", str(tmp_path / "no" / "r.html")]) == 1
    assert "cannot write" in capsys.readouterr().err


# ---- in a real browser ---------------------------------------------------------------------------
def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("chromium")
    if exe is None:
        pytest.skip("chromium is not installed: apt-get install chromium (.ci/run does)")
    with tempfile.TemporaryDirectory(prefix="dedup-chromium-") as profile:
        flags = chromium_flags(profile)
        done = subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def rendered_articles(dom: str) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    """(text shown, [(struck-through text, rule, title)]) for each article card, in page order."""
    root = lxml.html.fromstring(dom)
    cards = []
    for card in root.xpath("//article[@data-index]"):
        (body,) = card.xpath('.//div[@class="text"]')
        struck = [(d.text_content(), d.get("data-rule"), d.get("title")) for d in body.xpath(".//del | .//s")]
        cards.append((body.text_content(), struck))
    return cards


def test_browser_strikes_through_exactly_the_removals_of_the_seed_articles(tmp_path: Path) -> None:
    results = seed_results()
    page = tmp_path / "seeds.html"
    write_report(results, page)
    dom = chromium("--dump-dom", page.as_uri()).stdout
    assert 'data-render-ms="' in dom  # the page's own script ran
    cards = rendered_articles(dom)
    assert len(cards) == len(results)
    for (shown, struck), r in zip(cards, results, strict=True):
        assert shown == r.original
        assert struck == [(r.original[m.start : m.end], m.rule, f"{m.rule}: {m.reason}") for m in r.removals]
    shot = tmp_path / "seeds.png"
    chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_browser_shows_hostile_articles_as_text_and_runs_nothing(tmp_path: Path) -> None:
    results = hostile_results()
    page = tmp_path / "hostile.html"
    write_report(results, page, title=f"<script>{SET_MARKER}</script>")
    dom = chromium("--dump-dom", page.as_uri()).stdout
    assert 'data-render-ms="' in dom  # the page's own script ran, and nothing else did:
    assert MARKER not in dom
    root = lxml.html.fromstring(dom)
    assert not root.xpath("//img | //iframe | //body//style | //*[@onerror]")
    assert root.xpath("//a/@href") == SECTION_LINKS
    assert len(root.xpath("//script")) == 2
    cards = rendered_articles(dom)
    assert [shown for shown, _ in cards] == [r.original for r in results]
    assert all(line in cards[-1][0] for line in HOSTILE_LINES)


def test_browser_filters_by_rule_and_outlet_and_searches_from_the_link(tmp_path: Path) -> None:
    docs = [
        dedup.Document(text=p.read_text(encoding="utf-8"), id=p.name, source="a.example" if n < 3 else "b.example")
        for n, p in enumerate(sorted(SEEDS.glob("*.txt")))
    ]
    results = dedup.clean_corpus(docs)
    want = {"rule": "template", "outlet": "a.example", "q": "MiLiTary"}

    def shown(rule: str | None, outlet: str | None, q: str | None) -> list[str | None]:
        return [
            r.id
            for r in results
            if (rule is None or any(m.rule == rule for m in r.removals))
            and (outlet is None or r.source == outlet)
            and (q is None or q.lower() in f"{r.id}\n{r.source}\n{r.original}".lower())
        ]

    expected = shown(want["rule"], want["outlet"], want["q"])
    assert expected and all(shown(**{**want, k: None}) != expected for k in want)  # each filter matters here
    page = tmp_path / "filters.html"
    write_report(results, page)
    dom = chromium("--dump-dom", page.as_uri() + "#rule=template&outlet=a.example&q=MiLiTary").stdout
    root = lxml.html.fromstring(dom)
    assert [results[int(k)].id for k in root.xpath("//article/@data-index")] == expected


def test_lone_surrogates_and_an_empty_run_still_give_a_valid_page(tmp_path: Path) -> None:
    results = dedup.clean_corpus(
        [{"id": "s", "text": "Kerry met Lavrov \ud800 today.\nShare", "source": "x\udc00.example"}]
    )
    out = tmp_path / "r.html"
    write_report(results, out)
    page = out.read_bytes().decode("utf-8")  # valid UTF-8
    assert "x\ufffd.example" in page and "Kerry met Lavrov \\ud800 today." in page
    empty = render_report([])
    assert "0 articles" in empty and report_data(empty)["articles"] == []
