"""An HTML report of a cleaning run: one self-contained file showing what was removed, where and why.

Sections: totals (with an inline SVG bar chart), each outlet's boilerplate lines and banners,
every article with its removed spans struck through and coloured by rule (the reason on
hover; filters by rule and outlet; a search box), and the syndication clusters with what each
copy adds.

The file loads nothing: its CSS, script and chart are inline, and a Content-Security-Policy
allows only that one stylesheet and that one script (by hash). Article text is untrusted: the
static parts escape it with :func:`html.escape`; the articles and clusters travel as JSON in a
``<script type="application/json">`` block in which ``<``, ``>``, ``&``, U+2028 and U+2029 are
``\\u`` escapes (so ``</script>`` or ``<!--`` in an article cannot end the block), and the
script shows them through ``textContent`` only. The report holds the articles' ids, outlets and
text, never where an index lives (no file path, no ``redis://`` URL).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._report_assets import RULE_COLOURS, SCRIPT, STYLE
from .config import ALL_RULES
from .errors import ConfigError, InvalidInputError
from .index import Index
from .lines import line_spans
from .types import CleanResult

__all__ = ["render_report", "write_report"]

#: Lines listed per outlet in each of its lists (boilerplate lines, banners, recurring lines).
TOP_LINES = 20
_UNKNOWN = "(source unknown)"
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def render_report(
    results: Iterable[CleanResult], index: Index | None = None, *, title: str = "dedup report", page_size: int = 50
) -> str:
    """The HTML report of cleaned articles, as one self-contained page.

    Args:
        results: what :func:`dedup.clean_corpus` (or :func:`dedup.clean`) returned.
        index: the index the articles were cleaned against; adds each outlet's most recurring
            lines (:meth:`dedup.Index.top_lines`). Its location is never shown.
        title: the page title.
        page_size: articles per page.

    >>> import dedup
    >>> page = render_report(dedup.clean_corpus([{"text": "Share\\n<b>Putin</b> met Kerry.", "id": "a1"}]))
    >>> page.startswith("<!DOCTYPE html>"), "<b>" in page, "\\\\u003cb\\\\u003ePutin" in page
    (True, False, True)
    """
    rs = _check_results(results)
    if index is not None and not isinstance(index, Index):
        raise InvalidInputError(f"index must be a dedup.Index or None, got {type(index).__name__}")
    if not isinstance(title, str):
        raise InvalidInputError(f"title must be a str, got {type(title).__name__}")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ConfigError(f"page_size={page_size!r} is out of range: use a whole number of articles >= 1")
    summary = _summarise(rs)
    recurring = {o.name: index.top_lines(o.source, TOP_LINES) for o in summary.outlets} if index is not None else {}
    data = _page_data(rs, page_size)
    script_block = f'<script type="application/json" id="report-data">{_json_for_html(data)}</script>'
    csp = (
        "default-src 'none'; base-uri 'none'; form-action 'none'; "
        f"style-src '{_sha256(_STYLE_TEXT)}'; script-src '{_sha256(SCRIPT)}'"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_STYLE_TEXT}</style>",
        "</head><body>",
        f"<h1>{_esc(title)}</h1>",
        _TOC,
        _legend(),
        _totals_html(summary),
        _outlets_html(summary, recurring),
        _clusters_html(),
        _articles_html(),
        script_block,
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_report(
    results: Iterable[CleanResult],
    path: str | os.PathLike[str],
    index: Index | None = None,
    *,
    title: str = "dedup report",
    page_size: int = 50,
) -> int:
    """Write :func:`render_report` to ``path`` (UTF-8); returns the number of bytes written.

    >>> import dedup, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp) / "report.html"
    ...     write_report(dedup.clean_corpus([{"text": "Putin met Kerry.", "id": "a1"}]), out) == out.stat().st_size
    True
    """
    data = render_report(results, index, title=title, page_size=page_size).encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)


# ---- what the report counts -----------------------------------------------------------------
@dataclass
class _Outlet:
    name: str
    source: str | None
    articles: int = 0
    chars: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    boilerplate: Counter[str] = field(default_factory=Counter)
    banners: Counter[str] = field(default_factory=Counter)
    banner_text: dict[str, str] = field(default_factory=dict)


@dataclass
class _Summary:
    articles: int = 0
    lines: int = 0
    chars: int = 0
    with_removals: int = 0
    copies: int = 0
    lines_removed: Counter[str] = field(default_factory=Counter)
    chars_removed: Counter[str] = field(default_factory=Counter)
    outlets: list[_Outlet] = field(default_factory=list)


def _check_results(results: Iterable[CleanResult]) -> list[CleanResult]:
    if isinstance(results, CleanResult):
        return [results]
    if isinstance(results, (str, bytes)) or not isinstance(results, Iterable):
        raise InvalidInputError(
            f"results must be CleanResults (what dedup.clean_corpus returns), got {type(results).__name__}"
        )
    rs = list(results)
    for n, r in enumerate(rs):
        if not isinstance(r, CleanResult):
            raise InvalidInputError(f"results[{n}] is a {type(r).__name__}: pass what dedup.clean_corpus returns")
    return rs


def _nonblank_lines(text: str) -> list[str]:
    """The stripped non-blank lines, split as :mod:`dedup.lines` splits them.

    >>> _nonblank_lines(" a \\r\\n\\n b\\u2028c")
    ['a', 'b', 'c']
    """
    return [stripped for _, _, stripped in line_spans(text)]


def _summarise(results: Sequence[CleanResult]) -> _Summary:
    s = _Summary(articles=len(results))
    outlets: dict[str | None, _Outlet] = {}
    for r in results:
        o = outlets.get(r.source)
        if o is None:
            o = outlets[r.source] = _Outlet(r.source if r.source is not None else _UNKNOWN, r.source)
        o.articles += 1
        o.chars += len(r.original)
        s.lines += len(_nonblank_lines(r.original))
        s.chars += len(r.original)
        s.with_removals += bool(r.removals)
        s.copies += r.duplicate_of is not None
        seen_lines: set[str] = set()
        seen_banners: set[str] = set()
        for rem in r.removals:
            chunk = r.original[rem.start : rem.end]
            lines = _nonblank_lines(chunk)
            s.lines_removed[rem.rule] += len(lines)
            s.chars_removed[rem.rule] += len(chunk)
            o.removed[rem.rule] += len(chunk)
            if rem.rule == "boilerplate":
                seen_lines.update(lines)
            elif rem.rule == "banner":
                key = " ".join(chunk.split())
                seen_banners.add(key)
                o.banner_text.setdefault(key, "\n".join(lines))
        o.boilerplate.update(seen_lines)  # counted once per article
        o.banners.update(seen_banners)
    s.outlets = sorted(outlets.values(), key=lambda o: (-o.articles, o.source is None, o.name))
    return s


# ---- the data the script renders ------------------------------------------------------------
def _page_data(results: Sequence[CleanResult], page_size: int) -> dict[str, Any]:
    rule_of = {name: k for k, name in enumerate(ALL_RULES)}
    reasons: dict[str, int] = {}
    outlet_of: dict[str, int] = {}
    position: dict[str | None, int] = {}
    articles = []
    for k, r in enumerate(results):
        position.setdefault(r.id, k)
        pieces: list[str | list[Any]] = []
        removed = [0] * len(ALL_RULES)
        at = 0
        for rem in r.removals:
            if rem.start > at:
                pieces.append(r.original[at : rem.start])
            rule = rule_of[rem.rule]
            pieces.append([r.original[rem.start : rem.end], rule, reasons.setdefault(rem.reason, len(reasons))])
            removed[rule] += rem.end - rem.start
            at = rem.end
        if at < len(r.original):
            pieces.append(r.original[at:])
        source = -1 if r.source is None else outlet_of.setdefault(r.source, len(outlet_of))
        articles.append({"i": r.id, "s": source, "c": r.credit, "d": r.duplicate_of, "r": removed, "p": pieces})
    return {
        "rules": list(ALL_RULES),
        "reasons": list(reasons),
        "outlets": list(outlet_of),
        "page_size": page_size,
        "articles": articles,
        "clusters": _clusters(results, position),
    }


def _clusters(results: Sequence[CleanResult], position: Mapping[str | None, int]) -> list[dict[str, Any]]:
    """Syndication clusters among the results: canonical id, and each copy with what it adds."""
    members: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(results):
        if r.syndication is not None and r.duplicate_of is not None:
            members[r.syndication.canonical].append(k)
    out: list[dict[str, Any]] = []
    for canonical, copies in members.items():
        rows = []
        for k in copies:
            syn = results[k].syndication
            assert syn is not None
            original = results[k].original
            adds = [original[a:b] for a, b in syn.adds]
            rows.append({"a": k, "sim": syn.similarity, "adds": adds, "lacks": syn.lacks})
        out.append({"id": canonical, "a": position.get(canonical), "m": rows})
    out.sort(key=lambda c: (-len(c["m"]), c["id"]))
    return out


def _json_for_html(data: object) -> str:
    """JSON that cannot end or confuse the ``<script>`` block it sits in, and encodes as UTF-8.

    >>> _json_for_html(["</script><!--\\u2028"])
    '["\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"]'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Every one of these characters can only sit inside a JSON string, where \\uXXXX means the same.
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04x}", text)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# ---- the static parts -------------------------------------------------------------------------
def _esc(text: str) -> str:
    # Lone surrogates (badly decoded input) cannot be written as UTF-8: show U+FFFD instead.
    return html.escape(_SURROGATE.sub("\ufffd", text), quote=True)


def _rule_css() -> str:
    rules = []
    for k, name in enumerate(ALL_RULES):
        colour = RULE_COLOURS.get(name, "#57606a")
        rules.append(f"del.r{k} {{ color: {colour}; background: {colour}14; }}")
        rules.append(f".chip.r{k}, .legend .r{k} {{ background: {colour}; }} .bar.r{k} {{ fill: {colour}; }}")
    return "\n".join(rules)


_STYLE_TEXT = STYLE + _rule_css() + "\n"


_TOC = (
    '<nav class="toc"><a href="#totals">Totals</a><a href="#outlets">Outlets</a>'
    '<a href="#clusters">Syndication clusters</a><a href="#articles">Articles</a></nav>'
)


def _legend() -> str:
    chips = "".join(f'<span class="r{k}">{_esc(name)}</span>' for k, name in enumerate(ALL_RULES))
    return f'<p class="legend">Removed text is struck through, coloured by rule (reason on hover): {chips}</p>'


def _bar_chart(values: Sequence[tuple[int, str, int]], label: str) -> str:
    """A horizontal bar chart as inline SVG: (rule position, name, value) per bar."""
    row, left, width = 24, 100, 360
    top = max((v for _, _, v in values), default=0) or 1
    bars = []
    for n, (k, name, value) in enumerate(values):
        y = 4 + n * row
        w = round(width * value / top)
        bars.append(
            f'<text x="0" y="{y + 15}">{_esc(name)}</text>'
            f'<rect class="bar r{k}" x="{left}" y="{y + 3}" width="{w}" height="{row - 8}"></rect>'
            f'<text x="{left + w + 6}" y="{y + 15}">{value:,}</text>'
        )
    height = 8 + row * len(values)
    return (
        f'<svg class="chart" role="img" width="{left + width + 90}" height="{height}" '
        f'viewBox="0 0 {left + width + 90} {height}"><title>{_esc(label)}</title>{"".join(bars)}</svg>'
    )


def _totals_html(s: _Summary) -> str:
    total_removed = sum(s.chars_removed.values())
    rows = []
    for name in (*ALL_RULES, None):
        chars = total_removed if name is None else s.chars_removed[name]
        lines = sum(s.lines_removed.values()) if name is None else s.lines_removed[name]
        share = f"{100 * chars / s.chars:.1f}%" if s.chars else "-"
        rows.append(
            f"<tr><td>{_esc(name or 'all rules')}</td><td>{lines:,}</td><td>{chars:,}</td><td>{share}</td></tr>"
        )
    chart = _bar_chart(
        [(k, name, s.chars_removed[name]) for k, name in enumerate(ALL_RULES)], "Characters removed by rule"
    )
    return (
        '<section id="totals"><h2>Totals</h2>'
        f"<p>{s.articles:,} articles ({s.with_removals:,} with removals, {s.copies:,} syndicated copies), "
        f"{s.lines:,} lines, {s.chars:,} characters, in {_n(len(s.outlets), 'outlet')}.</p>"
        "<table><thead><tr><th>rule</th><th>lines removed</th><th>characters removed</th><th>share of all "
        f"characters</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<figure><figcaption>Characters removed by rule</figcaption>{chart}</figure></section>"
    )


def _outlets_html(s: _Summary, recurring: Mapping[str, list[tuple[str, int]]]) -> str:
    head = "".join(f"<th>{_esc(name)}</th>" for name in ALL_RULES)
    rows = []
    for o in s.outlets:
        cells = "".join(f"<td>{o.removed[name]:,}</td>" for name in ALL_RULES)
        rows.append(f"<tr><td>{_esc(o.name)}</td><td>{o.articles:,}</td><td>{o.chars:,}</td>{cells}</tr>")
    details = []
    for o in s.outlets:
        lists = [
            _counted_list("Boilerplate lines", "articles", o.boilerplate.most_common(TOP_LINES), len(o.boilerplate)),
            _counted_list(
                "Banners",
                "articles",
                [(o.banner_text[key], n) for key, n in o.banners.most_common(TOP_LINES)],
                len(o.banners),
            ),
        ]
        if o.name in recurring:
            top = recurring[o.name]
            lists.append(_counted_list("Most recurring lines in the index", "stories", top, len(top)))
        found = f"{_n(len(o.boilerplate), 'boilerplate line')}, {_n(len(o.banners), 'banner')}"
        details.append(f"<details><summary>{_esc(o.name)}: {found}</summary>{''.join(lists)}</details>")
    return (
        '<section id="outlets"><h2>Outlets</h2>'
        "<p>Characters removed per rule in each outlet's articles.</p>"
        f"<table><thead><tr><th>outlet</th><th>articles</th><th>characters</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{''.join(details)}</section>"
    )


def _counted_list(heading: str, unit: str, items: Sequence[tuple[str, int]], total: int) -> str:
    if not items:
        return f'<p class="muted">{_esc(heading)}: none.</p>'
    lis = "".join(f'<li><span class="count">{n:,} {unit}</span>{_esc(_shorten(text))}</li>' for text, n in items)
    more = f'<p class="muted">and {total - len(items):,} more.</p>' if total > len(items) else ""
    return f'<h4>{_esc(heading)}</h4><ol class="lines">{lis}</ol>{more}'


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _shorten(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _articles_html() -> str:
    return (
        '<section id="articles"><h2>Articles</h2>'
        "<noscript><p>The article list needs JavaScript.</p></noscript>"
        '<div class="controls" id="controls" hidden>'
        '<input type="search" id="q" placeholder="Search ids, outlets and text" aria-label="Search">'
        '<select id="rule" aria-label="Rule"><option value="">any rule</option></select>'
        '<select id="outlet" aria-label="Outlet"><option value="">all outlets</option></select>'
        '<button type="button" id="first">first</button><button type="button" id="prev">previous</button>'
        '<button type="button" id="next">next</button><button type="button" id="last">last</button>'
        '<span id="status" class="muted"></span></div>'
        '<div id="article-list"></div></section>'
    )


def _clusters_html() -> str:
    return (
        '<section id="clusters"><h2>Syndication clusters</h2>'
        "<p>Copies of one story at several outlets: the canonical copy, each copy's similarity to it, "
        "and the lines each copy adds.</p>"
        '<div class="controls" id="cluster-controls" hidden>'
        '<button type="button" id="cprev">previous</button><button type="button" id="cnext">next</button>'
        '<span id="cluster-status" class="muted"></span></div>'
        '<div id="cluster-list"></div></section>'
    )
