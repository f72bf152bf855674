"""Who and when: the expressions of datelines, bylines, credits and the rest of a story's foot.

Publication stamps, bylines (with "By", or known by the stamp or the bullet that ends them),
social-media handles, reporting credits, contact addresses, copyright notices, photo credits and
the author's one-line biography. The author's name and the story's dates are page metadata, not
article text; a wire agency that sent the story is the ``credit`` rule's, which runs first. Each
expression is an :class:`~dedup.templates.grammar.Expression` for one whole line; its words are
in :mod:`.vocabulary`, and :mod:`.patterns` names it in the table.
"""

from __future__ import annotations

from . import vocabulary as vocab
from .grammar import (
    AT,
    CAPITALISED,
    DATE,
    DATE_YEAR_OPTIONAL,
    DECOR,
    FULL_NAME,
    NAME_PARTICLE,
    SP,
    TIME,
    whole_line,
    words,
)

__all__ = [
    "AUTHOR_BIO",
    "BYLINE",
    "CONTACT_LINE",
    "COPYRIGHT_NOTICE",
    "DATED_BYLINE",
    "DATELINE",
    "PHOTO_AGENCY",
    "PHOTO_CREDIT",
    "REPORT_CREDIT",
    "SOCIAL_HANDLE",
    "SOURCE_LABEL",
]

# ----------------------------------------------------------------------------------------------
# dateline: a publication / update date or time alone on its line
# A date with a year, optionally after a weekday and with a time after or before it; anything
# date-like after a "Published"/"Updated" keyword, which may also stand alone; a relative stamp
# ("2 hours ago"). A bare time ("10 p.m.") is not enough: live blogs use it as a heading, and
# two dates ("29 November 2018 | 20 January 2019") are an event's dates, not a stamp.
# ----------------------------------------------------------------------------------------------

_N = rf"(?:\d+|{words(vocab.NUMBER_WORD)})"
# "2 hours ago", "1 hr 14 min ago" and translations.
_RELATIVE = "|".join(
    (
        rf"(?:about{SP}+)?(?:{_N}{SP}*(?:hours?|hrs?|h){SP}*)?{_N}{SP}*"
        rf"(?:seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|months?){SP}+ago",
        rf"vor{SP}+{_N}{SP}+(?:sekunden|minuten|min\.?|stunden?|std\.?|tagen?|wochen?)",
        rf"il{SP}+y{SP}+a{SP}+{_N}{SP}*(?:secondes?|minutes?|min|heures?|h|jours?|semaines?)",
        rf"hace{SP}+{_N}{SP}*(?:segundos?|minutos?|min|horas?|h|días?|semanas?)",
        rf"{_N}{SP}+(?:secondi|minuti|min|ore|ora|giorni|giorno|settimane){SP}+fa",
        rf"há{SP}+{_N}{SP}*(?:segundos?|minutos?|min|horas?|h|dias?|semanas?)",
        rf"\d+{SP}+(?:seconden|minuten|min|uur|uren|dagen|dag|weken){SP}+geleden",
        rf"\d+{SP}+(?:sekund[ay]?|minut[ay]?|min|godzin[ay]?|godz\.?|dni|dzień|tygodni){SP}+temu",
        rf"\d+{SP}+(?:секунд[уы]?|минут[уы]?|мин\.?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь]){SP}+назад",
        rf"\d+{SP}*(?:秒|分钟|分鐘|小时|小時|天|周)前",
    )
)
_KEY = words(vocab.EVENT_KEYWORD + vocab.LABEL_KEYWORD)
DATELINE = whole_line(
    rf"{SP}*[;|•·]?{SP}*(?:(?&outlet){SP}*[|•·,–—-]?{SP}*(?=(?&keyed)))?"
    rf"(?:(?:(?&keyed)|(?&date)(?:(?&at){TIME})?|{TIME}(?&at)(?&date)|(?:{_RELATIVE})(?:(?&at){TIME})?)"
    rf"(?:{SP}*[;|•·,/–—-]?{SP}*(?&keyed))*"  # "Published ... | Updated ..."
    rf"|{words(vocab.EVENT_KEYWORD)}(?:{SP}+(?:on|at|am|le|el|em|il|op))?)"
    rf"{SP}*[:：.]?{SP}*",
    100,
    month=words(vocab.MONTH),
    weekday=words(vocab.WEEKDAY),
    date=DATE,
    ldate=DATE_YEAR_OPTIONAL,
    at=AT,
    # the outlet that stamps the date: "USA TODAY Published 5:57 a.m. ET July 16, 2018"
    # (case-sensitive, so that only a line opening in capitals has this pattern tried)
    outlet=rf"(?-i:\p{{Lu}}{{2,}}(?:[ ]\p{{Lu}}{{2,}}){{0,3}}|Associated{SP}+Press|Reuters|AFP)",
    keyed=(
        rf"{_KEY}{SP}*[:：\-–—]?{SP}*(?:(?:on|at|am|um|le|el|em|il|op|в|于){SP}+)?"
        rf"(?:(?&ldate)(?:(?&at){TIME})?|{TIME}(?:(?&at)(?&ldate))?|{_RELATIVE}|{words(vocab.RELATIVE_DAY)})"
    ),
)

# ----------------------------------------------------------------------------------------------
# byline: the author credit, "By <names>", alone on its line
# With an optional affiliation ("By JILL COLVIN Associated Press", "By Amir Vera, CNN"), a
# publication stamp ("By Brian Freeman | Sunday, 15 July 2018 04:18 PM") and a contact link
# ("Email the author"). Every name is at least two capitalised words (initials and particles such
# as "de" or "van" allowed), and no word of a name or an affiliation is a common word, so headings
# such as "By The Numbers" or "By Popular Demand" are not bylines (nor, at that price, "By Doris
# Day"). A wire agency alone ("By Reuters") is the credit rule's.
# ----------------------------------------------------------------------------------------------

# Two lower-case words in a row that a byline never holds: the line goes on with a sentence
# ("By JILL COLVIN Associated Press How did it start?"). Tested right after the opening word, it
# spares the name and affiliation parts their backtracking on such lines (up to 2 ms each).
_SENTENCE_RUN = (
    rf"(?-i:(?<![\p{{L}}\p{{M}}'’.@-])(?!{words(vocab.BYLINE_LOWER)}(?![\p{{L}}\p{{M}}]))\p{{Ll}}[\p{{L}}\p{{M}}'’-]*"
    rf"{SP}+(?!{words(vocab.BYLINE_LOWER)}(?![\p{{L}}\p{{M}}]))\p{{Ll}})"
)
BYLINE = whole_line(
    rf"{SP}*[-–—]?{SP}*{words(vocab.BY)}(?!.*?{_SENTENCE_RUN}){SP}*:?{SP}+(?&names)"
    # an affiliation: ", CNN", " Associated Press", ", AP Diplomatic Writer", " The New York Times"
    rf"(?:{SP}*[,/|–—-]?{SP}*(?:the{SP}+)?(?&word)(?:{SP}+(?&word)){{0,4}}){{0,2}}"
    # where the piece first ran: "Authored by Tsvetana Paraskova via Oilprice.com,"
    rf"(?:{SP}*,?{SP}*via{SP}+(?:[\w-]+(?:\.[\w-]+)+|(?:the{SP}+)?(?&word)(?:{SP}+(?&word)){{0,4}}))?"
    # a publication stamp, and a contact link
    rf"(?:{SP}*[,|•·/–—-]?{SP}*(?:(?:updated|published|on){SP}+)?"
    rf"(?:(?&date)(?:(?&at){TIME})?|{TIME}(?:(?&at)(?&date))?))?"
    # "Email the author Follow @d_hawk"
    rf"(?:{SP}*[|•·,–—-]?{SP}*(?:e-?mail{SP}+the{SP}+authors?|follow{SP}+@\w{{1,15}}|@\w{{1,15}}"
    rf"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)){{0,2}}{SP}*[,;:/|]?{SP}*",
    120,
    names=rf"(?&name)(?:{SP}*(?:,|&|and|und|et|y|e|en){SP}*(?&name)){{0,3}}",
    name=FULL_NAME,
    # a capitalised word or an initial, that is not a common word
    word=rf"(?!{words(vocab.NOT_A_NAME)}(?![\p{{L}}\p{{M}}'’.-]))(?-i:\p{{Lu}}[\p{{L}}\p{{M}}'’-]*\.?)",
    date=DATE_YEAR_OPTIONAL,
    month=words(vocab.MONTH),
    weekday=words(vocab.WEEKDAY),
    at=AT,
)

# ----------------------------------------------------------------------------------------------
# dated_byline: a byline without "By", known by the publication stamp that ends it
# "Kimberly Atkins Monday, July 16, 2018", "CBS News July 15, 2018, 2:09 PM", "Associated Press
# Sunday, July 15, 2018", "Spencer Ackerman Posted at 10:05 am on July 16, 2018". One or two names
# (of people or of the outlet), then a full date with its year, and perhaps a time. Matched from
# the line's end: most lines do not end in a year or a time. A heading that ends in a date ("Trump
# Tower meeting, June 9, 2016") holds a common word, and a sentence does not stop at its date.
# ----------------------------------------------------------------------------------------------

DATED_BYLINE = whole_line(
    rf"{SP}*(?&names){SP}*[,|•·–—-]?{SP}*"
    # "Spencer Ackerman Posted at 10:05 am on July 16, 2018"
    rf"(?:(?:posted|published|updated){SP}+(?:(?:at|on){SP}+)?(?:{TIME}{SP}+(?:on{SP}+)?)?)?"
    rf"(?&date)(?:(?&at){TIME})?{SP}*",
    90,
    from_end=True,
    names=rf"(?&name)(?:{SP}*(?:,|&|and){SP}*(?&name))?",
    name=FULL_NAME,
    # not a title ("President Donald Trump's Schedule Monday, July 16, 2018" heads a section)
    # nor a possessive
    word=(
        rf"(?!{words([*vocab.NOT_A_NAME, *vocab.TITLE, *vocab.MONTH, *vocab.WEEKDAY])}\.?(?![\p{{L}}\p{{M}}'’.-]))"
        rf"(?-i:\p{{Lu}}[\p{{L}}\p{{M}}'’-]*\.?)(?<!['’]s)"
    ),
    date=DATE,
    month=words(vocab.MONTH),
    weekday=words(vocab.WEEKDAY),
    at=AT,
)

# ----------------------------------------------------------------------------------------------
# source_label: the outlet (or author) that an aggregator prints before a story's time
# "Milwaukee Journal Sentinel•", "latimes.com•", "Jill Colvin, The Associated Press •": a name
# and a bullet that ends the line, where the time that followed was not kept. Prose never ends
# in a bullet.
# ----------------------------------------------------------------------------------------------

SOURCE_LABEL = whole_line(
    rf"{SP}*(?&item)(?:(?:{SP}*,{SP}*|{SP}+(?:and{SP}+|&{SP}+)?)(?&item)){{0,7}}{SP}*[•·]{SP}*",
    80,
    from_end=True,
    # a capitalised word, a number ("Local 10 Miami"), a web address, or "the" ("the Guardian")
    item=r"(?:(?-i:[\p{Lu}\d][\p{L}\p{M}\d'’.&-]*)|(?:https?://)?[\w-]+(?:\.[\w-]+)+|the)(?![\p{L}\p{M}])",
)

# ----------------------------------------------------------------------------------------------
# social_handle: an invitation to follow someone's social-media account, handle included
# "Twitter: @LisaMascaro, @noamlevey", "Follow @JimPuzzanghera on Twitter", "Follow me: @evanhalper",
# "Follow Evie on Twitter @eviefordham." An invitation without a handle ("Follow NBC Latino on
# Facebook, Twitter and Instagram.") is left: article texts end with it at times, and "Follow us on
# Twitter" is a share widget already.
# ----------------------------------------------------------------------------------------------

# "@JonLemire", or the profile's address: "http://twitter.com/@JonLemire"
_HANDLE = (
    r"(?:(?:https?://)?(?:www\.)?(?:twitter|x|instagram|facebook|threads)\.(?:com|net)/@?[\w.]{1,30}/?|@[\w.]{1,30})"
)
SOCIAL_HANDLE = whole_line(
    rf"{DECOR}(?:(?&follow)(?:{SP}+(?&who))?(?:{SP}+(?&on))?(?:{SP}*[:：]|{SP}+(?:at|on))?{SP}*(?&handles)"
    rf"(?:{SP}+(?&on))?|(?&net){SP}*[:：]?{SP}*(?&handles)){SP}*[.!]?{SP}*",
    120,
    follow=words(vocab.FOLLOW),
    # someone named: "Evie", "The Times Opinion section", "Dave Lee"
    who=rf"(?-i:\p{{Lu}}[\p{{L}}'’.-]*)(?:{SP}+(?-i:\p{{Lu}}[\p{{L}}'’.-]*|section|team|desk)){{0,5}}",
    on=rf"(?:on|at|in|via|auf|sur|en|em|su|op){SP}+(?&net)(?:{SP}*(?:,|and|or|&){SP}*(?&net))*",
    net=words([*vocab.SHARE_NETWORK, "x", "tiktok"]),
    # "@LisaMascaro, @noamlevey"; "... at http://twitter.com/@JonLemire and Colvin at http://twitter.com/@colvinj"
    handles=rf"{_HANDLE}(?:{SP}*(?:[,;/&]|and|y|et|e|und|en){SP}*(?:(?&who){SP}+(?:at|on){SP}+)?{_HANDLE}){{0,4}}",
)

# ----------------------------------------------------------------------------------------------
# report_credit: who reported or contributed, at the foot of the story
# "Associated Press writers Zeke Miller and Ken Thomas in Washington contributed to this report.",
# "CNN's Lauren Fox contributed to this report.", "Keith Bradsher contributed reporting from Hong
# Kong.", "Isachenkov reported from Moscow.", "(Reporting by Steve Holland; Editing by Tom Brown)",
# "Additional reporting by Joseph Hudak". The contributors are names, places and a few words of
# newsroom titles ("staff writer", "wire services"): "Researchers from 12 countries contributed to
# this report." holds other words and is left. A wire agency among the contributors does not set
# ``CleanResult.credit``: the story is the outlet's own, with the agency's help.
# ----------------------------------------------------------------------------------------------

REPORT_CREDIT = whole_line(
    rf"{SP}*[(\[]?{SP}*(?&clause)(?:{SP}*[.;]{SP}+(?&clause))*+{SP}*[.;]?{SP}*[)\]]?{SP}*\.?{SP}*",
    300,
    clause=(
        # "Staff writers Noah Bierman and Tracy Wilkinson in Washington, D.C., contributed to this report."
        rf"(?&contributors),?{SP}+contributed(?:{SP}+(?:reporting|to{SP}+(?:this|the){SP}+(?:report|story|article)))?"
        rf"(?:{SP}+(?:from|in){SP}+(?&place))?"
        # "Isachenkov reported from Moscow."
        rf"|(?&contributors){SP}+reported{SP}+from{SP}+(?&place)"
        # "(Reporting by X; Editing by Y)", "Additional reporting by X", "With reporting from X"
        rf"|(?:(?:additional|with|contributing|further){SP}+)?reporting{SP}+(?:by|from){SP}+(?&contributors)"
        rf"(?:{SP}*[;,]{SP}*(?:(?&role){SP}+by{SP}+)?(?&contributors))*+"
        # USA Today's "Contributing: Christopher Schnaars", CNN's "Produced by Brett Roegiers and Kyle Almond"
        rf"|contributing{SP}*:{SP}*(?&contributors)"
        rf"|(?:produced|edited|compiled|research|graphics){SP}+by{SP}+(?&contributors)"
    ),
    # possessive: a run of capitalised words that is not a credit fails once, not once per split
    contributors=rf"(?&who)(?:(?:{SP}*,{SP}*|{SP}+)(?&who)){{0,40}}+",
    who=rf"(?:{CAPITALISED}|(?-i:{words(vocab.CONTRIBUTOR_WORD)})(?![\p{{L}}])|&)",
    place=rf"{CAPITALISED}(?:(?:{SP}*,{SP}*|{SP}+)(?:and{SP}+)?{CAPITALISED}){{0,5}}+",
    role=words(vocab.TRAILER_ROLE),
)

# ----------------------------------------------------------------------------------------------
# contact_line: an e-mail address to write to, alone or with its invitation
# "Contact Emily Tamkin at emily.tamkin@buzzfeed.com.", "Write to Al Root at allen.root@dowjones.com",
# "rludlow@dispatch.com", "E-mail: info@ascom.com", and "[email protected]", the text an address
# becomes when a page hides it from scrapers.
# ----------------------------------------------------------------------------------------------

_EMAIL = rf"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[?email{SP}*protected\])"  # "[" may be the decoration's
CONTACT_LINE = whole_line(
    rf"{DECOR}(?:(?:contact|e-?mail|write{SP}+to|reach|send{SP}+tips{SP}+to|tips)"
    rf"(?:{SP}+(?&person)|{SP}+(?:the{SP}+)?(?:author|reporter|writer|editor|newsroom)s?|{SP}+(?:him|her|them|us|me))?"
    rf"(?:{SP}+at|{SP}*:){SP}+"
    # the address right after the invitation: "Send tips to evie@dailycallernewsfoundation.org ."
    rf"|(?:send{SP}+(?:news{SP}+)?tips{SP}+to|write{SP}+to|e-?mail){SP}+)?{_EMAIL}"
    rf"(?:{SP}*(?:,|and|or|/){SP}*(?:(?&person){SP}+at{SP}+)?(?:{_EMAIL}|@\w{{1,30}}))*+{SP}*\.?{SP}*",
    160,
    person=rf"{CAPITALISED}(?:{SP}+(?:{NAME_PARTICLE}{SP}+)*{CAPITALISED}){{1,3}}",
)

# ----------------------------------------------------------------------------------------------
# copyright_notice: the rights line of the page footer or of a wire story
# "Copyright 2018 by CNN NewSource. All rights reserved. This material may not be published,
# broadcast, rewritten or redistributed.", "© 2019 Hearst Communications, Inc.", "Copyright ©2019
# Dow Jones & Company, Inc. All Rights Reserved", "© Telegraph Media Group Limited 2019". It opens
# with the sign or the word, and holds a year within its first words or a rights-reserved phrase;
# what follows the sign starts with a capital or a year, so "Copyright law changed in 2019." is
# left, and so is a photo caption after a credit ("© Lucy Nicholson  Detainees at ... May 18,
# 2018."). A notice whose owner is a wire agency alone ("© 2019 Reuters. All Rights Reserved.")
# is the credit rule's.
# ----------------------------------------------------------------------------------------------

_COPYRIGHT_YEAR = r"(?:19|20)\d\d"
COPYRIGHT_NOTICE = whole_line(
    rf"{SP}*(?:trademark{SP}+(?:and|&){SP}+)?(?:copyright|©|ⓒ|\(c\))(?:{SP}*(?:©|ⓒ|\(c\)))?"
    rf"(?=.{{0,80}}(?<!\d){_COPYRIGHT_YEAR}(?!\d)|.*{words(vocab.RIGHTS_RESERVED)})"
    rf"{SP}*(?:{_COPYRIGHT_YEAR}(?:{SP}*[-–—]{SP}*(?:{_COPYRIGHT_YEAR}|\d\d)?)?{SP}*[,.]?{SP}*)?(?:by{SP}+)?"
    rf"(?:(?-i:[\p{{Lu}}\p{{Lo}}\d©ⓒ])|{words(vocab.RIGHTS_RESERVED)}).*",
    250,
)

# ----------------------------------------------------------------------------------------------
# photo_credit: who took a picture, on a line of its own
# "Photo: Mikhail Klimentyev, AP", "(Photo: Evan Vucci/AP)", "Photograph by Brendan Smialowski /
# AFP / Getty", "AP Photo/Pablo Martinez Monsivais", "Image copyright Getty Images", "Credit: AP
# (File)", "Kuva: Lehtikuva" (photo_credit, from the label), and "Mark Wilson/Getty Images",
# "Michael Nagle | Bloomberg | Getty Images", "BRENDAN SMIALOWSKI, AFP/Getty Images", "(Jorge
# Silva/Pool Photo via AP, File)" (photo_agency, from the agency the line ends with). What the
# label introduces, or what comes before the agency, is names: capitalised words and initials,
# a few lower-case words ("via", "for", "courtesy of", "file"), separators. A caption is not
# ("Photo: Trump and Putin meet in Helsinki", "Leaders pose for a photo. (AP Photo/Evan Vucci)"
# keeps its words). A wire agency that also sends stories (AP, Reuters, AFP) ends a photo credit
# only after a "/" or "via": "Jill Colvin, Associated Press" and "Geoff Mulvihill | Associated
# Press" are bylines, and a lone "AP" is the credit rule's; a picture agency (Getty Images,
# Shutterstock) may stand alone or follow any separator.
# ----------------------------------------------------------------------------------------------

_CREDIT_SEP = rf"(?:{SP}*[/|,;+()]{SP}*|{SP}+[-–—]{SP}+|{SP}+)"


def _credited_names(joins: str) -> str:
    """An expression for the credited names: items (runs of capitalised words and initials, in
    any case: "SMIALOWSKI"; name particles; the credit's lower-case words; an agency; "-" for a
    missing name) between separators, of which ``joins`` is an alternation of the words that may
    join two names ("and")."""
    item = (
        rf"(?:(?-i:[\p{{Lu}}\d][\p{{L}}\p{{M}}\d'’.&-]*)|{NAME_PARTICLE}|(?-i:{words(vocab.CREDIT_LOWER)})"
        rf"|{words(vocab.WIRE_AGENCY)}|[-–—]|{joins})(?![\p{{L}}\p{{M}}])"
    )
    return rf"{item}(?:{_CREDIT_SEP}{item}){{0,15}}"


#: ", File", "/file", "(File)": the picture is from the agency's archive.
_FILE_MARK = rf"(?:{SP}*[,/]?{SP}*\(?(?-i:[Ff]ile|FILE)\)?)?"
PHOTO_CREDIT = whole_line(
    rf"{DECOR}(?:(?&noun)(?:{SP}*[:：/|]|{SP}+by|{SP}+courtesy{SP}+of)|(?&nouns){SP}+(?:by|courtesy{SP}+of)"
    rf"|(?&phrase){SP}*[:,]?"
    # NYT's glued "CreditJamal Taraqai/EPA, via Shutterstock"
    rf"|(?-i:Credit)(?=\p{{Lu}})|©){SP}*(?&credit){SP}*[.)\]]*{SP}*",
    150,
    noun=words(vocab.PICTURE_NOUN),
    nouns=words(vocab.PICTURES_NOUN),
    phrase=words(vocab.PICTURE_PHRASE),
    credit=_credited_names(r"(?-i:and|und|et|y|e)|&") + "+",  # possessive: the label fixed where it starts
)
PHOTO_AGENCY = whole_line(
    rf"{DECOR}(?:(?:(?&credit){SP}*(?:[/|,]|{SP}via|{SP}for|{SP}[-–—]){SP}*)?(?&picture)"
    # "Name | Associated Press" is as often a byline: a wire agency needs "/" or "via"
    rf"|(?&credit)(?:{SP}*/|{SP}+via){SP}*(?&wire)){_FILE_MARK}{SP}*[.)\]]{{0,2}}{SP}*",
    150,
    from_end=True,
    # no "and": "JONATHAN LEMIRE, JILL COLVIN and VLADIMIR ISACHENKOV / AP" is a byline
    credit=_credited_names("(?!)"),
    picture=rf"(?:{words(vocab.PICTURE_AGENCY)})(?![\p{{L}}])",
    wire=rf"(?<![\p{{L}}])(?:{words(vocab.WIRE_AGENCY)})",
)

# ----------------------------------------------------------------------------------------------
# author_bio: the author's one-line biography, at the foot of the story
# "Uri Friedman is a staff writer at The Atlantic, where he covers global affairs.", "Gregg Re is an
# editor for Fox News. Follow him on Twitter @gregg_re .", "Amanda Erickson writes about foreign
# affairs for The Washington Post." A full name (two to four capitalised words, no title such as
# "Mr" or "President"), then "is" and a newsroom or academic role within a few words, or "writes
# about", "covers ... for". A story's own sentence can have that shape ("Bob Woodward is the author
# of a new book that ..."), so the table marks this pattern ``foot_only``: it is tried only on the
# last lines of an article (see patterns.in_foot), where the biography goes, after every other one.
# ----------------------------------------------------------------------------------------------

AUTHOR_BIO = whole_line(
    rf"{SP}*(?&person)(?:{SP}+(?&person))?{SP}+"
    rf"(?:(?-i:is){SP}+(?!(?:no|not|never)(?![\p{{L}}]))(?:(?:a|an|the){SP}+)?"
    rf"(?:[\p{{L}}\p{{M}}\d'’&-]+,?{SP}+){{0,6}}?(?&role)s?(?![\p{{L}}])"
    rf"|writes{SP}+(?:about|on|for|a{SP}+column)(?![\p{{L}}])"
    rf"|(?:covers|reports{SP}+on){SP}+[^\n.!?]{{1,60}}?{SP}+for{SP}+(?-i:\p{{Lu}}))"
    rf".*",
    300,
    person=FULL_NAME,
    word=rf"(?!{words([*vocab.TITLE, *vocab.NOT_A_NAME])}\.?(?![\p{{L}}\p{{M}}'’-])){CAPITALISED}",
    role=words(vocab.BIO_ROLE),
)
