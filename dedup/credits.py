"""Wire-service credits: a standalone credit line ("Reuters", "(AP)", "By AFP", or the agency's
copyright notice "Copyright 2018 The Associated Press. All rights reserved.") is moved out of the
text into ``CleanResult.credit``; so is the agency of a byline that names one ("By Jill
Colvin, Associated Press", which the template rule removes as a byline); a dateline credit
("MOSCOW (Reuters) -") is reported but stays, since it sits inside a paragraph.
"""

from __future__ import annotations

from functools import lru_cache

import regex

__all__ = ["AGENCIES", "find_byline_credit", "find_dateline_credit", "match_credit"]

#: Canonical agency name -> the spellings that name it. Only agencies whose names are not
#: ordinary words: "PA" or "CP" alone are too ambiguous to take out of an article.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters", "REUTERS"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "AFP Relaxnews"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua", "Xinhua News Agency", "新华社"),
    "TASS": ("TASS", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "ANSA": ("ANSA",),
    "EFE": ("EFE", "Agencia EFE"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "ANI": ("ANI",),
    "Anadolu": ("Anadolu", "Anadolu Agency"),
    "AAP": ("AAP", "Australian Associated Press"),
    "Canadian Press": ("The Canadian Press", "Canadian Press"),
    "Press Association": ("Press Association", "PA Media"),
    "Europa Press": ("Europa Press",),
    "Sputnik": ("Sputnik",),
    "Bernama": ("Bernama",),
    "CNA": ("CNA",),
}

_CANONICAL = {spelling.casefold(): name for name, spellings in AGENCIES.items() for spelling in spellings}
_NAME = "|".join(sorted((regex.escape(s) for ss in AGENCIES.values() for s in ss), key=len, reverse=True))
# "Reuters", "(AP)", "— AFP", "By Reuters", "Source: dpa", "© AFP 2018", "Reuters/AP", "AP and Reuters",
# and the agency's copyright notice: "Copyright 2018 The Associated Press. All rights reserved. This
# material may not be published, broadcast, rewritten or redistributed."
_CREDIT_LINE = regex.compile(
    rf"""[-–—\s]*
    (?:(?:by|via|source|credit|quelle|fuente|fonte|источник|来源)\s*[:：]?\s*
      |(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)|copyright))?\s*(?:(?:19|20)\d\d\s*[,.]?\s*)?(?:by\s+)?)?
    [\(\[]?\s*(?P<names>(?:{_NAME})(?:\s*(?:/|,|&|\band\b|\bwith\b)\s*(?:{_NAME}))*)\s*[\)\]]?
    (?:\s*(?:19|20)\d\d)?\s*\.?
    (?:\s*all\s+rights\s+reserved\s*\.?
      (?:\s*this\s+material\s+may\s+not\s+be\s+published,?\s+broadcast,?\s+rewritten,?\s+or\s+redistributed\s*\.?)?)?""",
    regex.IGNORECASE | regex.VERBOSE,
)
_SPLIT = regex.compile(r"\s*(?:/|,|&|\band\b|\bwith\b)\s*", regex.IGNORECASE)
# "MOSCOW (Reuters) -", "WASHINGTON (AP) —", "Paris, July 16 (AFP) -" at the start of a paragraph.
_DATELINE = regex.compile(rf"^[\p{{Lu}}][^\n()]{{0,60}}\((?P<names>{_NAME})\)\s*[-–—:]", regex.V1)

# An agency's name as a whole word, with the separator before it if there is one.
_AFFILIATION = regex.compile(
    rf"(?P<sep>\s*[,|/–—-]\s*)?(?<![\p{{L}}\p{{N}}])(?P<name>{_NAME})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE
)
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def match_credit(line: str) -> tuple[str, ...] | None:
    """The agencies credited when the whole line is a credit, canonical names, else None.

    Case matters for the short names, so that "ap" or "ria" in running text never count.

    >>> match_credit("(Reuters)"), match_credit("By The Associated Press")
    (('Reuters',), ('AP',))
    >>> match_credit("Reuters reported the talks.") is None
    True
    """
    if not _may_open_a_credit(line[:_OPENING]):
        return None
    m = _CREDIT_LINE.fullmatch(line)
    if m is None:
        return None
    names = tuple(n for n in _SPLIT.split(m["names"]) if n)
    canonical = tuple(_canonical(n) for n in names)
    if any(c is None for c in canonical):
        return None
    return tuple(dict.fromkeys(c for c in canonical if c is not None))


# Characters of a line's opening that the pre-test looks at.
_OPENING = 3


@lru_cache(maxsize=1 << 16)
def _may_open_a_credit(opening: str) -> bool:
    """Some credit line begins with ``opening``: every prefix of a line the credit expression
    matches is a partial match of it, so a line whose opening is not cannot be a credit. Most
    lines open with words no credit starts with, and openings recur, so this is one dict look-up.

    >>> _may_open_a_credit("(AP"), _may_open_a_credit("Put")
    (True, False)
    """
    return _CREDIT_LINE.fullmatch(opening, partial=True) is not None


def find_dateline_credit(line: str) -> str | None:
    """The agency named in a dateline at the start of a paragraph, else None.

    >>> find_dateline_credit("WASHINGTON (Reuters) - The United States said on Monday...")
    'Reuters'
    """
    m = _DATELINE.match(line)
    return _canonical(m["names"]) if m else None


def find_byline_credit(byline: str) -> str | None:
    """The agency a byline names as the author's affiliation, else None.

    ``byline`` is a line the template rule took for a byline. The agency must read as an
    affiliation, not as part of a name: set off by a separator (", AP", "| Associated Press"),
    spelled in more than one word ("Associated Press"), or an acronym in capitals after a name
    and not followed by one ("By ROBERT BURNS AP National Security Writer", not "By ANI SHARMA").
    So "By Michael R. Bloomberg" credits no agency, where "By Jane Doe, Bloomberg" does.

    >>> find_byline_credit("By JILL COLVIN Associated Press"), find_byline_credit("By ROBERT BURNS AP Writer")
    ('AP', 'AP')
    >>> find_byline_credit("By Jane Doe, Bloomberg"), find_byline_credit("By Michael R. Bloomberg")
    ('Bloomberg', None)
    >>> find_byline_credit("By ANI SHARMA and Jo Ames") is None
    True
    """
    for m in _AFFILIATION.finditer(byline):
        spelling = m["name"]
        if not (m["sep"] or " " in spelling or _is_acronym_after_a_name(byline, m)):
            continue
        name = _canonical(spelling)
        if name is not None:
            return name
    return None


def _is_acronym_after_a_name(byline: str, m: regex.Match[str]) -> bool:
    spelling = m["name"]
    if not (spelling.isupper() and len(spelling) <= 5):
        return False
    before = _WORD.findall(byline, 0, m.start("name"))
    after = _WORD.findall(byline, m.end("name"))
    return len(before) >= 2 and not (after and after[0].isupper())


def _canonical(spelling: str) -> str | None:
    name = _CANONICAL.get(spelling.casefold())
    # Short all-caps names only count in capitals: "ap" or "Ria" are words or names.
    if name is not None and len(spelling) <= 4 and spelling != spelling.upper() and spelling.casefold() != "dpa":
        return None
    return name
