"""Page furniture recognised by its shape alone: the ``template`` rule's pattern table.

Scrapers keep the text of share bars, pagers, datelines, "Read more" links, tag-list headings and
advertising labels as lines of their own. Those lines are built from a small, closed vocabulary,
so they can be recognised on any outlet without seeing other pages of it.

Each :class:`TemplatePattern` is matched with ``fullmatch`` against one whole stripped line, in
its original characters: case, curly quotes, no-break and zero-width spaces and full-width
punctuation are handled inside the expressions. Precision comes first, so every expression

* accepts only lines made entirely of furniture vocabulary (plus numbers and separators), or
  lines that open with a phrase only furniture opens with ("Read more:", "We use cookies",
  "Your browser does not support") or end the way only a link ends (" »"),
* bounds the line length (furniture is short), and
* never accepts an article's own words in place of its vocabulary, so a headline such as "Share
  prices fall" or a paragraph such as "Updated figures show ..." cannot match.

A byline ("By Jill Colvin, Associated Press") is furniture here: the author's name is page
metadata, not article text. So is the rest of a story's foot: who contributed reporting, an
address to write to, the copyright notice, and the author's one-line biography, which is the one
pattern tried by position (in an article's last lines, see :func:`in_foot`) because a story's own
sentence can have its shape. So is a photo credit on a line of its own ("Photo: Evan Vucci, AP",
"Mark Wilson/Getty Images"); a caption, which describes the picture, is left. A wire credit ("By
Reuters", "Copyright 2018 The Associated Press. All rights reserved.") is the ``credit`` rule's,
which runs first: it names the agency that sent the story, which a photo credit does not.
Precision on real text is measured by ``benchmarks/template_precision.py``.

The modules, in the order they build on each other: :mod:`.vocabulary` (the words, as data),
:mod:`.grammar` (how words make an expression for a whole line, and the parts patterns share),
:mod:`.page` and :mod:`.attribution` (the expressions), :mod:`.patterns` (the table) and
:mod:`.matcher` (:func:`match_template`, its pre-tests and memo). The expressions are compiled on
first use, so importing the package costs a few milliseconds.
"""

from .matcher import match_template
from .patterns import FOOT_SHARE, MAX_LINE, PATTERNS, PATTERNS_BY_NAME, TemplatePattern, in_foot

__all__ = ["FOOT_SHARE", "MAX_LINE", "PATTERNS", "PATTERNS_BY_NAME", "TemplatePattern", "in_foot", "match_template"]
