"""The inline stylesheet and script of the HTML report (see :mod:`dedup.report`).

The script renders articles and syndication clusters from the JSON block, one page at a time,
so a report of 10,000 articles opens fast. Article text is untrusted: it only ever reaches the
page through ``textContent``, ``createTextNode`` and ``setAttribute("title", ...)``, never as
markup. Rule colours are keyed by the rule's position in ``data.rules`` (``r0``, ``r1``, ...).
"""

from __future__ import annotations

__all__ = ["RULE_COLOURS", "SCRIPT", "STYLE"]

#: Colour of each rule in text, chips and the chart; a rule not listed here is grey.
RULE_COLOURS = {
    "repeat": "#b45309",
    "template": "#4338ca",
    "credit": "#047857",
    "boilerplate": "#be185d",
    "banner": "#b91c1c",
}

STYLE = """
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 1100px; padding: 0 16px 48px; line-height: 1.45; }
h1 { font-size: 1.6em; margin: 20px 0 4px; }
h2 { font-size: 1.25em; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 1em; margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.92em; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; overflow-wrap: anywhere; }
.muted { color: #656d76; }
nav.toc a { margin-right: 14px; color: #0969da; }
.legend span, .chip { display: inline-block; border-radius: 10px; padding: 0 8px; margin: 2px 4px 2px 0;
  font-size: 0.85em; color: #fff; }
.chart text { font-size: 12px; fill: #1f2328; }
details { margin: 6px 0; }
summary { cursor: pointer; }
.lines { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9em; }
.lines li { margin: 2px 0; }
.count { color: #656d76; font-variant-numeric: tabular-nums; margin-right: 6px; }
.controls { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid #d0d7de;
  display: flex; flex-wrap: wrap; gap: 8px; align-items: center; z-index: 1; }
.controls input[type=search] { flex: 1 1 240px; padding: 4px 6px; }
.card { border: 1px solid #d0d7de; border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
.meta { font-size: 0.88em; color: #656d76; margin: 2px 0 6px; }
.meta > * { margin-right: 10px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, serif; font-size: 0.95em; }
del { text-decoration: line-through; text-decoration-thickness: 1px; }
button.link { background: none; border: none; padding: 0; color: #0969da; cursor: pointer; font: inherit;
  text-decoration: underline; }
.member { margin: 4px 0 4px 16px; }
.adds { white-space: pre-wrap; border-left: 3px solid #d0d7de; margin: 4px 0 4px 8px; padding-left: 8px;
  font-size: 0.9em; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var RULES = data.rules, REASONS = data.reasons, OUTLETS = data.outlets, ARTICLES = data.articles;
  var CLUSTERS = data.clusters, PAGE = data.page_size, CLUSTER_PAGE = 20;
  var state = { q: null, rule: "", outlet: "", page: 0, cpage: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function outletName(s) { return s < 0 ? "(source unknown)" : OUTLETS[s]; }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function searchButton(label, query) {
    var b = el("button", "link", label);
    b.type = "button";
    b.addEventListener("click", function () { $("q").value = query; setQuery(query); $("articles").scrollIntoView(); });
    return b;
  }

  function matches(a) {
    if (state.outlet !== "" && String(a.s) !== state.outlet) { return false; }
    if (state.rule === "none" && a.r.some(function (n) { return n > 0; })) { return false; }
    if (state.rule !== "" && state.rule !== "none" && !(a.r[Number(state.rule)] > 0)) { return false; }
    if (state.q === null) { return true; }
    // Piece by piece: pieces split at line breaks and the query is one line, so no match is lost.
    var q = state.q;
    return q.test(a.i) || q.test(outletName(a.s)) || (a.d !== null && q.test(a.d)) ||
      a.p.some(function (p) { return q.test(typeof p === "string" ? p : p[0]); });
  }

  function renderArticle(a, k) {
    var card = el("article", "card");
    card.setAttribute("data-index", String(k));
    card.appendChild(el("h3", null, a.i));
    var meta = el("div", "meta");
    meta.appendChild(el("span", null, outletName(a.s)));
    if (a.c) { meta.appendChild(el("span", null, "wire credit: " + a.c)); }
    if (a.d) {
      var dup = el("span", null, "syndicated copy of ");
      dup.appendChild(searchButton(a.d, a.d));
      meta.appendChild(dup);
    }
    var removed = 0;
    a.r.forEach(function (n, j) {
      if (n > 0) { removed += n; meta.appendChild(el("span", "chip r" + j, RULES[j] + ": " + fmt(n) + " chars")); }
    });
    if (removed === 0) { meta.appendChild(el("span", null, "nothing removed")); }
    card.appendChild(meta);
    var body = el("div", "text");
    a.p.forEach(function (p) {
      if (typeof p === "string") { body.appendChild(document.createTextNode(p)); return; }
      var d = el("del", "r" + p[1], p[0]);
      d.setAttribute("data-rule", RULES[p[1]]);
      d.setAttribute("title", RULES[p[1]] + ": " + REASONS[p[2]]);
      body.appendChild(d);
    });
    card.appendChild(body);
    return card;
  }

  function renderArticles() {
    var shown = [];
    ARTICLES.forEach(function (a, k) { if (matches(a)) { shown.push(k); } });
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    var start = state.page * PAGE, end = Math.min(shown.length, start + PAGE);
    var list = $("article-list");
    list.replaceChildren();
    for (var i = start; i < end; i++) { list.appendChild(renderArticle(ARTICLES[shown[i]], shown[i])); }
    $("status").textContent = shown.length === 0 ? "no article matches" :
      "articles " + fmt(start + 1) + "\u2013" + fmt(end) + " of " + fmt(shown.length) +
      " (page " + fmt(state.page + 1) + " of " + fmt(pages) + ")";
    $("prev").disabled = $("first").disabled = state.page === 0;
    $("next").disabled = $("last").disabled = state.page >= pages - 1;
    $("last").setAttribute("data-page", String(pages - 1));
  }

  function renderClusters() {
    var box = $("cluster-list");
    box.replaceChildren();
    var pages = Math.max(1, Math.ceil(CLUSTERS.length / CLUSTER_PAGE));
    state.cpage = Math.min(Math.max(state.cpage, 0), pages - 1);
    var start = state.cpage * CLUSTER_PAGE, end = Math.min(CLUSTERS.length, start + CLUSTER_PAGE);
    for (var i = start; i < end; i++) {
      var c = CLUSTERS[i], card = el("div", "card");
      var head = el("h3", null, "canonical: ");
      head.appendChild(searchButton(c.id, c.id));
      card.appendChild(head);
      card.appendChild(el("div", "meta", c.a === null ? "not among the articles of this run" :
        outletName(ARTICLES[c.a].s) + " \u00b7 " + fmt(c.m.length) + " cop" + (c.m.length === 1 ? "y" : "ies")));
      c.m.forEach(function (m) {
        var a = ARTICLES[m.a], row = el("div", "member");
        row.appendChild(searchButton(a.i, a.i));
        row.appendChild(el("span", "muted", " " + outletName(a.s) + " \u00b7 similarity " +
          Math.round(m.sim * 100) + "% \u00b7 " + (m.adds.length ? "adds " + m.adds.length + " line" +
          (m.adds.length === 1 ? "" : "s") : "adds nothing") + (m.lacks ? " \u00b7 lacks " + m.lacks +
          " line" + (m.lacks === 1 ? "" : "s") + " of the canonical" : "")));
        m.adds.forEach(function (t) { row.appendChild(el("div", "adds", t)); });
        card.appendChild(row);
      });
      box.appendChild(card);
    }
    $("cluster-status").textContent = CLUSTERS.length === 0 ? "no syndicated copies" :
      "clusters " + fmt(start + 1) + "\u2013" + fmt(end) + " of " + fmt(CLUSTERS.length);
    $("cprev").disabled = state.cpage === 0;
    $("cnext").disabled = state.cpage >= pages - 1;
  }

  function setQuery(text) {
    text = text.trim();
    state.q = text === "" ? null : new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    state.page = 0;
    renderArticles();
  }

  function option(value, label) { var o = el("option", null, label); o.value = value; return o; }
  RULES.forEach(function (r, j) { $("rule").appendChild(option(String(j), "removed by " + r)); });
  $("rule").appendChild(option("none", "nothing removed"));
  var perOutlet = {};
  ARTICLES.forEach(function (a) { perOutlet[a.s] = (perOutlet[a.s] || 0) + 1; });
  Object.keys(perOutlet).map(Number).sort(function (x, y) {
    return perOutlet[y] - perOutlet[x] || (outletName(x) < outletName(y) ? -1 : 1);
  }).forEach(function (s) {
    $("outlet").appendChild(option(String(s), outletName(s) + " (" + fmt(perOutlet[s]) + ")"));
  });

  var timer = null;
  $("q").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { setQuery($("q").value); }, 150);
  });
  $("q").addEventListener("change", function () { clearTimeout(timer); setQuery($("q").value); });
  $("rule").addEventListener("change", function () { state.rule = $("rule").value; state.page = 0; renderArticles(); });
  $("outlet").addEventListener("change", function () {
    state.outlet = $("outlet").value; state.page = 0; renderArticles();
  });
  $("first").addEventListener("click", function () { state.page = 0; renderArticles(); });
  $("prev").addEventListener("click", function () { state.page -= 1; renderArticles(); });
  $("next").addEventListener("click", function () { state.page += 1; renderArticles(); });
  $("last").addEventListener("click", function () {
    state.page = Number($("last").getAttribute("data-page")); renderArticles();
  });
  $("cprev").addEventListener("click", function () { state.cpage -= 1; renderClusters(); });
  $("cnext").addEventListener("click", function () { state.cpage += 1; renderClusters(); });
  // A link may set the filters: report.html#rule=banner&outlet=example.com&q=kerry
  var initial = new URLSearchParams(location.hash.slice(1));
  var ruleWanted = RULES.indexOf(initial.get("rule")), outletWanted = OUTLETS.indexOf(initial.get("outlet"));
  if (ruleWanted >= 0) { state.rule = String(ruleWanted); }
  if (initial.get("rule") === "none") { state.rule = "none"; }
  if (initial.get("outlet") === outletName(-1)) { state.outlet = "-1"; }
  if (outletWanted >= 0) { state.outlet = String(outletWanted); }
  $("rule").value = state.rule;
  $("outlet").value = state.outlet;
  $("q").value = initial.get("q") || "";
  $("controls").hidden = false;
  $("cluster-controls").hidden = false;
  setQuery($("q").value);
  renderClusters();
  document.documentElement.setAttribute("data-render-ms", String(Math.round(performance.now())));
})();
"""
