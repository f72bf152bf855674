"""The pattern table: every kind of page furniture, its name and reason, in matching order.

The expressions are in :mod:`.page` and :mod:`.attribution`; what a pattern says about the line
beyond its expression (that it names the story's author, that it is tried only at an article's
foot) is here, as a property of the pattern, so that callers never compare pattern names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import regex

from . import attribution, page
from .grammar import Expression

__all__ = ["FOOT_SHARE", "MAX_LINE", "PATTERNS", "PATTERNS_BY_NAME", "TemplatePattern", "in_foot"]


@dataclass(frozen=True, slots=True)
class TemplatePattern:
    """One named kind of page furniture.

    Attributes:
        name: Short identifier, reported as the removal's evidence (e.g. ``"share_widget"``).
        reason: Human-readable removal reason (e.g. ``"share widget"``).
        expression: The expression a whole stripped line must match, with its length bound.
        keywords: Lower-case words of which every line the expression matches holds one (in any
            case); a line holding none is not tried. Empty: every line is tried.
        names_author: The line names the story's author, or the outlet or agency they write for
            (a byline): the cleaner looks there for a wire agency to report as the credit.
        foot_only: Tried only on the lines of an article's foot (see :func:`in_foot`), after
            every other pattern: a story's own sentence can have its shape.
    """

    name: str
    reason: str
    expression: Expression = field(repr=False)
    keywords: tuple[str, ...] = field(default=(), repr=False)
    names_author: bool = field(default=False, repr=False)
    foot_only: bool = field(default=False, repr=False)

    @property
    def regex(self) -> regex.Pattern[str]:
        """The compiled expression, matched with ``fullmatch``; lines longer than
        :attr:`max_len` are not tried (use :meth:`fullmatch` to test one line)."""
        return self.expression.compiled

    @property
    def max_len(self) -> int:
        """The longest line the pattern accepts."""
        return self.expression.max_len

    @property
    def from_end(self) -> bool:
        """Matched right to left: known by how its line ends."""
        return self.expression.from_end

    def fullmatch(self, line: str) -> bool:
        """Whether the whole line is this kind of furniture (the expression alone, no pre-test).

        >>> PATTERNS[0].fullmatch("Advertisement"), PATTERNS[0].fullmatch("Advertisement " * 9)
        (True, False)
        """
        return self.expression.fullmatch(line)


#: The pattern table, in matching order (the first pattern that matches names the line): patterns
#: matched from the line's start, then those matched from its end (see matcher._closers), then
#: those tried only at an article's foot.
PATTERNS: tuple[TemplatePattern, ...] = (
    TemplatePattern("advertisement", "advertisement label", page.ADVERTISEMENT),
    TemplatePattern("skip_link", "skip / scroll link", page.SKIP_LINK),
    TemplatePattern("share_widget", "share widget", page.SHARE_WIDGET),
    TemplatePattern("pagination", "pagination", page.PAGINATION),
    TemplatePattern("gallery_counter", "photo-gallery counter", page.GALLERY_COUNTER),
    TemplatePattern("dateline", "dateline (publication date)", attribution.DATELINE),
    TemplatePattern("section_nav", "section navigation", page.SECTION_NAV),
    TemplatePattern("read_more_link", "link to another article", page.READ_MORE_LINK),
    TemplatePattern("reading_time", "reading-time estimate", page.READING_TIME),
    TemplatePattern("byline", "byline (author credit)", attribution.BYLINE, names_author=True),
    TemplatePattern("social_handle", "social-media follow link", attribution.SOCIAL_HANDLE),
    # a credit line and an address are told by one word: most lines skip the two expressions
    TemplatePattern(
        "report_credit",
        "reporting credit (who contributed)",
        attribution.REPORT_CREDIT,
        ("contribut", "report", "produced", "edited", "compiled", "research", "graphics"),
    ),
    TemplatePattern("contact_line", "contact e-mail address", attribution.CONTACT_LINE, ("@", "[email")),
    TemplatePattern("copyright_notice", "copyright notice", attribution.COPYRIGHT_NOTICE),
    TemplatePattern("photo_credit", "photo credit", attribution.PHOTO_CREDIT),
    TemplatePattern("newsletter_promo", "newsletter sign-up", page.NEWSLETTER_PROMO),
    TemplatePattern("cookie_notice", "cookie-consent notice", page.COOKIE_NOTICE),
    TemplatePattern("browser_notice", "browser / JavaScript / ad-blocker notice", page.BROWSER_NOTICE),
    TemplatePattern("comment_notice", "comment-section notice", page.COMMENT_NOTICE),
    TemplatePattern("link_list_heading", "link-list heading", page.LINK_LIST_HEADING),
    TemplatePattern("ui_control", "page control label", page.UI_CONTROL),
    TemplatePattern("icon_label", "icon name (icon-font ligature)", page.ICON_LABEL),
    TemplatePattern("placeholder", "empty-value placeholder (None, null)", page.PLACEHOLDER),
    # matched from the line's end
    TemplatePattern("arrow_link", "link marked with an arrow (»)", page.ARROW_LINK),
    TemplatePattern("tagged_link", "link marked with a media tag ([VIDEO])", page.TAGGED_LINK),
    TemplatePattern("photo_agency", "photo credit (picture agency)", attribution.PHOTO_AGENCY),
    TemplatePattern(
        "dated_byline", "byline with its date (author credit)", attribution.DATED_BYLINE, names_author=True
    ),
    TemplatePattern("source_label", "source label (outlet before a time)", attribution.SOURCE_LABEL, names_author=True),
    # tried only at an article's foot
    TemplatePattern("author_bio", "author's biography", attribution.AUTHOR_BIO, foot_only=True),
)

#: The patterns by name (the name a removal's evidence reports).
PATTERNS_BY_NAME: Mapping[str, TemplatePattern] = MappingProxyType({p.name: p for p in PATTERNS})
assert len(PATTERNS_BY_NAME) == len(PATTERNS), "pattern names are unique"

#: No pattern matches a longer line: most article paragraphs skip every regex.
MAX_LINE = max(p.max_len for p in PATTERNS)

#: The foot of an article, where the patterns marked ``foot_only`` are tried: this share of its
#: lines, rounded up (the last line of a short article, the last five of a twenty-line one).
FOOT_SHARE = 0.25


def in_foot(index: int, lines: int) -> bool:
    """Whether line ``index`` (0-based) of an article of ``lines`` lines is in its foot, where the
    patterns marked :attr:`TemplatePattern.foot_only` are tried.

    >>> [in_foot(i, 20) for i in (14, 15, 19)], [in_foot(i, 4) for i in (2, 3)]
    ([False, True, True], [False, True])
    """
    return lines - index <= math.ceil(FOOT_SHARE * lines)
