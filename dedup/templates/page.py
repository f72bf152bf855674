"""The page around a story: the expressions of widgets, navigation, notices and labels.

Share bars, pagers, gallery counters, "Related articles" headings and "Read more:" links, links
marked by an arrow or a media tag, reading-time estimates, newsletter, cookie, browser and comment
notices, advertising labels, skip links, page controls, icon names and empty placeholders. Each
expression is an :class:`~dedup.templates.grammar.Expression` for one whole line; its words are
in :mod:`.vocabulary`, and :mod:`.patterns` names it in the table.
"""

from __future__ import annotations

from . import vocabulary as vocab
from .grammar import DECOR, SP, whole_line, words

__all__ = [
    "ADVERTISEMENT",
    "ARROW_LINK",
    "BROWSER_NOTICE",
    "COMMENT_NOTICE",
    "COOKIE_NOTICE",
    "GALLERY_COUNTER",
    "ICON_LABEL",
    "LINK_LIST_HEADING",
    "NEWSLETTER_PROMO",
    "PAGINATION",
    "PLACEHOLDER",
    "READING_TIME",
    "READ_MORE_LINK",
    "SECTION_NAV",
    "SHARE_WIDGET",
    "SKIP_LINK",
    "TAGGED_LINK",
    "UI_CONTROL",
]

# ----------------------------------------------------------------------------------------------
# share_widget: share / print / e-mail / follow / font-size buttons
# A line of button labels only. "Share", "Print", "Email", "Tweet" or a font-size control may
# stand alone; a social network needs company ("Facebook Twitter", "Share on Facebook"), since a
# lone "Facebook" can head a section of an article about Facebook. Filler words ("this article",
# "on", counters such as "0" or "12 shares") never make a match on their own.
# ----------------------------------------------------------------------------------------------

# Font-size controls: "A A A", "A- A+", "A+A-" (capital A; not "AA", a credit rating).
_FONT_SIZE = (
    rf"(?-i:A)[-+−]?(?:(?:{SP}+|(?<=[-+−])){SP}*(?-i:A)[-+−]?){{1,3}}"
    rf"|large{SP}*medium{SP}*small"
)
_COUNTER = r"\d++(?:[.,]\d+)?[km]?\+?"
# Between buttons: separators, or nothing where scraped labels run together ("FacebookEmail",
# "COMMENTEMAILMORE", "Twitter339", "分享到微博"): before a capital, next to a digit or between
# CJK characters (written without spaces). Atomic, so an empty separator is found one way only.
_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
_SHARE_SEP = rf"(?>(?:{SP}|[|·•/,;:()\[\]【】（）：，、｜\-–—])++|(?=(?-i:\p{{Lu}})|\d|{_CJK})|(?<=\d|{_CJK}))"
# No full stop at the end: a run of these words closed by a period is a sentence.
_SHARE_END = rf"(?:{SP}|[:：;»›>→•·|*#+()\[\]【】（）\-–—])*+"
SHARE_WIDGET = whole_line(
    # any buttons, then one that can stand alone (or two networks), then any buttons
    rf"(?:{DECOR}(?:(?&tok)(?&sep))*?(?:(?&act)|(?&net)(?:(?&sep)(?:(?&fill)|(?&cnt)))*(?&sep)(?&net)"
    # or one network with its count: "Twitter339 retweets", "Facebook 1.2k shares"
    rf"|(?&net)(?&sep)(?&cnt)(?&sep){words(vocab.SHARE_COUNT)})"
    rf"(?:(?&sep)(?&tok))*{_SHARE_END}"
    # the short link offered to share: "Read or Share this story: https://usat.ly/2ut7JN2"
    rf"|{DECOR}(?:read{SP}+or{SP}+)?share{SP}+this{SP}+(?:story|article|post|page){SP}*[:：]{SP}*"
    rf"https?://[^\s]+{SP}*)",
    120,
    act=rf"{words(vocab.SHARE_ACTION)}|{_FONT_SIZE}",
    net=words(vocab.SHARE_NETWORK),
    fill=words(vocab.SHARE_FILLER),
    cnt=_COUNTER,
    # atomic: a run of text read as one token is not re-split, so a failing line fails fast
    tok="(?>(?&act)|(?&net)|(?&fill)|(?&cnt))",
    sep=_SHARE_SEP,
)

# ----------------------------------------------------------------------------------------------
# pagination: pagers and "page n of m"
# Page numbers and arrows around at least one "next"/"previous" word; "Page 2 of 5" and its
# translations are a pager by themselves. A bare "Page 6" is not (a column can be named so).
# ----------------------------------------------------------------------------------------------

_PAGE_WORD = words(vocab.PAGE_WORD)
_PAGE_OF = words(vocab.PAGE_OF)
PAGINATION = whole_line(
    r"(?&sep)(?:(?&tok)(?&sep))*?(?:(?&nav)|(?&nofm))(?:(?&sep)(?&tok))*(?&sep)",
    80,
    nav=words(vocab.PAGER_NAV),
    nofm=(
        rf"{_PAGE_WORD}{SP}*\d+{SP}*{_PAGE_OF}{SP}*\d+"
        rf"|第{SP}*\d+{SP}*页(?:{SP}*共{SP}*\d+{SP}*页)?"
    ),
    tok=rf"(?>(?&nav)|(?&nofm)|{_PAGE_WORD}|\d++|first|last|\.\.\.|…)",
    sep=rf"(?:{SP}|[|·•,:()\[\]«»‹›<>←→\-–—])*+",
)

# ----------------------------------------------------------------------------------------------
# gallery_counter: the position indicator of a photo gallery or slideshow ("Image 2 of 5")
# A bare "2 / 5" is left alone: it is also how a review writes a score.
# ----------------------------------------------------------------------------------------------

GALLERY_COUNTER = whole_line(
    # "Image 1of/4": a counter whose "of" and "/" were both kept
    rf"{DECOR}{words(vocab.GALLERY_WORD)}{SP}*\d+{SP}*{_PAGE_OF}(?:{SP}*/)?{SP}*\d+{DECOR}",
    40,
)

# ----------------------------------------------------------------------------------------------
# section_nav: headings of recommended-article lists and "read more" links
# Fixed phrases, plus "More from <Section>" / "Trending in <Section>" where the section name is
# one to four capitalised words (matched case-sensitively, so "More from his speech" is left).
# Not listed: "Up next" and "Don't miss", which also head real sections (AP sports schedules,
# travel guides).
# ----------------------------------------------------------------------------------------------

# A section name: one to four capitalised words ("World", "Nation & World", "U.S. Politics").
_SECTION = r"(?-i:[\p{Lu}\d][\p{L}\d.'’-]*(?:[ \u00a0](?:&|and|[\p{Lu}\d][\p{L}\d.'’-]*)){0,3})"
_NAV_SECTION = (
    rf"(?:(?:read{SP}+)?more{SP}+(?:from|in){SP}+|trending{SP}+in{SP}+|latest{SP}+in{SP}+"
    rf"|most{SP}+(?:read|popular){SP}+in{SP}+|top{SP}+stories{SP}+in{SP}+)"
    rf"(?:this{SP}+section|this{SP}+author|{_SECTION})"
    rf"|most{SP}+(?:read|popular|viewed){SP}+{_SECTION}{SP}+(?:stories|news|articles)"
)
SECTION_NAV = whole_line(rf"{DECOR}(?:{words(vocab.NAV_PHRASE)}|{_NAV_SECTION}){DECOR}", 60)

# ----------------------------------------------------------------------------------------------
# read_more_link: a "read more" label and the headline of the article it links to, on one line
# "Read more: Alibaba poised to launch ...", "[Related: The 15 Weirdest Galaxies]", "SEE ALSO |
# ...", "Lesen Sie auch: ...". The headline starts with a capital, a digit or a quote and does not
# end with a full stop, so "See also: the minister's reply, below." (a sentence) is left alone.
# Not listed: "Don't miss" and "Recommended", which also head real items of travel guides and
# product reviews ("Don't miss: the Egyptian wing").
# ----------------------------------------------------------------------------------------------

READ_MORE_LINK = whole_line(
    rf"{SP}*[\[(]?{SP}*{words(vocab.LINK_LABEL)}"
    # the label's colon or arrow; "Also on rt.com" names the site instead
    rf"(?:{SP}*[:：|»›>]|{SP}+[-–—]|(?<=also{SP}+on){SP}+[\w-]+(?:\.[\w-]+)+:?)"
    rf"{SP}*(?-i:[\p{{Lu}}\p{{Lo}}\d\"“‘'«])[^\n]*?(?<![.。])[\])]?{SP}*",
    200,
)

# ----------------------------------------------------------------------------------------------
# arrow_link: a link marked by the arrow a page puts after it, "»" or "›"
# A teaser headline ("How Trump could use the presidency to help his business »"), a section
# link ("The latest from Washington »", "View all Comments »") or a breadcrumb ("Home » Opinion
# »"). A line holding an opening guillemet « or ‹ is a quotation (French, Russian), not a link.
# German quotations open with » ("Er sagte: »So nicht.«"): the one that ends a line after a colon
# is left.
# ----------------------------------------------------------------------------------------------

#: A line matched from its end must still hold a word.
_HAS_LETTER = r"(?=[^\p{L}]*\p{L})"
ARROW_LINK = whole_line(
    rf"(?![^«‹]*[«‹]){_HAS_LETTER}.*[^\s»›:]{SP}+[»›](?:{SP}*[»›])*{SP}*",
    200,
    from_end=True,
)

# ----------------------------------------------------------------------------------------------
# tagged_link: a teaser headline that ends in the media tag of the page it links to
# "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]", "Melania Shines In Powder
# Blue Coat At Helsinki-Vantaa Airport In Finland [PHOTOS]". Only the tags of that vocabulary, in
# capitals: a transcript's "[END TAPE]" or a citation's "[CNBC]" is left.
# ----------------------------------------------------------------------------------------------

TAGGED_LINK = whole_line(
    rf"{_HAS_LETTER}.*[^\s\[]{SP}*\[(?-i:{words(vocab.LINK_TAG)})\]{SP}*\|?{SP}*",
    200,
    from_end=True,
)

# ----------------------------------------------------------------------------------------------
# reading_time: an estimate of the time an article takes to read
# "5 min read", "Reading time: 3 minutes", "Lesezeit: 4 Min.", "Tempo de leitura: 1 minuto".
# ----------------------------------------------------------------------------------------------

READING_TIME = whole_line(
    rf"{DECOR}(?:(?&label){SP}*[:：]?{SP}*(?:about{SP}+|ca\.?{SP}*|environ{SP}+|cerca{SP}+de{SP}+)?"
    rf"\d+(?:{SP}*[-–]{SP}*\d+)?{SP}*(?&unit)\.?"
    rf"|\d+(?:{SP}*[-–]{SP}*\d+)?(?:{SP}|-)*(?&unit)\.?{SP}+(?:read|lesen|de{SP}+lecture|de{SP}+lectura"
    rf"|de{SP}+leitura|di{SP}+lettura|leestijd|czytania|чтения)){DECOR}",
    60,
    label=words(vocab.READING_LABEL),
    unit=words(vocab.MINUTES),
)

# ----------------------------------------------------------------------------------------------
# newsletter_promo: an invitation to subscribe to the outlet's newsletter or e-mail alerts
# "Sign up for our daily newsletter", "Get the latest updates right in your inbox. Subscribe to
# NJ.com's newsletters.", "Abonnez-vous à notre newsletter". It starts with the invitation's
# verb; "get" and "receive" count only with news delivered to an inbox, so "Get your inbox to
# zero" is left.
# ----------------------------------------------------------------------------------------------

NEWSLETTER_PROMO = whole_line(
    rf"{DECOR}(?:(?&join)\b[^\n]*?\b(?:(?&list)|(?&inbox))"
    rf"|(?&get)\b[^\n]*?\b(?:(?&list)|(?&news)\b[^\n]*?\b(?&inbox)|(?&inbox)\b[^\n]*?\b(?&news)))\b[^\n]*",
    200,
    join=words(vocab.PROMO_JOIN),
    get=words(vocab.PROMO_GET),
    list=words(vocab.PROMO_LIST),
    inbox=words(vocab.INBOX),
    news=words(vocab.NEWS),
)

# ----------------------------------------------------------------------------------------------
# link_list_heading: the heading of a tag / topic / category link list
# One heading word or phrase, with or without its colon ("Tags:", "Filed under", "Mots-clés :").
# ----------------------------------------------------------------------------------------------

# The heading may carry its links: "Filed Under: Economy, Jobs, Taxes", "Tags: helsinki |
# billboards | free press". Each item is one to five words with no sentence punctuation.
_LINK_LIST_ITEM = r"[^\s,;|.!?:：][^,;|.!?:：\n]{0,40}?"
LINK_LIST_HEADING = whole_line(
    rf"{DECOR}{words(vocab.LINK_LIST_WORD)}{SP}*(?:[:：]{SP}*(?&items))?[:：]?{SP}*[|,;]?{SP}*",
    200,
    items=rf"(?&item)(?:{SP}*[,;|]{SP}*(?&item)){{0,19}}",
    item=rf"(?=(?:[^\s,;|]+(?:{SP}+|(?=[,;|])|$)){{1,5}}(?:[,;|]|{SP}*$)){_LINK_LIST_ITEM}",
)

# ----------------------------------------------------------------------------------------------
# cookie_notice: the cookie-consent banner, and the links to its settings
# "We use cookies to improve your experience on our website. By browsing this website, you agree
# to our use of cookies.", "This website uses cookies. ... Accept Read More", "Cookie Settings".
# The banner's first words are fixed ("We use cookies", "This site uses cookies", "By continuing
# to use this site, you agree to our use of cookies"); what follows them on the line is the
# banner's own. A sentence about cookies in an article does not open that way ("Google said it
# would stop using third-party cookies"), and a bare "Cookies" can be a recipe's heading.
# ----------------------------------------------------------------------------------------------

# "By continuing to use this site, you agree to our use of cookies", "By choosing I Accept, you
# consent to our use of cookies and other tracking technologies."
_COOKIE_CONSENT = (
    rf"by{SP}+(?:continuing|using|browsing|clicking|choosing|staying|navigating)\b[^\n]{{0,80}}?"
    rf"\byou(?:['’]re|{SP}+are)?{SP}+(?:agree|consent|accept|acknowledg)\w*\b[^\n]{{0,60}}?\bcookies?\b"
)
COOKIE_NOTICE = whole_line(
    rf"{DECOR}(?:(?:{words(vocab.COOKIE_OPENING)}|{_COOKIE_CONSENT})\b[^\n]*|(?&label)(?:{SP}*[|·•/]{SP}*(?&label))*{DECOR})",
    400,
    label=words(vocab.COOKIE_LABEL),
)

# ----------------------------------------------------------------------------------------------
# browser_notice: what a page says to a browser it cannot serve, and the player's fallback text
# "Your browser does not support HTML5 video.", "Please enable JavaScript to view the comments",
# "This page is best viewed in an up-to-date web browser ...", "Media playback is unsupported on
# your device". Each opening is a fixed phrase of the notice; the rest of the line is its own.
# ----------------------------------------------------------------------------------------------

BROWSER_NOTICE = whole_line(
    rf"{DECOR}{words(vocab.BROWSER_OPENING)}\b[^\n]*",
    400,
)

# ----------------------------------------------------------------------------------------------
# comment_notice: what a comment section says around its form
# "You must be logged in to post a comment.", "This site uses Akismet to reduce spam. ...",
# "You are commenting using your Twitter account. ( Log Out / Change )": WordPress's strings in
# the languages it ships most, Disqus's footer, and the comment notice a large newspaper group
# prints under every story. Each opening is a fixed phrase of the notice; the rest of the line is
# its own. Short notices that could open a sentence ("Comments are closed", "Register to
# comment") are page controls, matched only as the whole line (ui_control).
# ----------------------------------------------------------------------------------------------

COMMENT_NOTICE = whole_line(rf"{DECOR}{words(vocab.COMMENT_OPENING)}\b[^\n]*", 300)

# ----------------------------------------------------------------------------------------------
# advertisement: ad labels and the "continues below" markers around ad slots
# ----------------------------------------------------------------------------------------------

ADVERTISEMENT = whole_line(rf"{DECOR}{words(vocab.AD_LABEL)}{DECOR}", 80)

# ----------------------------------------------------------------------------------------------
# skip_link: accessibility and scroll links of the page chrome
# ----------------------------------------------------------------------------------------------

SKIP_LINK = whole_line(rf"{DECOR}{words(vocab.SKIP_PHRASE)}{DECOR}", 60)

# ----------------------------------------------------------------------------------------------
# ui_control: labels of page controls that mean nothing else on a line of their own
# Close and full-screen buttons, gallery and comment links, comment counters and the comment
# form's short notices ("Comments are closed."), video-player labels, what a share dialog says
# ("CancelSend", "Link copied!"). Words that can also head a section of an article ("Video",
# "Photo", "Search", "Save", "Replay") are not listed.
# ----------------------------------------------------------------------------------------------

UI_CONTROL = whole_line(
    rf"{DECOR}(?:{words(vocab.UI_PHRASE)}|\(?\d+\)?{SP}*{words(vocab.COMMENT_COUNT)}"
    rf"|(?:reader{SP}+)?{words(vocab.COMMENT_COUNT)}{SP}*(?:\(\d+(?:{SP}+of{SP}+\d+)?\)|\d+)){DECOR}",
    90,
)

# ----------------------------------------------------------------------------------------------
# icon_label: the ligature name of an icon-font glyph, which text extraction keeps as a word
# ("more_vert", "play_arrow"). Case-sensitive: icon names are lower case.
# ----------------------------------------------------------------------------------------------

ICON_LABEL = whole_line(f"(?-i:{words(vocab.ICON_NAME)})", 30)

# ----------------------------------------------------------------------------------------------
# placeholder: a program's empty value printed where a caption or a field was missing ("None",
# "null", "undefined", "NaN", "[object Object]"). Case-sensitive, and alone on the line.
# ----------------------------------------------------------------------------------------------

PLACEHOLDER = whole_line(rf"{SP}*(?-i:None|null|NULL|undefined|NaN|\[object{SP}Object\]){SP}*", 40)
