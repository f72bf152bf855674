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
* bounds the line length with a leading look-ahead (furniture is short), and
* never accepts an article's own words in place of its vocabulary, so a headline such as "Share
  prices fall" or a paragraph such as "Updated figures show ..." cannot match.

A byline ("By Jill Colvin, Associated Press") is furniture here: the author's name is page
metadata, not article text. So is the rest of a story's foot: who contributed reporting, an
address to write to, the copyright notice, and the author's one-line biography, which is the one
pattern tried by position (in an article's last lines, see :func:`in_bio_tail`) because a
story's own sentence can have its shape. So is a photo credit on a line of its own ("Photo: Evan
Vucci, AP", "Mark Wilson/Getty Images"); a caption, which describes the picture, is left. A wire
credit ("By Reuters", "Copyright 2018 The Associated Press. All rights reserved.") is the
``credit`` rule's, which runs first: it names the agency that sent the story, which a photo credit
does not. Precision on real text is measured by ``benchmarks/template_precision.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

__all__ = ["AUTHOR_BIO", "PATTERNS", "TemplatePattern", "in_bio_tail", "match_author_bio", "match_template"]


class Expression:
    """A template expression for one whole line: its source, its flags, and the longest line it
    accepts; compiled on first use.

    Not a dataclass: it keeps the compiled expression once built. Compiling every template
    expression takes most of a second (``regex``'s compiler is pure Python), so ``import dedup``
    does not pay it; the first line matched does. The length bound is checked before matching,
    not written into the expression as a look-ahead: the pre-tests match a line's opening (or
    closing) partially, and a look-ahead reaching the end of that opening would answer "partial"
    for any of them, so a bounded expression would need an unbounded twin, compiled again.
    """

    __slots__ = ("_compiled", "flags", "max_len", "source")

    def __init__(self, source: str, flags: int, max_len: int) -> None:
        self.source = source
        self.flags = flags
        self.max_len = max_len
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        """The compiled expression, without the length bound (see :meth:`fullmatch`)."""
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled

    @property
    def from_end(self) -> bool:
        """Matched right to left (``regex``'s reverse mode)."""
        return bool(self.flags & regex.REVERSE)

    def fullmatch(self, line: str) -> bool:
        """Whether the whole line, of 1 to :attr:`max_len` characters, matches."""
        return 0 < len(line) <= self.max_len and self.compiled.fullmatch(line) is not None


@dataclass(frozen=True, slots=True)
class TemplatePattern:
    """One named kind of page furniture.

    Attributes:
        name: Short identifier, reported as the removal's evidence (e.g. ``"share_widget"``).
        reason: Human-readable removal reason (e.g. ``"share widget"``).
        expression: The expression a whole stripped line must match, with its length bound.
        keywords: Lower-case words of which every line the expression matches holds one (in any
            case); a line holding none is not tried. Empty: every line is tried.
    """

    name: str
    reason: str
    expression: Expression = field(repr=False)
    keywords: tuple[str, ...] = field(default=(), repr=False)

    @property
    def regex(self) -> regex.Pattern[str]:
        """The compiled expression, matched with ``fullmatch``; lines longer than
        :attr:`max_len` are not tried (use :meth:`fullmatch` to test one line)."""
        return self.expression.compiled

    @property
    def max_len(self) -> int:
        """The longest line the pattern accepts."""
        return self.expression.max_len

    def fullmatch(self, line: str) -> bool:
        """Whether the whole line is this kind of furniture (the expression alone, no pre-test).

        >>> PATTERNS[0].fullmatch("Advertisement"), PATTERNS[0].fullmatch("Advertisement " * 9)
        (True, False)
        """
        return self.expression.fullmatch(line)


# ----------------------------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------------------------

#: Any space, including no-break, zero-width and the BOM left inside scraped text.
_SP = r"[\s\u200b-\u200d\u2060\ufeff]"

#: Punctuation that decorates furniture around its words: colons, arrows, bullets, ellipses.
_DECOR = rf"(?:{_SP}|[:：;.…»«›‹><→←↓▸▶►▾▼•·|*#+()\[\]【】（）\-–—])*+"

_LANGUAGE_TAG = regex.compile(r"^\s*[a-z]{2}:\s")


def _vocab(table: str) -> list[str]:
    """The phrases of a vocabulary table: ``|``-separated, one language per line (``en: ...``)."""
    lines = (_LANGUAGE_TAG.sub("", line) for line in table.splitlines())
    return [phrase.strip() for line in lines for phrase in line.split("|") if phrase.strip()]


#: What _phrase spells loosely (stdlib ``re``: a pattern this small needs no ``regex`` compile).
_PHRASE_PARTS = re.compile(r"( - | |-|')")


@cache  # the month and weekday tables are written out in several expressions
def _phrase(text: str) -> str:
    """An expression for one literal phrase, tolerant of the ways scraped text spells it.

    A space matches any run of spaces; " - " any dash or none between the words; a hyphen inside
    a word is optional ("e-mail" = "email"); an apostrophe may be straight or curly.
    """
    out = []
    for part in _PHRASE_PARTS.split(text):
        if part == " - ":
            out.append(rf"{_SP}*[-–—:|]?{_SP}*")
        elif part == " ":
            out.append(f"{_SP}+")
        elif part == "-":
            out.append(r"[-\u2010\u2011]?")
        elif part == "'":
            out.append(r"['’‘`´]")
        else:
            out.append(regex.escape(part))
    return "".join(out)


def _words(phrases: list[str]) -> str:
    """A non-capturing alternation of literal phrases, longest first."""
    return "(?:" + "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _line(body: str, max_len: int, *, from_end: bool = False, **parts: str) -> Expression:
    """The expression ``body`` for a whole line of at most ``max_len`` characters.

    ``parts`` are named sub-expressions that ``body`` and other parts call as ``(?&name)``. The
    calls are written out in place as non-capturing groups: ``regex`` group calls are not atomic,
    so the language is the same, and a pattern with a DEFINE block pays a fixed ~60 us set-up on
    every match (ten times the inlined pattern's cost on a short line).

    ``from_end``: match right to left (``regex``'s reverse mode), for furniture known by how its
    line ends: a line that does not end that way fails at its last characters.
    """
    for _ in range(len(parts) + 1):
        inlined = _CALL.sub(lambda m: f"(?:{parts[m[1]]})", body)
        if inlined == body:
            break
        body = inlined
    assert "(?&" not in body, "template parts must not call themselves"
    # (?-f): simple case folding. Full folding (ß = ss) makes compiling several times slower, and
    # the few words that need it are spelled both ways in the vocabularies.
    flags = regex.IGNORECASE | regex.V1 | regex.DOTALL | (regex.REVERSE if from_end else 0)
    return Expression(f"(?-f){body}", flags, max_len)


_CALL = regex.compile(r"\(\?&(\w+)\)")


# ----------------------------------------------------------------------------------------------
# share_widget: share / print / e-mail / follow / font-size buttons
# A line of button labels only. "Share", "Print", "Email", "Tweet" or a font-size control may
# stand alone; a social network needs company ("Facebook Twitter", "Share on Facebook"), since a
# lone "Facebook" can head a section of an article about Facebook. Filler words ("this article",
# "on", counters such as "0" or "12 shares") never make a match on their own.
# ----------------------------------------------------------------------------------------------

_SHARE_ACTION = _vocab("""
    en: share | share this | share story | share article | share via | print | print this | print article
    en: email | e-mail | mail | mail this | email this | email a friend | send to a friend | tweet
    en: tweet this | pin | pin it | post to | follow us | font size | text size
    de: teilen | drucken | versenden | twittern | schriftgröße | schriftgrösse | textgröße | textgrösse
    de: per e-mail versenden | artikel teilen | artikel drucken | seite drucken | folgen sie uns
    fr: partager | imprimer | envoyer | envoyer par e-mail | courriel | taille du texte
    fr: taille de police | tweeter | suivez-nous
    es: compartir | imprimir | enviar | enviar por correo | correo | correo electrónico | tuitear
    es: tamaño de letra | tamaño de fuente | tamaño del texto | twittear | síguenos
    it: condividi | stampa | invia | invia per e-mail | dimensione testo | dimensione carattere
    it: dimensione del testo | seguici
    pt: compartilhar | compartilhe | partilhar | partilhe | enviar por e-mail | tamanho da fonte
    pt: tamanho do texto | tamanho da letra | siga-nos
    nl: delen | deel dit artikel | printen | afdrukken | mailen | lettergrootte | tekstgrootte
    pl: udostępnij | drukuj | wydrukuj | wyślij | podziel się | rozmiar czcionki | rozmiar tekstu
    ru: поделиться | печать | распечатать | версия для печати | отправить | размер шрифта | твитнуть
    zh: 分享 | 分享到 | 分享至 | 分享按钮 | 打印 | 打印本页 | 打印此文 | 字号 | 字体 | 转发 | 收藏 | 邮件
    zh: 发送邮件 | 推荐给朋友 | 大 中 小 | 大中小
    ja: シェア | 印刷 | ツイート | メール
    ko: 공유 | 인쇄 | 메일 | 글자크기
""")
# Font-size controls: "A A A", "A- A+", "A+A-" (capital A; not "AA", a credit rating).
_FONT_SIZE = (
    rf"(?-i:A)[-+−]?(?:(?:{_SP}+|(?<=[-+−])){_SP}*(?-i:A)[-+−]?){{1,3}}"
    rf"|large{_SP}*medium{_SP}*small"
)
_SHARE_NETWORK = _vocab("""
    facebook | facebook messenger | messenger | twitter | x (twitter) | linkedin | reddit | pinterest
    tumblr | whatsapp | telegram | flipboard | pocket | digg | stumbleupon | google+ | google plus
    gplus | xing | vk | vkontakte | вконтакте | одноклассники | weibo | 微博 | 新浪微博 | 微信 | wechat
    qq | qq空间 | qzone | 豆瓣 | line | kakaotalk | 카카오톡 | viber | sms | instagram | youtube
    snapchat | mastodon | bluesky | threads | mix | hatena | evernote
""")
_SHARE_FILLER = _vocab("""
    en: on | via | by | this | article | story | page | post | link | url | copy link | more | with
    en: more options | close | panel | connect | friends | shares | comment | comments | retweets
    en: tweets | likes | pins | save | fb | g | large | medium | small | larger | smaller | normal
    de: auf | per | diesen | dieser | artikel | seite
    fr: sur | cet | cette | par | en
    es: este | esta | artículo | por
    it: su | questo | questa | articolo | pagina
    pt: no | na | artigo
    nl: dit | op
    pl: ten | artykuł
    ru: в | эту | статью
    zh: 到 | 至 | 本文 | 按钮 | 关闭 | 大 | 中 | 小
""")
_COUNTER = r"\d++(?:[.,]\d+)?[km]?\+?"
_SHARE_COUNT = _vocab("shares | retweets | tweets | likes | pins | comments | reactions")
# Between buttons: separators, or nothing where scraped labels run together ("FacebookEmail",
# "COMMENTEMAILMORE", "Twitter339", "分享到微博"): before a capital, next to a digit or between
# CJK characters (written without spaces). Atomic, so an empty separator is found one way only.
_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
_SHARE_SEP = rf"(?>(?:{_SP}|[|·•/,;:()\[\]【】（）：，、｜\-–—])++|(?=(?-i:\p{{Lu}})|\d|{_CJK})|(?<=\d|{_CJK}))"
# No full stop at the end: a run of these words closed by a period is a sentence.
_SHARE_END = rf"(?:{_SP}|[:：;»›>→•·|*#+()\[\]【】（）\-–—])*+"
_SHARE_WIDGET = _line(
    # any buttons, then one that can stand alone (or two networks), then any buttons
    rf"(?:{_DECOR}(?:(?&tok)(?&sep))*?(?:(?&act)|(?&net)(?:(?&sep)(?:(?&fill)|(?&cnt)))*(?&sep)(?&net)"
    # or one network with its count: "Twitter339 retweets", "Facebook 1.2k shares"
    rf"|(?&net)(?&sep)(?&cnt)(?&sep){_words(_SHARE_COUNT)})"
    rf"(?:(?&sep)(?&tok))*{_SHARE_END}"
    # the short link offered to share: "Read or Share this story: https://usat.ly/2ut7JN2"
    rf"|{_DECOR}(?:read{_SP}+or{_SP}+)?share{_SP}+this{_SP}+(?:story|article|post|page){_SP}*[:：]{_SP}*"
    rf"https?://[^\s]+{_SP}*)",
    120,
    act=rf"{_words(_SHARE_ACTION)}|{_FONT_SIZE}",
    net=_words(_SHARE_NETWORK),
    fill=_words(_SHARE_FILLER),
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

_PAGE_WORD = _words(_vocab("page | pages | seite | página | pagina | strona | страница | pág. | 页"))
_PAGE_OF = _words(_vocab("of | von | sur | de | di | van | z | из | /"))
_PAGER_NAV = _vocab("""
    en: next | next page | previous | previous page | prev | prev page | first page | last page
    en: older posts | newer posts | older entries | newer entries | older articles | newer articles
    de: weiter | nächste | nächste seite | vorherige | vorherige seite | zurück
    fr: suivant | suivante | page suivante | précédent | précédente | page précédente
    es: siguiente | anterior | página siguiente | página anterior
    it: successivo | successiva | precedente | pagina successiva | pagina precedente
    pt: próxima | próximo | próxima página
    nl: volgende | vorige | volgende pagina | vorige pagina
    pl: następna | poprzednia | następna strona | poprzednia strona
    ru: следующая | предыдущая | следующая страница | предыдущая страница
    zh: 上一页 | 下一页 | 上页 | 下页 | 首页 | 尾页 | 末页
""")
_PAGINATION = _line(
    r"(?&sep)(?:(?&tok)(?&sep))*?(?:(?&nav)|(?&nofm))(?:(?&sep)(?&tok))*(?&sep)",
    80,
    nav=_words(_PAGER_NAV),
    nofm=(
        rf"{_PAGE_WORD}{_SP}*\d+{_SP}*{_PAGE_OF}{_SP}*\d+"
        rf"|第{_SP}*\d+{_SP}*页(?:{_SP}*共{_SP}*\d+{_SP}*页)?"
    ),
    tok=rf"(?>(?&nav)|(?&nofm)|{_PAGE_WORD}|\d++|first|last|\.\.\.|…)",
    sep=rf"(?:{_SP}|[|·•,:()\[\]«»‹›<>←→\-–—])*+",
)

# ----------------------------------------------------------------------------------------------
# gallery_counter: the position indicator of a photo gallery or slideshow ("Image 2 of 5")
# A bare "2 / 5" is left alone: it is also how a review writes a score.
# ----------------------------------------------------------------------------------------------

_GALLERY_WORD = _vocab("""
    image | photo | picture | slide | gallery | bild | foto | fotos | imagen | immagine | afbeelding
    zdjęcie | фото | изображение | 图片 | 图
""")
_GALLERY_COUNTER = _line(
    # "Image 1of/4": a counter whose "of" and "/" were both kept
    rf"{_DECOR}{_words(_GALLERY_WORD)}{_SP}*\d+{_SP}*{_PAGE_OF}(?:{_SP}*/)?{_SP}*\d+{_DECOR}",
    40,
)

# ----------------------------------------------------------------------------------------------
# dateline: a publication / update date or time alone on its line
# A date with a year, optionally after a weekday and with a time after or before it; anything
# date-like after a "Published"/"Updated" keyword, which may also stand alone; a relative stamp
# ("2 hours ago"). A bare time ("10 p.m.") is not enough: live blogs use it as a heading, and
# two dates ("29 November 2018 | 20 January 2019") are an event's dates, not a stamp.
# ----------------------------------------------------------------------------------------------

_MONTH = _vocab("""
    en: january | february | march | april | may | june | july | august | september | october
    en: november | december | jan | feb | mar | apr | jun | jul | aug | sep | sept | oct | nov | dec
    de: januar | jänner | februar | märz | mai | juni | juli | oktober | dezember | okt | dez | mrz
    fr: janvier | février | mars | avril | juin | juillet | août | septembre | octobre | novembre
    fr: décembre | janv | févr | fév | avr | juil | déc
    es: enero | febrero | marzo | abril | mayo | junio | julio | agosto | septiembre | setiembre
    es: octubre | noviembre | diciembre | ene | abr | ago | dic
    it: gennaio | febbraio | aprile | maggio | giugno | luglio | settembre | ottobre | dicembre
    it: gen | mag | giu | lug | set | ott
    pt: janeiro | fevereiro | março | maio | junho | julho | setembro | outubro | novembro | dezembro
    pt: fev | out
    nl: januari | februari | maart | mei | augustus | mrt
    pl: stycznia | lutego | marca | kwietnia | maja | czerwca | lipca | sierpnia | września
    pl: października | listopada | grudnia | styczeń | luty | marzec | kwiecień | maj | czerwiec
    pl: lipiec | sierpień | wrzesień | październik | listopad | grudzień
    ru: января | февраля | марта | апреля | мая | июня | июля | августа | сентября | октября
    ru: ноября | декабря
""")
_WEEKDAY = _vocab("""
    en: monday | tuesday | wednesday | thursday | friday | saturday | sunday
    en: mon | tue | tues | wed | thu | thur | thurs | fri | sat | sun
    de: montag | dienstag | mittwoch | donnerstag | freitag | samstag | sonntag
    de: mo | di | mi | do | fr | sa | so
    fr: lundi | mardi | mercredi | jeudi | vendredi | samedi | dimanche
    es: lunes | martes | miércoles | jueves | viernes | sábado | domingo
    it: lunedì | martedì | mercoledì | giovedì | venerdì | sabato | domenica
    pt: segunda-feira | terça-feira | quarta-feira | quinta-feira | sexta-feira
    nl: maandag | dinsdag | woensdag | donderdag | vrijdag | zaterdag | zondag
    pl: poniedziałek | wtorek | środa | czwartek | piątek | sobota | niedziela
    ru: понедельник | вторник | среда | четверг | пятница | суббота | воскресенье
    zh: 星期一 | 星期二 | 星期三 | 星期四 | 星期五 | 星期六 | 星期日 | 星期天
    zh: 周一 | 周二 | 周三 | 周四 | 周五 | 周六 | 周日
""")
_YEAR = r"(?:1[89]|20)\d\d"
_MON = r"(?:0?[1-9]|1[0-2])"
_DOM = r"(?:0?[1-9]|[12]\d|3[01])"
_DAY = rf"{_DOM}(?:st|nd|rd|th|er|\.|º)?"
_YEAR_TAIL = rf",?{_SP}*(?:del?{_SP}+)?{_YEAR}(?:{_SP}*(?:г\.|года|год|r\.))?"
# "July 15, 2018", "15 July 2018", "16 de julio de 2018", "2018-07-16", "16.07.2018",
# "2018年7月16日", after an optional weekday. {Y} becomes "" (year required, a bare line) or "?"
# (year optional, after a keyword).
_DATE_TEMPLATE = (
    rf"(?:(?&weekday)\.?,?{_SP}+)?"
    rf"(?:(?&month)\.?{_SP}*{_DAY}(?:{_YEAR_TAIL}){{Y}}"
    rf"|{_DAY}{_SP}*(?:de{_SP}+)?(?&month)\.?(?:{_YEAR_TAIL}){{Y}}"
    rf"|{_YEAR}[-/.]{_MON}[-/.]{_DOM}|{_DOM}[-/.]{_DOM}[-/.]{_YEAR}"
    rf"|{_YEAR}{_SP}*年{_SP}*{_MON}{_SP}*月{_SP}*{_DOM}{_SP}*日"
    rf"|{_YEAR}{_SP}*년{_SP}*{_MON}{_SP}*월{_SP}*{_DOM}{_SP}*일)"
    rf"(?:{_SP}*\((?&weekday)\))?"
)
_TZ = (
    r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|MSK|МСК|MEZ|MESZ|HKT|SGT|JST|KST|IST|AEST|AEDT"
    r"|ACST|AWST|NZST|NZDT|[ECMPA][SD]T|ET|PT|CT|MT|Uhr|hrs|h|horas|hs|ч\.)"
    r"(?:[+-]\d\d?(?::?\d\d)?)?"
)
# "09:31", "3:04 pm", "10h02", "3 p.m.", with an optional time zone.
_TIME = (
    rf"(?:(?:[01]?\d|2[0-3])(?:[:.]|{_SP}*h{_SP}*)[0-5]\d(?::[0-5]\d)?(?:{_SP}*[ap]\.?{_SP}?m\.?)?"
    rf"|(?:[01]?\d|2[0-3]){_SP}*[ap]\.?{_SP}?m\.?)"
    rf"(?:{_SP}*\(?{_TZ}\)?)?"
)
# Between a date and its time: spaces, punctuation, or "at" / "um" / "à" / "a las" / "alle" ...
_AT = rf"{_SP}*[,|•·/–—-]?{_SP}*(?:(?:at|um|à|a{_SP}+las?|alle|às|om|o|в|kl\.){_SP}+)?"
_NUMBER_WORD = _vocab("a | an | one | two | three | ein | eine | einer | einem | un | une | una | um | uma")
_N = rf"(?:\d+|{_words(_NUMBER_WORD)})"
# "2 hours ago", "1 hr 14 min ago" and translations.
_RELATIVE = "|".join(
    (
        rf"(?:about{_SP}+)?(?:{_N}{_SP}*(?:hours?|hrs?|h){_SP}*)?{_N}{_SP}*"
        rf"(?:seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|months?){_SP}+ago",
        rf"vor{_SP}+{_N}{_SP}+(?:sekunden|minuten|min\.?|stunden?|std\.?|tagen?|wochen?)",
        rf"il{_SP}+y{_SP}+a{_SP}+{_N}{_SP}*(?:secondes?|minutes?|min|heures?|h|jours?|semaines?)",
        rf"hace{_SP}+{_N}{_SP}*(?:segundos?|minutos?|min|horas?|h|días?|semanas?)",
        rf"{_N}{_SP}+(?:secondi|minuti|min|ore|ora|giorni|giorno|settimane){_SP}+fa",
        rf"há{_SP}+{_N}{_SP}*(?:segundos?|minutos?|min|horas?|h|dias?|semanas?)",
        rf"\d+{_SP}+(?:seconden|minuten|min|uur|uren|dagen|dag|weken){_SP}+geleden",
        rf"\d+{_SP}+(?:sekund[ay]?|minut[ay]?|min|godzin[ay]?|godz\.?|dni|dzień|tygodni){_SP}+temu",
        rf"\d+{_SP}+(?:секунд[уы]?|минут[уы]?|мин\.?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь]){_SP}+назад",
        rf"\d+{_SP}*(?:秒|分钟|分鐘|小时|小時|天|周)前",
    )
)
_RELATIVE_DAY = _vocab("""
    today | yesterday | just now | heute | gestern | aujourd'hui | hier | hoy | ayer | oggi | ieri
    hoje | ontem | vandaag | gisteren | dzisiaj | wczoraj | сегодня | вчера | 今天 | 昨天
""")
# Keywords announcing an event in the article's life; these may also stand alone on a line.
_EVENT_KEYWORD = _vocab("""
    en: published | updated | last updated | posted | created | modified | last modified
    en: first published | originally published | publication date | date published
    en: date updated | published date | updated date
    de: veröffentlicht | aktualisiert | zuletzt aktualisiert | erstellt | geändert
    fr: publié | mis à jour | modifié | actualisé | dernière mise à jour
    es: publicado | publicada | actualizado | actualizada | última actualización
    it: pubblicato | pubblicata | aggiornato | aggiornata | ultimo aggiornamento
    pt: atualizado | atualizada | atualização
    nl: gepubliceerd | bijgewerkt | laatst bijgewerkt | geplaatst | laatste update
    pl: opublikowano | aktualizacja | zaktualizowano | data publikacji | dodano
    ru: опубликовано | обновлено | дата публикации | дата обновления
    zh: 发布时间 | 更新时间 | 发布日期 | 发表时间 | 发表于 | 发布于 | 更新于 | 更新日期
    ja: 公開日 | 更新日 | 投稿日 | 公開 | 更新
    ko: 입력 | 수정 | 등록 | 기사입력 | 최종수정
""")
# Plain labels ("Date:", "Stand:") that count only when a date follows.
_LABEL_KEYWORD = _vocab("""
    date | dated | datum | stand | fecha | data | date de publication | дата | 时间 | 日期 | 日期时间 | 날짜
""")
_KEY = _words(_EVENT_KEYWORD + _LABEL_KEYWORD)
_DATELINE = _line(
    rf"{_SP}*[;|•·]?{_SP}*(?:(?&outlet){_SP}*[|•·,–—-]?{_SP}*(?=(?&keyed)))?"
    rf"(?:(?:(?&keyed)|(?&date)(?:(?&at){_TIME})?|{_TIME}(?&at)(?&date)|(?:{_RELATIVE})(?:(?&at){_TIME})?)"
    rf"(?:{_SP}*[;|•·,/–—-]?{_SP}*(?&keyed))*"  # "Published ... | Updated ..."
    rf"|{_words(_EVENT_KEYWORD)}(?:{_SP}+(?:on|at|am|le|el|em|il|op))?)"
    rf"{_SP}*[:：.]?{_SP}*",
    100,
    month=_words(_MONTH),
    weekday=_words(_WEEKDAY),
    date=_DATE_TEMPLATE.replace("{Y}", ""),
    ldate=_DATE_TEMPLATE.replace("{Y}", "?"),
    at=_AT,
    # the outlet that stamps the date: "USA TODAY Published 5:57 a.m. ET July 16, 2018"
    # (case-sensitive, so that only a line opening in capitals has this pattern tried)
    outlet=rf"(?-i:\p{{Lu}}{{2,}}(?:[ ]\p{{Lu}}{{2,}}){{0,3}}|Associated{_SP}+Press|Reuters|AFP)",
    keyed=(
        rf"{_KEY}{_SP}*[:：\-–—]?{_SP}*(?:(?:on|at|am|um|le|el|em|il|op|в|于){_SP}+)?"
        rf"(?:(?&ldate)(?:(?&at){_TIME})?|{_TIME}(?:(?&at)(?&ldate))?|{_RELATIVE}|{_words(_RELATIVE_DAY)})"
    ),
)

# ----------------------------------------------------------------------------------------------
# section_nav: headings of recommended-article lists and "read more" links
# Fixed phrases, plus "More from <Section>" / "Trending in <Section>" where the section name is
# one to four capitalised words (matched case-sensitively, so "More from his speech" is left).
# Not listed: "Up next" and "Don't miss", which also head real sections (AP sports schedules,
# travel guides).
# ----------------------------------------------------------------------------------------------

_NAV_PHRASE = _vocab("""
    en: read more | read next | read also | also read | continue reading | more from this section
    en: related | related articles | related stories | related content | related coverage
    en: related news | related links | related posts | related videos | related video
    en: related reading | see also | see more | most read | most popular | most viewed | most shared
    en: most commented | most emailed | most watched | trending | trending now | trending stories
    en: trending news | recommended | recommended for you | recommended stories | recommended articles
    en: recommended videos | recommended video | recommended reading | you may also like
    en: you might also like | you may like | you might like | you may be interested in
    en: you might be interested in | you may also be interested in | you might also be interested in
    en: you may also enjoy | you might also enjoy | we recommend | top stories | top news | latest news
    en: latest stories | more stories | more news | more articles | more videos | more like this
    en: more on this story | more on this topic | editor's picks | editors' picks | editor's choice
    en: popular stories | popular now | what to read next | sponsored stories | promoted stories
    en: around the web | from around the web | from the web | watch next | next story
    en: previous story | next article | previous article | more to explore | in case you missed it
    en: read full article | read full story | read the full article | read the full story
    de: mehr zum thema | zum thema | lesen sie auch | lesen sie mehr | auch interessant
    de: das könnte sie auch interessieren | das könnte sie interessieren | meistgelesen
    de: meistgelesene artikel | am meisten gelesen | weitere artikel | ähnliche artikel
    de: verwandte artikel | empfohlene artikel | top-themen | mehr aus dem ressort | mehr artikel
    de: weiterlesen | mehr lesen | mehr dazu | mehr zu diesem thema
    fr: à lire aussi | a lire aussi | lire aussi | à lire également | lire la suite | voir aussi
    fr: les plus lus | articles les plus lus | sur le même sujet | dans la même rubrique
    fr: articles similaires | articles liés | à voir aussi | plus d'actualités | lire plus
    fr: les plus populaires | nos recommandations | vous aimerez aussi | à découvrir
    fr: à découvrir aussi | sur le même thème
    es: leer más | lee también | lea también | te puede interesar | le puede interesar
    es: también te puede interesar | noticias relacionadas | artículos relacionados | lo más leído
    es: lo más visto | más noticias | más leídas | más leídos | ver más | relacionado | relacionados
    es: relacionadas | te recomendamos | quizás te interese | seguir leyendo | sigue leyendo
    it: leggi anche | leggi di più | leggi tutto | articoli correlati | notizie correlate
    it: potrebbe interessarti | più letti | i più letti | più lette | le più lette | altre notizie
    it: vedi anche | correlati | ti potrebbe interessare | continua a leggere
    pt: leia também | leia mais | veja também | saiba mais | notícias relacionadas | mais lidas
    pt: as mais lidas | mais lidos | mais notícias | você também pode gostar | veja mais
    pt: continue lendo
    nl: lees ook | lees meer | lees verder | meer nieuws | meest gelezen | gerelateerde artikelen
    nl: gerelateerd | ook interessant | bekijk ook | meer over dit onderwerp
    pl: czytaj także | czytaj też | czytaj również | czytaj więcej | czytaj dalej | przeczytaj także
    pl: przeczytaj też | przeczytaj również | zobacz także | zobacz też | zobacz również
    pl: najczęściej czytane | najpopularniejsze | powiązane artykuły | podobne artykuły | polecamy
    ru: читайте также | читайте ещё | читайте еще | смотрите также | см. также | по теме
    ru: похожие статьи | похожие новости | популярное | самое читаемое | самое популярное
    ru: другие новости | новости по теме | читать далее | читать полностью | ещё по теме
    ru: еще по теме | рекомендуем
    zh: 相关新闻 | 相关阅读 | 相关文章 | 相关报道 | 相关链接 | 延伸阅读 | 推荐阅读 | 热门文章 | 热门新闻
    zh: 更多新闻 | 阅读更多 | 阅读全文 | 查看更多 | 猜你喜欢 | 热点推荐 | 点击排行 | 今日推荐 | 精彩推荐
    zh: 相关推荐 | 相關新聞 | 延伸閱讀 | 相關閱讀
""")
# A section name: one to four capitalised words ("World", "Nation & World", "U.S. Politics").
_SECTION = r"(?-i:[\p{Lu}\d][\p{L}\d.'’-]*(?:[ \u00a0](?:&|and|[\p{Lu}\d][\p{L}\d.'’-]*)){0,3})"
_NAV_SECTION = (
    rf"(?:(?:read{_SP}+)?more{_SP}+(?:from|in){_SP}+|trending{_SP}+in{_SP}+|latest{_SP}+in{_SP}+"
    rf"|most{_SP}+(?:read|popular){_SP}+in{_SP}+|top{_SP}+stories{_SP}+in{_SP}+)"
    rf"(?:this{_SP}+section|this{_SP}+author|{_SECTION})"
    rf"|most{_SP}+(?:read|popular|viewed){_SP}+{_SECTION}{_SP}+(?:stories|news|articles)"
)
_SECTION_NAV = _line(rf"{_DECOR}(?:{_words(_NAV_PHRASE)}|{_NAV_SECTION}){_DECOR}", 60)

# ----------------------------------------------------------------------------------------------
# read_more_link: a "read more" label and the headline of the article it links to, on one line
# "Read more: Alibaba poised to launch ...", "[Related: The 15 Weirdest Galaxies]", "SEE ALSO |
# ...", "Lesen Sie auch: ...". The headline starts with a capital, a digit or a quote and does not
# end with a full stop, so "See also: the minister's reply, below." (a sentence) is left alone.
# Not listed: "Don't miss" and "Recommended", which also head real items of travel guides and
# product reviews ("Don't miss: the Egyptian wing").
# ----------------------------------------------------------------------------------------------

_LINK_LABEL = _vocab("""
    en: read more | read also | also read | read next | see more | see also | related | related post
    en: related article | related story | related content | related coverage | related link
    en: related reading | related video | more on this | more on this story | more on this topic
    en: you may also like | you might also like | watch next | next story | in case you missed it
    en: also on | more
    de: lesen sie auch | mehr zum thema | zum thema | auch interessant | weiterlesen | lesen sie mehr
    fr: à lire aussi | a lire aussi | lire aussi | voir aussi | sur le même sujet | à voir aussi
    es: lee también | lea también | leer más | te puede interesar | le puede interesar | ver más
    it: leggi anche | leggi di più | vedi anche | potrebbe interessarti
    pt: leia também | leia mais | veja também | saiba mais | veja mais
    nl: lees ook | lees meer | bekijk ook
    pl: czytaj także | czytaj też | czytaj również | zobacz także | zobacz też | zobacz również
    ru: читайте также | смотрите также | см. также | по теме
    zh: 相关新闻 | 相关阅读 | 相关文章 | 相关报道 | 延伸阅读 | 推荐阅读 | 相關新聞 | 延伸閱讀
""")
_READ_MORE_LINK = _line(
    rf"{_SP}*[\[(]?{_SP}*{_words(_LINK_LABEL)}"
    # the label's colon or arrow; "Also on rt.com" names the site instead
    rf"(?:{_SP}*[:：|»›>]|{_SP}+[-–—]|(?<=also{_SP}+on){_SP}+[\w-]+(?:\.[\w-]+)+:?)"
    rf"{_SP}*(?-i:[\p{{Lu}}\p{{Lo}}\d\"“‘'«])[^\n]*?(?<![.。])[\])]?{_SP}*",
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
_ARROW_LINK = _line(
    rf"(?![^«‹]*[«‹]){_HAS_LETTER}.*[^\s»›:]{_SP}+[»›](?:{_SP}*[»›])*{_SP}*",
    200,
    from_end=True,
)

# ----------------------------------------------------------------------------------------------
# tagged_link: a teaser headline that ends in the media tag of the page it links to
# "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]", "Melania Shines In Powder
# Blue Coat At Helsinki-Vantaa Airport In Finland [PHOTOS]". Only the tags of that vocabulary, in
# capitals: a transcript's "[END TAPE]" or a citation's "[CNBC]" is left.
# ----------------------------------------------------------------------------------------------

_LINK_TAG = _vocab("""
    VIDEO | VIDEOS | WATCH | PHOTO | PHOTOS | PICTURES | PICS | GALLERY | INSIGHT | REACTION | WARNING
    NEWS | LATEST | LIVE | LISTEN | POLL | QUIZ | MAP | CHART | ANALYSIS | REVEALED | INTERVIEW | OPINION
""")
_TAGGED_LINK = _line(
    rf"{_HAS_LETTER}.*[^\s\[]{_SP}*\[(?-i:{_words(_LINK_TAG)})\]{_SP}*\|?{_SP}*",
    200,
    from_end=True,
)

# ----------------------------------------------------------------------------------------------
# reading_time: an estimate of the time an article takes to read
# "5 min read", "Reading time: 3 minutes", "Lesezeit: 4 Min.", "Tempo de leitura: 1 minuto".
# ----------------------------------------------------------------------------------------------

_READING_LABEL = _vocab("""
    en: reading time | read time | estimated reading time | time to read
    de: lesezeit | lesedauer | geschätzte lesezeit
    fr: temps de lecture | durée de lecture
    es: tiempo de lectura | tiempo estimado de lectura
    it: tempo di lettura | tempo di lettura stimato
    pt: tempo de leitura | tempo estimado de leitura
    nl: leestijd
    pl: czas czytania | czas lektury
    ru: время чтения | время прочтения
    zh: 阅读时间 | 阅读时长 | 預計閱讀時間
""")
_MINUTES = _vocab("""
    min | mins | minute | minutes | minuten | minuto | minutos | minuti | minut | minuty | минута
    minuty | минуты | минут | мин | 分钟 | 分鐘
""")
_READING_TIME = _line(
    rf"{_DECOR}(?:(?&label){_SP}*[:：]?{_SP}*(?:about{_SP}+|ca\.?{_SP}*|environ{_SP}+|cerca{_SP}+de{_SP}+)?"
    rf"\d+(?:{_SP}*[-–]{_SP}*\d+)?{_SP}*(?&unit)\.?"
    rf"|\d+(?:{_SP}*[-–]{_SP}*\d+)?(?:{_SP}|-)*(?&unit)\.?{_SP}+(?:read|lesen|de{_SP}+lecture|de{_SP}+lectura"
    rf"|de{_SP}+leitura|di{_SP}+lettura|leestijd|czytania|чтения)){_DECOR}",
    60,
    label=_words(_READING_LABEL),
    unit=_words(_MINUTES),
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

_BY = _vocab("""
    en: by | written by | authored by | words by | story by | text by
    de: von | text von
    fr: par | texte de
    es: por | texto de
    it: di | a cura di
    pt: por | texto de
    nl: door
""")
#: Words of headings, not of names ("By the way", "BY WAY OF CONTRAST", "By Royal Appointment").
_NOT_A_NAME = _vocab("""
    the | a | an | this | that | these | those | our | your | my | his | her | their | its | all
    any | every | each | some | no | not | one | two | way | far | now | popular | public | royal
    special | default | design | air | car | land | sea | road | rail | train | bus | plane | phone
    email | mail | post | request | appointment | invitation | order | law | chance | contrast
    comparison | numbers | day | night | hand | heart | proxy | force | nature | accident | mistake
    definition | then | of | for | to | in | on | at | or | with | from
""")
_NAME_PARTICLE = r"(?-i:de|da|del|della|der|den|di|do|dos|du|la|le|van|von|ten|ter|bin|ibn|al|el)"
#: A full name: two to four words (each a pattern's own ``word`` part), name particles between.
_FULL_NAME = rf"(?&word)(?:{_SP}+(?:{_NAME_PARTICLE}{_SP}+)*(?&word)){{1,3}}"
#: Titles that make a name a person in the story ("Mr Danielevsky is the editor of ...").
_TITLE = _vocab("""
    mr | mrs | ms | miss | dr | prof | professor | sir | dame | lord | lady | gen | general | sen | senator
    rep | gov | governor | president | judge | justice | king | queen | prince | princess | pope | saint
    st | rev | father | u.s
""")
#: Lower-case words a byline may hold: its opening, name particles, "and", a stamp's "at" / "on",
#: "Email the author".
_BYLINE_LOWER = _vocab("""
    by | written | words | story | text | texte | texto | von | par | por | di | door | a | cura | de | da
    del | della | der | den | do | dos | du | la | le | van | ten | ter | bin | ibn | al | el | and | und
    et | y | e | en | at | on | updated | published | am | pm | um | à | las | alle | às | om | o | email
    e-mail | the | author | authors | follow | authored | via
""")
# Two lower-case words in a row that a byline never holds: the line goes on with a sentence
# ("By JILL COLVIN Associated Press How did it start?"). Tested right after the opening word, it
# spares the name and affiliation parts their backtracking on such lines (up to 2 ms each).
_SENTENCE_RUN = (
    rf"(?-i:(?<![\p{{L}}\p{{M}}'’.@-])(?!{_words(_BYLINE_LOWER)}(?![\p{{L}}\p{{M}}]))\p{{Ll}}[\p{{L}}\p{{M}}'’-]*"
    rf"{_SP}+(?!{_words(_BYLINE_LOWER)}(?![\p{{L}}\p{{M}}]))\p{{Ll}})"
)
_BYLINE = _line(
    rf"{_SP}*[-–—]?{_SP}*{_words(_BY)}(?!.*?{_SENTENCE_RUN}){_SP}*:?{_SP}+(?&names)"
    # an affiliation: ", CNN", " Associated Press", ", AP Diplomatic Writer", " The New York Times"
    rf"(?:{_SP}*[,/|–—-]?{_SP}*(?:the{_SP}+)?(?&word)(?:{_SP}+(?&word)){{0,4}}){{0,2}}"
    # where the piece first ran: "Authored by Tsvetana Paraskova via Oilprice.com,"
    rf"(?:{_SP}*,?{_SP}*via{_SP}+(?:[\w-]+(?:\.[\w-]+)+|(?:the{_SP}+)?(?&word)(?:{_SP}+(?&word)){{0,4}}))?"
    # a publication stamp, and a contact link
    rf"(?:{_SP}*[,|•·/–—-]?{_SP}*(?:(?:updated|published|on){_SP}+)?"
    rf"(?:(?&date)(?:(?&at){_TIME})?|{_TIME}(?:(?&at)(?&date))?))?"
    # "Email the author Follow @d_hawk"
    rf"(?:{_SP}*[|•·,–—-]?{_SP}*(?:e-?mail{_SP}+the{_SP}+authors?|follow{_SP}+@\w{{1,15}}|@\w{{1,15}}"
    rf"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)){{0,2}}{_SP}*[,;:/|]?{_SP}*",
    120,
    names=rf"(?&name)(?:{_SP}*(?:,|&|and|und|et|y|e|en){_SP}*(?&name)){{0,3}}",
    name=_FULL_NAME,
    # a capitalised word or an initial, that is not a common word
    word=rf"(?!{_words(_NOT_A_NAME)}(?![\p{{L}}\p{{M}}'’.-]))(?-i:\p{{Lu}}[\p{{L}}\p{{M}}'’-]*\.?)",
    date=_DATE_TEMPLATE.replace("{Y}", "?"),
    month=_words(_MONTH),
    weekday=_words(_WEEKDAY),
    at=_AT,
)

# ----------------------------------------------------------------------------------------------
# dated_byline: a byline without "By", known by the publication stamp that ends it
# "Kimberly Atkins Monday, July 16, 2018", "CBS News July 15, 2018, 2:09 PM", "Associated Press
# Sunday, July 15, 2018", "Spencer Ackerman Posted at 10:05 am on July 16, 2018". One or two names
# (of people or of the outlet), then a full date with its year, and perhaps a time. Matched from
# the line's end: most lines do not end in a year or a time. A heading that ends in a date ("Trump
# Tower meeting, June 9, 2016") holds a common word, and a sentence does not stop at its date.
# ----------------------------------------------------------------------------------------------

_DATED_BYLINE = _line(
    rf"{_SP}*(?&names){_SP}*[,|•·–—-]?{_SP}*"
    # "Spencer Ackerman Posted at 10:05 am on July 16, 2018"
    rf"(?:(?:posted|published|updated){_SP}+(?:(?:at|on){_SP}+)?(?:{_TIME}{_SP}+(?:on{_SP}+)?)?)?"
    rf"(?&date)(?:(?&at){_TIME})?{_SP}*",
    90,
    from_end=True,
    names=rf"(?&name)(?:{_SP}*(?:,|&|and){_SP}*(?&name))?",
    name=_FULL_NAME,
    # not a title ("President Donald Trump's Schedule Monday, July 16, 2018" heads a section)
    # nor a possessive
    word=(
        rf"(?!{_words([*_NOT_A_NAME, *_TITLE, *_MONTH, *_WEEKDAY])}\.?(?![\p{{L}}\p{{M}}'’.-]))"
        rf"(?-i:\p{{Lu}}[\p{{L}}\p{{M}}'’-]*\.?)(?<!['’]s)"
    ),
    date=_DATE_TEMPLATE.replace("{Y}", ""),
    month=_words(_MONTH),
    weekday=_words(_WEEKDAY),
    at=_AT,
)

# ----------------------------------------------------------------------------------------------
# source_label: the outlet (or author) that an aggregator prints before a story's time
# "Milwaukee Journal Sentinel•", "latimes.com•", "Jill Colvin, The Associated Press •": a name
# and a bullet that ends the line, where the time that followed was not kept. Prose never ends
# in a bullet.
# ----------------------------------------------------------------------------------------------

_SOURCE_LABEL = _line(
    rf"{_SP}*(?&item)(?:(?:{_SP}*,{_SP}*|{_SP}+(?:and{_SP}+|&{_SP}+)?)(?&item)){{0,7}}{_SP}*[•·]{_SP}*",
    80,
    from_end=True,
    # a capitalised word, a number ("Local 10 Miami"), a web address, or "the" ("the Guardian")
    item=r"(?:(?-i:[\p{Lu}\d][\p{L}\p{M}\d'’.&-]*)|(?:https?://)?[\w-]+(?:\.[\w-]+)+|the)(?![\p{L}\p{M}])",
)

# ----------------------------------------------------------------------------------------------
# newsletter_promo: an invitation to subscribe to the outlet's newsletter or e-mail alerts
# "Sign up for our daily newsletter", "Get the latest updates right in your inbox. Subscribe to
# NJ.com's newsletters.", "Abonnez-vous à notre newsletter". It starts with the invitation's
# verb; "get" and "receive" count only with news delivered to an inbox, so "Get your inbox to
# zero" is left.
# ----------------------------------------------------------------------------------------------

_PROMO_JOIN = _vocab("""
    en: subscribe | subscribe now | sign up | signup | join | never miss | don't miss | stay informed
    en: stay up to date | stay updated | want more
    de: abonnieren sie | jetzt abonnieren | melden sie sich | jetzt anmelden
    fr: abonnez-vous | inscrivez-vous
    es: suscríbete | suscribete | suscríbase | regístrate
    it: iscriviti | abbonati
    pt: assine | inscreva-se | cadastre-se
    nl: schrijf je in | meld je aan | abonneer je
    pl: zapisz się | zamów newsletter
    ru: подпишитесь | подпишись
""")
_PROMO_GET = _vocab("""
    en: get | receive | start your day with | want the latest
    de: erhalten sie | holen sie sich
    fr: recevez
    es: recibe | reciba
    it: ricevi
    pt: receba
    nl: ontvang
""")
_PROMO_LIST = _vocab("""
    newsletter | newsletters | newsletter's | email newsletter | e-mail newsletter | mailing list
    email alerts | e-mail alerts | email updates | e-mail updates | nieuwsbrief | boletín | boletim
    infolettre | рассылку | рассылка
""")
_INBOX = _vocab("""
    inbox | in-box | posteingang | boîte mail | boîte de réception | bandeja de entrada | caixa de entrada
""")
_NEWS = _vocab("""
    the latest | latest | headlines | top stories | news | stories | updates | briefing
    nachrichten | actualités | noticias | notizie | notícias | nieuws
""")
_NEWSLETTER_PROMO = _line(
    rf"{_DECOR}(?:(?&join)\b[^\n]*?\b(?:(?&list)|(?&inbox))"
    rf"|(?&get)\b[^\n]*?\b(?:(?&list)|(?&news)\b[^\n]*?\b(?&inbox)|(?&inbox)\b[^\n]*?\b(?&news)))\b[^\n]*",
    200,
    join=_words(_PROMO_JOIN),
    get=_words(_PROMO_GET),
    list=_words(_PROMO_LIST),
    inbox=_words(_INBOX),
    news=_words(_NEWS),
)

# ----------------------------------------------------------------------------------------------
# link_list_heading: the heading of a tag / topic / category link list
# One heading word or phrase, with or without its colon ("Tags:", "Filed under", "Mots-clés :").
# ----------------------------------------------------------------------------------------------

_LINK_LIST_WORD = _vocab("""
    en: tags | tag | topics | related topics | topics in this article | keywords | categories
    en: category | filed under | posted in | subjects | more about
    de: themen | schlagwörter | schlagworte | stichwörter | stichworte
    fr: mots-clés | mots clés | thèmes | sujets | étiquettes
    es: etiquetas | temas | palabras clave | temas relacionados
    it: temi | argomenti | parole chiave
    pt: palavras-chave | assuntos | tópicos
    nl: onderwerpen | trefwoorden
    pl: tagi | tematy | słowa kluczowe
    ru: теги | темы | ключевые слова | метки
    zh: 标签 | 关键词 | 关键字 | 主题
    ja: タグ
    ko: 태그 | 키워드
""")
# The heading may carry its links: "Filed Under: Economy, Jobs, Taxes", "Tags: helsinki |
# billboards | free press". Each item is one to five words with no sentence punctuation.
_LINK_LIST_ITEM = r"[^\s,;|.!?:：][^,;|.!?:：\n]{0,40}?"
_LINK_LIST_HEADING = _line(
    rf"{_DECOR}{_words(_LINK_LIST_WORD)}{_SP}*(?:[:：]{_SP}*(?&items))?[:：]?{_SP}*[|,;]?{_SP}*",
    200,
    items=rf"(?&item)(?:{_SP}*[,;|]{_SP}*(?&item)){{0,19}}",
    item=rf"(?=(?:[^\s,;|]+(?:{_SP}+|(?=[,;|])|$)){{1,5}}(?:[,;|]|{_SP}*$)){_LINK_LIST_ITEM}",
)

# ----------------------------------------------------------------------------------------------
# social_handle: an invitation to follow someone's social-media account, handle included
# "Twitter: @LisaMascaro, @noamlevey", "Follow @JimPuzzanghera on Twitter", "Follow me: @evanhalper",
# "Follow Evie on Twitter @eviefordham." An invitation without a handle ("Follow NBC Latino on
# Facebook, Twitter and Instagram.") is left: article texts end with it at times, and "Follow us on
# Twitter" is a share widget already.
# ----------------------------------------------------------------------------------------------

_FOLLOW = _vocab("""
    en: follow | follow me | follow us | follow him | follow her | follow them
    de: folgen sie | folgen sie mir | folgen sie uns
    fr: suivez | suivez-moi | suivez-nous
    es: sigue | síguenos | sígueme | siga
    it: segui | seguici | seguimi
    pt: siga | siga-nos | siga-me
    nl: volg | volg ons | volg mij
""")
# "@JonLemire", or the profile's address: "http://twitter.com/@JonLemire"
_HANDLE = (
    r"(?:(?:https?://)?(?:www\.)?(?:twitter|x|instagram|facebook|threads)\.(?:com|net)/@?[\w.]{1,30}/?|@[\w.]{1,30})"
)
_SOCIAL_HANDLE = _line(
    rf"{_DECOR}(?:(?&follow)(?:{_SP}+(?&who))?(?:{_SP}+(?&on))?(?:{_SP}*[:：]|{_SP}+(?:at|on))?{_SP}*(?&handles)"
    rf"(?:{_SP}+(?&on))?|(?&net){_SP}*[:：]?{_SP}*(?&handles)){_SP}*[.!]?{_SP}*",
    120,
    follow=_words(_FOLLOW),
    # someone named: "Evie", "The Times Opinion section", "Dave Lee"
    who=rf"(?-i:\p{{Lu}}[\p{{L}}'’.-]*)(?:{_SP}+(?-i:\p{{Lu}}[\p{{L}}'’.-]*|section|team|desk)){{0,5}}",
    on=rf"(?:on|at|in|via|auf|sur|en|em|su|op){_SP}+(?&net)(?:{_SP}*(?:,|and|or|&){_SP}*(?&net))*",
    net=_words([*_SHARE_NETWORK, "x", "tiktok"]),
    # "@LisaMascaro, @noamlevey"; "... at http://twitter.com/@JonLemire and Colvin at http://twitter.com/@colvinj"
    handles=(
        rf"{_HANDLE}(?:{_SP}*(?:[,;/&]|and|y|et|e|und|en){_SP}*(?:(?&who){_SP}+(?:at|on){_SP}+)?{_HANDLE}){{0,4}}"
    ),
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

#: A capitalised word or an initial: part of a name, an outlet or a place ("O'Brien", "D.C.",
#: "CNN's").
_CAPITALISED = r"(?-i:\p{Lu}[\p{L}\p{M}'’.-]*)"
#: Lower-case words a list of contributors may hold.
_CONTRIBUTOR_WORD = _vocab("""
    writer | writers | staff | reporter | reporters | correspondent | correspondents | producer | producers
    wire | services | service | in | the | of | at | and | also | with
""")
#: "... by" roles of a wire trailer's later parts ("; Editing by Tom Brown").
_TRAILER_ROLE = _vocab("""
    reporting | additional reporting | writing | editing | compiled | compiling | graphics | graphic
    production | research | fact-checking | translation | translated | edited | written | reported
""")
_REPORT_CREDIT = _line(
    rf"{_SP}*[(\[]?{_SP}*(?&clause)(?:{_SP}*[.;]{_SP}+(?&clause))*+{_SP}*[.;]?{_SP}*[)\]]?{_SP}*\.?{_SP}*",
    300,
    clause=(
        # "Staff writers Noah Bierman and Tracy Wilkinson in Washington, D.C., contributed to this report."
        rf"(?&contributors),?{_SP}+contributed(?:{_SP}+(?:reporting|to{_SP}+(?:this|the){_SP}+(?:report|story|article)))?"
        rf"(?:{_SP}+(?:from|in){_SP}+(?&place))?"
        # "Isachenkov reported from Moscow."
        rf"|(?&contributors){_SP}+reported{_SP}+from{_SP}+(?&place)"
        # "(Reporting by X; Editing by Y)", "Additional reporting by X", "With reporting from X"
        rf"|(?:(?:additional|with|contributing|further){_SP}+)?reporting{_SP}+(?:by|from){_SP}+(?&contributors)"
        rf"(?:{_SP}*[;,]{_SP}*(?:(?&role){_SP}+by{_SP}+)?(?&contributors))*+"
        # USA Today's "Contributing: Christopher Schnaars", CNN's "Produced by Brett Roegiers and Kyle Almond"
        rf"|contributing{_SP}*:{_SP}*(?&contributors)"
        rf"|(?:produced|edited|compiled|research|graphics){_SP}+by{_SP}+(?&contributors)"
    ),
    # possessive: a run of capitalised words that is not a credit fails once, not once per split
    contributors=rf"(?&who)(?:(?:{_SP}*,{_SP}*|{_SP}+)(?&who)){{0,40}}+",
    who=rf"(?:{_CAPITALISED}|(?-i:{_words(_CONTRIBUTOR_WORD)})(?![\p{{L}}])|&)",
    place=rf"{_CAPITALISED}(?:(?:{_SP}*,{_SP}*|{_SP}+)(?:and{_SP}+)?{_CAPITALISED}){{0,5}}+",
    role=_words(_TRAILER_ROLE),
)

# ----------------------------------------------------------------------------------------------
# contact_line: an e-mail address to write to, alone or with its invitation
# "Contact Emily Tamkin at emily.tamkin@buzzfeed.com.", "Write to Al Root at allen.root@dowjones.com",
# "rludlow@dispatch.com", "E-mail: info@ascom.com", and "[email protected]", the text an address
# becomes when a page hides it from scrapers.
# ----------------------------------------------------------------------------------------------

_EMAIL = rf"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[?email{_SP}*protected\])"  # "[" may be the decoration's
_CONTACT_LINE = _line(
    rf"{_DECOR}(?:(?:contact|e-?mail|write{_SP}+to|reach|send{_SP}+tips{_SP}+to|tips)"
    rf"(?:{_SP}+(?&person)|{_SP}+(?:the{_SP}+)?(?:author|reporter|writer|editor|newsroom)s?|{_SP}+(?:him|her|them|us|me))?"
    rf"(?:{_SP}+at|{_SP}*:){_SP}+"
    # the address right after the invitation: "Send tips to evie@dailycallernewsfoundation.org ."
    rf"|(?:send{_SP}+(?:news{_SP}+)?tips{_SP}+to|write{_SP}+to|e-?mail){_SP}+)?{_EMAIL}"
    rf"(?:{_SP}*(?:,|and|or|/){_SP}*(?:(?&person){_SP}+at{_SP}+)?(?:{_EMAIL}|@\w{{1,30}}))*+{_SP}*\.?{_SP}*",
    160,
    person=rf"{_CAPITALISED}(?:{_SP}+(?:{_NAME_PARTICLE}{_SP}+)*{_CAPITALISED}){{1,3}}",
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

_RIGHTS_RESERVED = _vocab("""
    en: all rights reserved | some rights reserved
    de: alle rechte vorbehalten
    fr: tous droits réservés
    es: todos los derechos reservados
    it: tutti i diritti riservati
    pt: todos os direitos reservados
    nl: alle rechten voorbehouden
    pl: wszelkie prawa zastrzeżone
    ru: все права защищены
    zh: 版权所有 | 版權所有
    ko: 무단전재 및 재배포 금지 | 무단 전재 및 재배포 금지
    ja: 無断転載禁止
""")
_YEAR = r"(?:19|20)\d\d"
_COPYRIGHT_NOTICE = _line(
    rf"{_SP}*(?:trademark{_SP}+(?:and|&){_SP}+)?(?:copyright|©|ⓒ|\(c\))(?:{_SP}*(?:©|ⓒ|\(c\)))?"
    rf"(?=.{{0,80}}(?<!\d){_YEAR}(?!\d)|.*{_words(_RIGHTS_RESERVED)})"
    rf"{_SP}*(?:{_YEAR}(?:{_SP}*[-–—]{_SP}*(?:{_YEAR}|\d\d)?)?{_SP}*[,.]?{_SP}*)?(?:by{_SP}+)?"
    rf"(?:(?-i:[\p{{Lu}}\p{{Lo}}\d©ⓒ])|{_words(_RIGHTS_RESERVED)}).*",
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

#: A picture's label, followed by ":", "/", "|" or "by" ("Photo:", "AP Photo/", "Photograph by").
_PICTURE_NOUN = _vocab("""
    en: photo | photograph | image | picture | pic | illustration | photo illustration | graphic | credit
    en: photo credit | photo credits | image credit | image credits | picture credit | top photo
    en: main photo | lead photo | file photo | staff photo | handout photo | pool photo | courtesy photo
    en: ap photo | afp photo | reuters photo | epa photo | bloomberg photo | kremlin pool photo | ap file photo
    de: foto | bild | fotografie | titelbild
    fr: crédit photo | crédits photo | crédit
    es: foto | fotografía | imagen | crédito | crédito foto
    it: foto | immagine | credito | credito foto
    pt: foto | imagem | crédito | crédito da foto
    nl: foto | beeld
    fi: kuva
    sv: bild
    pl: fot | fot. | zdjęcie
    ru: фото | фотография
""")
#: Plural labels credit only with "by" ("Photos by ..."): "Photos: Key U.S.-Russia Summits" heads
#: a gallery link.
_PICTURES_NOUN = _vocab("""
    photos | photographs | photography | photographed | images | pictures | pics | illustrations
    fotos | bilder | kuvat | zdjęcia
""")
#: A picture's label that its credit follows after a space ("Image copyright Getty Images").
_PICTURE_PHRASE = _vocab("""
    image copyright | image source | picture copyright | photo courtesy of | photo courtesy
    photo credit should read | photos courtesy of | image courtesy of | images courtesy of
""")
#: Picture agencies: a line may be one of them alone ("Getty Images"). Names that are also words
#: ("Rex", "Polaris", "Redux") are not listed alone.
_PICTURE_AGENCY = _vocab("""
    getty images | getty | getty images/istockphoto | istockphoto | istock | shutterstock | rex features
    rex/shutterstock | alamy | alamy stock photo | corbis | wireimage | filmmagic | nurphoto | zuma press
    zuma wire | sopa images | lightrocket | sipa usa | bettmann | hulton archive | epa-efe | afp/getty images
""")
#: Wire and photo agencies that also send stories: they end a credit after a "/" or "via".
_WIRE_AGENCY = _vocab("""
    ap | ap photo | the associated press | associated press | afp | agence france-presse | reuters | epa
    efe | bloomberg | tass | itar-tass | sputnik | ria novosti | xinhua | anadolu agency | anadolu
    lehtikuva | dpa | ansa | kyodo | kyodo news | yonhap | pa | pa wire | pa images | press association
    keystone | imago | picture alliance | picture-alliance | ap images | pool | kremlin pool | upi
""")
#: Lower-case words a list of credited names may hold.
_CREDIT_LOWER = _vocab("""
    via | for | of | by | the | courtesy | file | handout | pool | staff | photo | photos | images
    contributor | contributors | photographer | special | to | from
""")
_CREDIT_SEP = rf"(?:{_SP}*[/|,;+()]{_SP}*|{_SP}+[-–—]{_SP}+|{_SP}+)"


def _credit(joins: str) -> str:
    """An expression for the credited names: items (runs of capitalised words and initials, in
    any case: "SMIALOWSKI"; name particles; the credit's lower-case words; an agency; "-" for a
    missing name) between separators, of which ``joins`` is an alternation of the words that may
    join two names ("and")."""
    item = (
        rf"(?:(?-i:[\p{{Lu}}\d][\p{{L}}\p{{M}}\d'’.&-]*)|{_NAME_PARTICLE}|(?-i:{_words(_CREDIT_LOWER)})"
        rf"|{_words(_WIRE_AGENCY)}|[-–—]|{joins})(?![\p{{L}}\p{{M}}])"
    )
    return rf"{item}(?:{_CREDIT_SEP}{item}){{0,15}}"


#: ", File", "/file", "(File)": the picture is from the agency's archive.
_FILE_MARK = rf"(?:{_SP}*[,/]?{_SP}*\(?(?-i:[Ff]ile|FILE)\)?)?"
_PHOTO_CREDIT = _line(
    rf"{_DECOR}(?:(?&noun)(?:{_SP}*[:：/|]|{_SP}+by|{_SP}+courtesy{_SP}+of)|(?&nouns){_SP}+(?:by|courtesy{_SP}+of)"
    rf"|(?&phrase){_SP}*[:,]?"
    # NYT's glued "CreditJamal Taraqai/EPA, via Shutterstock"
    rf"|(?-i:Credit)(?=\p{{Lu}})|©){_SP}*(?&credit){_SP}*[.)\]]*{_SP}*",
    150,
    noun=_words(_PICTURE_NOUN),
    nouns=_words(_PICTURES_NOUN),
    phrase=_words(_PICTURE_PHRASE),
    credit=_credit(r"(?-i:and|und|et|y|e)|&") + "+",  # possessive: the label fixed where it starts
)
_PHOTO_AGENCY = _line(
    rf"{_DECOR}(?:(?:(?&credit){_SP}*(?:[/|,]|{_SP}via|{_SP}for|{_SP}[-–—]){_SP}*)?(?&picture)"
    # "Name | Associated Press" is as often a byline: a wire agency needs "/" or "via"
    rf"|(?&credit)(?:{_SP}*/|{_SP}+via){_SP}*(?&wire)){_FILE_MARK}{_SP}*[.)\]]{{0,2}}{_SP}*",
    150,
    from_end=True,
    # no "and": "JONATHAN LEMIRE, JILL COLVIN and VLADIMIR ISACHENKOV / AP" is a byline
    credit=_credit("(?!)"),
    picture=rf"(?:{_words(_PICTURE_AGENCY)})(?![\p{{L}}])",
    wire=rf"(?<![\p{{L}}])(?:{_words(_WIRE_AGENCY)})",
)

# ----------------------------------------------------------------------------------------------
# author_bio: the author's one-line biography, at the foot of the story
# "Uri Friedman is a staff writer at The Atlantic, where he covers global affairs.", "Gregg Re is an
# editor for Fox News. Follow him on Twitter @gregg_re .", "Amanda Erickson writes about foreign
# affairs for The Washington Post." A full name (two to four capitalised words, no title such as
# "Mr" or "President"), then "is" and a newsroom or academic role within a few words, or "writes
# about", "covers ... for". A story's own sentence can have that shape ("Bob Woodward is the author
# of a new book that ..."), so the template rule tries this pattern only in the last lines of an
# article (:func:`in_bio_tail`), where the biography goes; it is not in PATTERNS.
# ----------------------------------------------------------------------------------------------

_BIO_ROLE = _vocab("""
    reporter | correspondent | writer | editor | columnist | contributor | producer | journalist | author
    blogger | anchor | host | photographer | photojournalist | fellow | professor | lecturer | analyst
    critic | commentator | scholar | researcher | novelist | poet | cartoonist | economist | historian
""")
_AUTHOR_BIO = _line(
    rf"{_SP}*(?&person)(?:{_SP}+(?&person))?{_SP}+"
    rf"(?:(?-i:is){_SP}+(?!(?:no|not|never)(?![\p{{L}}]))(?:(?:a|an|the){_SP}+)?"
    rf"(?:[\p{{L}}\p{{M}}\d'’&-]+,?{_SP}+){{0,6}}?(?&role)s?(?![\p{{L}}])"
    rf"|writes{_SP}+(?:about|on|for|a{_SP}+column)(?![\p{{L}}])"
    rf"|(?:covers|reports{_SP}+on){_SP}+[^\n.!?]{{1,60}}?{_SP}+for{_SP}+(?-i:\p{{Lu}}))"
    rf".*",
    300,
    person=_FULL_NAME,
    word=rf"(?!{_words([*_TITLE, *_NOT_A_NAME])}\.?(?![\p{{L}}\p{{M}}'’-])){_CAPITALISED}",
    role=_words(_BIO_ROLE),
)
AUTHOR_BIO = TemplatePattern("author_bio", "author's biography", _AUTHOR_BIO)

#: The foot of an article, where a biography is looked for: this share of its lines, rounded up
#: (the last line of a short article, the last five of a twenty-line one).
BIO_TAIL_SHARE = 0.25


def in_bio_tail(index: int, lines: int) -> bool:
    """Whether line ``index`` (0-based) of an article of ``lines`` lines is in its foot, where
    :data:`AUTHOR_BIO` is tried.

    >>> [in_bio_tail(i, 20) for i in (14, 15, 19)], [in_bio_tail(i, 4) for i in (2, 3)]
    ([False, True, True], [False, True])
    """
    return lines - index <= math.ceil(BIO_TAIL_SHARE * lines)


def match_author_bio(line: str) -> TemplatePattern | None:
    """:data:`AUTHOR_BIO` when the whole (stripped) line is an author's biography, else None.

    >>> match_author_bio("Uri Friedman is a staff writer at The Atlantic, where he covers global affairs.").name
    'author_bio'
    >>> match_author_bio("Mr Danielevsky is the editor of a local independent newspaper.") is None
    True
    """
    return AUTHOR_BIO if AUTHOR_BIO.fullmatch(line) else None


# ----------------------------------------------------------------------------------------------
# cookie_notice: the cookie-consent banner, and the links to its settings
# "We use cookies to improve your experience on our website. By browsing this website, you agree
# to our use of cookies.", "This website uses cookies. ... Accept Read More", "Cookie Settings".
# The banner's first words are fixed ("We use cookies", "This site uses cookies", "By continuing
# to use this site, you agree to our use of cookies"); what follows them on the line is the
# banner's own. A sentence about cookies in an article does not open that way ("Google said it
# would stop using third-party cookies"), and a bare "Cookies" can be a recipe's heading.
# ----------------------------------------------------------------------------------------------

_COOKIE_OPENING = _vocab("""
    en: we use cookies | we are using cookies | we use cookie | this site uses cookies
    en: this website uses cookies | this web site uses cookies | this website uses cookie
    en: this site is using cookies | this website is using cookies | our site uses cookies
    en: our website uses cookies | this site uses cookie | this page uses cookies
    en: we and our partners use cookies | we use cookies and similar technologies
    en: we use cookies and other tracking technologies | cookies help us deliver our services
    en: cookies are used on this site | cookies on this website
    de: wir verwenden cookies | wir nutzen cookies | diese website verwendet cookies
    de: diese webseite verwendet cookies | diese seite verwendet cookies | diese website nutzt cookies
    fr: nous utilisons des cookies | ce site utilise des cookies | ce site web utilise des cookies
    fr: en poursuivant votre navigation
    es: utilizamos cookies | usamos cookies | este sitio utiliza cookies | este sitio web utiliza cookies
    es: este sitio usa cookies | esta web utiliza cookies | esta página utiliza cookies
    it: utilizziamo i cookie | utilizziamo cookie | usiamo i cookie | questo sito utilizza i cookie
    it: questo sito utilizza cookie | questo sito usa i cookie | questo sito web utilizza i cookie
    pt: utilizamos cookies | usamos cookies | este site utiliza cookies | este site usa cookies
    nl: wij gebruiken cookies | we gebruiken cookies | deze website maakt gebruik van cookies
    nl: deze website gebruikt cookies | deze site maakt gebruik van cookies
    pl: ta strona używa plików cookie | ta strona korzysta z plików cookie | używamy plików cookie
    ru: мы используем cookie | мы используем файлы cookie | этот сайт использует cookie
    ru: этот сайт использует файлы cookie
""")
# "By continuing to use this site, you agree to our use of cookies", "By choosing I Accept, you
# consent to our use of cookies and other tracking technologies."
_COOKIE_CONSENT = (
    rf"by{_SP}+(?:continuing|using|browsing|clicking|choosing|staying|navigating)\b[^\n]{{0,80}}?"
    rf"\byou(?:['’]re|{_SP}+are)?{_SP}+(?:agree|consent|accept|acknowledg)\w*\b[^\n]{{0,60}}?\bcookies?\b"
)
_COOKIE_LABEL = _vocab("""
    en: cookie policy | cookies policy | cookie settings | cookies settings | cookie preferences
    en: manage cookies | manage cookie preferences | accept cookies | accept all cookies
    en: reject cookies | reject all cookies | allow cookies | allow all cookies | privacy & cookies
    en: privacy and cookies | privacy & cookies policy | privacy & cookie policy | cookie statement
    en: cookie declaration | use of cookies | about cookies | cookie notice | cookie consent
    de: cookie-einstellungen | cookie-richtlinie | datenschutz & cookies | alle cookies akzeptieren
    fr: politique de cookies | paramètres des cookies | gestion des cookies | accepter les cookies
    es: política de cookies | configuración de cookies | aceptar cookies
    it: cookie policy | impostazioni cookie | informativa cookie | accetta i cookie
    pt: política de cookies | configurações de cookies | aceitar cookies
    nl: cookiebeleid | cookie-instellingen | cookies accepteren
""")
_COOKIE_NOTICE = _line(
    rf"{_DECOR}(?:(?:{_words(_COOKIE_OPENING)}|{_COOKIE_CONSENT})\b[^\n]*|(?&label)(?:{_SP}*[|·•/]{_SP}*(?&label))*{_DECOR})",
    400,
    label=_words(_COOKIE_LABEL),
)

# ----------------------------------------------------------------------------------------------
# browser_notice: what a page says to a browser it cannot serve, and the player's fallback text
# "Your browser does not support HTML5 video.", "Please enable JavaScript to view the comments",
# "This page is best viewed in an up-to-date web browser ...", "Media playback is unsupported on
# your device". Each opening is a fixed phrase of the notice; the rest of the line is its own.
# ----------------------------------------------------------------------------------------------

_BROWSER_OPENING = _vocab("""
    en: your browser does not support | your browser doesn't support | your browser cannot play
    en: your browser cannot display | your browser can't play | your browser can't display
    en: your browser is not supported | your browser is out of date
    en: your browser is outdated | your web browser does not support | your web browser is out of date
    en: sorry, your browser | unfortunately, your browser | this browser does not support
    en: this browser is not supported | you are using an outdated browser | you're using an outdated browser
    en: you are using an unsupported browser | please upgrade your browser | please update your browser
    en: please use a modern browser | please use a different browser
    en: this page is best viewed | this site is best viewed | this website is best viewed
    en: please enable javascript | please turn on javascript | please activate javascript
    en: javascript is disabled | javascript is required
    en: javascript is not enabled | javascript is turned off | javascript must be enabled
    en: javascript required | you need to enable javascript | you must enable javascript
    en: you must have javascript | this site requires javascript
    en: this page requires javascript | this slideshow requires javascript | this gallery requires javascript
    en: this video requires javascript | this content requires javascript | media requires javascript
    en: to view this video please enable javascript | to watch this video please enable javascript
    en: this video requires flash | this video requires adobe flash | this content requires flash
    en: this content requires adobe flash | you need flash player | you need adobe flash
    en: media playback is unsupported | media playback is not supported | video playback is not supported
    en: this video is unavailable in | this video is not available in | this video is no longer available
    en: this video is currently unavailable | we've detected you are on internet explorer
    en: we have detected you are on internet explorer | we've detected that you are using
    en: we have detected that you are using | it looks like you're using an ad blocker
    en: it looks like you are using an ad blocker | we noticed you're using an ad blocker
    en: we noticed that you are using an ad blocker | please disable your ad blocker
    en: please turn off your ad blocker | ad blocker detected | adblock detected
    de: ihr browser unterstützt nicht | bitte aktivieren sie javascript | javascript ist deaktiviert
    de: javascript ist nicht aktiviert | ihr browser ist veraltet
    fr: votre navigateur ne prend pas en charge | votre navigateur n'est pas | veuillez activer javascript
    fr: javascript est désactivé
    es: tu navegador no soporta | su navegador no soporta | tu navegador no admite | su navegador no admite
    es: habilita javascript | habilite javascript | javascript está desactivado
    it: il tuo browser non supporta | abilita javascript | javascript è disabilitato
    pt: seu navegador não suporta | o seu navegador não suporta | ative o javascript | habilite o javascript
    nl: je browser ondersteunt | uw browser ondersteunt | schakel javascript in
""")
_BROWSER_NOTICE = _line(
    rf"{_DECOR}{_words(_BROWSER_OPENING)}\b[^\n]*",
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

_COMMENT_OPENING = _vocab("""
    en: you must be logged in to | you must be signed in to | you must log in to | you must login to
    en: you must login or create an account to comment | you need to be logged in to
    en: you need to log in to comment | you need to sign in to comment | sign up to comment and more
    en: you are commenting using your | please log in using one of these methods to post your comment
    en: this site uses akismet to reduce spam | notify me of follow-up comments
    en: notify me of new comments | notify me of new posts | notify me via e-mail if anyone answers
    en: your comment is awaiting moderation | your comment will be reviewed | thank you! your comment
    en: comments powered by disqus | blog comments powered by disqus
    en: to find out more about facebook commenting
    de: du musst angemeldet sein, um einen kommentar | sie müssen angemeldet sein, um einen kommentar
    de: benachrichtige mich über nachfolgende kommentare
    fr: vous devez être connecté pour publier un commentaire | prévenez-moi de tous les nouveaux commentaires
    es: debes estar conectado para publicar un comentario | debes iniciar sesión para publicar un comentario
    es: recibir un email con los siguientes comentarios
    it: devi essere connesso per inviare un commento | devi effettuare l'accesso per pubblicare un commento
    it: notificami via e-mail
    pt: você precisa fazer o login para publicar um comentário
""")
_COMMENT_NOTICE = _line(rf"{_DECOR}{_words(_COMMENT_OPENING)}\b[^\n]*", 300)

# ----------------------------------------------------------------------------------------------
# advertisement: ad labels and the "continues below" markers around ad slots
# ----------------------------------------------------------------------------------------------

_AD_LABEL = _vocab("""
    en: advertisement | advertisements | advertisement - continue reading below
    en: advertisement - scroll to continue | story continues below advertisement
    en: article continues below advertisement | continue reading below advertisement
    en: story continues below | story continued below | article continues below
    en: continue reading below | content continues below | ad | skip ad | sponsored
    en: sponsored content | paid content | paid post | scroll to continue with content
    en: continue reading the main story
    de: anzeige | werbung
    fr: publicité
    es: publicidad
    it: pubblicità
    pt: publicidade
    nl: advertentie
    pl: reklama
    ru: реклама
    zh: 广告 | 廣告
    ja: 広告
    ko: 광고
""")
_ADVERTISEMENT = _line(rf"{_DECOR}{_words(_AD_LABEL)}{_DECOR}", 80)

# ----------------------------------------------------------------------------------------------
# skip_link: accessibility and scroll links of the page chrome
# ----------------------------------------------------------------------------------------------

_SKIP_PHRASE = _vocab("""
    en: skip to main content | skip to content | skip to navigation | skip navigation | skip to footer
    en: skip to main navigation | skip to search | jump to navigation | back to top | scroll to top
    en: scroll to top of page | to top
    de: zum inhalt springen | zur navigation springen | nach oben
    fr: aller au contenu | retour en haut
    es: saltar al contenido | ir al contenido
    it: vai al contenuto | torna su
    pt: pular para o conteúdo
    nl: naar inhoud
    pl: przejdź do treści
    ru: перейти к содержанию | наверх
    zh: 返回顶部 | 回到顶部
""")
_SKIP_LINK = _line(rf"{_DECOR}{_words(_SKIP_PHRASE)}{_DECOR}", 60)

# ----------------------------------------------------------------------------------------------
# ui_control: labels of page controls that mean nothing else on a line of their own
# Close and full-screen buttons, gallery and comment links, comment counters and the comment
# form's short notices ("Comments are closed."), video-player labels, what a share dialog says
# ("CancelSend", "Link copied!"). Words that can also head a section of an article ("Video",
# "Photo", "Search", "Save", "Replay") are not listed.
# ----------------------------------------------------------------------------------------------

_UI_PHRASE = _vocab("""
    en: close | close window | close panel | fullscreen | full screen | exit fullscreen
    en: exit full screen | enter fullscreen | back to gallery | view gallery | open gallery
    en: launch gallery | view slideshow | start slideshow | enlarge this image | enlarge image
    en: click to enlarge | toggle caption | hide caption | show caption | buy photo
    en: go to permalink | permalink | show more | show less | show more / show less | load more
    en: view comments | show comments | hide comments | comments | comment | loading comments
    en: view all comments | leave a comment | add a comment | post a comment | join the conversation
    en: join the discussion | now playing | just watched | must watch | show chapters | unmute
    en: tap to unmute | click to unmute | play video | watch video | caret down | caret up | caret left | caret right
    en: save my name, email, and website in this browser for the next time i comment
    en: embed | embed this video | these are external links and will open in a new window
    en: modal trigger | an error has occurred | an error has occurred, please try again later
    en: an error has occurred. please try again later | an error occurred. please try again later
    en: something went wrong. please try again | something went wrong. please try again later
    en: leave a reply | cancel reply | leave a comment cancel reply | leave a reply cancel reply
    en: cancel send | cancelsend | posted! | link copied | link copied! | link copied to clipboard
    en: copied to clipboard | a link has been sent to your friend's email address
    en: a link has been posted to your facebook feed
    en: comments are closed | comments for this article are closed | comments for this story are closed
    en: comments for this post are closed | comments on this article are closed | commenting is closed
    en: commenting has been disabled | log in to comment | login to comment | sign in to comment
    en: register to comment
    de: schreibe einen kommentar | antworten abbrechen | link kopiert | die kommentarfunktion ist geschlossen
    fr: laisser un commentaire | annuler la réponse | lien copié | les commentaires sont fermés
    es: deja un comentario | deja una respuesta | cancelar respuesta | enlace copiado
    es: los comentarios están cerrados
    it: lascia un commento | annulla risposta | nessun commento | link copiato | i commenti sono chiusi
    pt: deixe um comentário | deixe uma resposta | cancelar resposta | link copiado | comentários encerrados
    de: schließen | vollbild | kommentare | kommentar
    fr: fermer | plein écran | commentaires | commentaire
    es: cerrar | pantalla completa | comentarios | comentario
    it: chiudi | schermo intero | commenti | commento
    pt: fechar | tela cheia | comentários
    nl: sluiten | volledig scherm | reacties
    pl: zamknij | pełny ekran | komentarze
    ru: закрыть | комментарии
    zh: 全屏 | 评论 | 发表评论 | 查看评论
""")
_COMMENT_COUNT = _vocab("""
    comments | comment | kommentare | commentaires | comentarios | commenti | comentários | reacties
    komentarze | комментариев | комментария | 条评论
""")
_UI_CONTROL = _line(
    rf"{_DECOR}(?:{_words(_UI_PHRASE)}|\(?\d+\)?{_SP}*{_words(_COMMENT_COUNT)}"
    rf"|(?:reader{_SP}+)?{_words(_COMMENT_COUNT)}{_SP}*(?:\(\d+(?:{_SP}+of{_SP}+\d+)?\)|\d+)){_DECOR}",
    90,
)

# ----------------------------------------------------------------------------------------------
# icon_label: the ligature name of an icon-font glyph, which text extraction keeps as a word
# ("more_vert", "play_arrow"). Case-sensitive: icon names are lower case.
# ----------------------------------------------------------------------------------------------

_ICON_NAME = _vocab("""
    more_vert | more_horiz | play_arrow | play_circle_filled | play_circle_outline | video_youtube
    pause_circle_filled | arrow_back | arrow_forward | arrow_drop_down | arrow_drop_up | arrow_upward
    arrow_downward | expand_more | expand_less | keyboard_arrow_up | keyboard_arrow_down
    keyboard_arrow_left | keyboard_arrow_right | chevron_left | chevron_right | open_in_new
    fullscreen_exit | volume_up | volume_off | thumb_up | thumb_down | bookmark_border | access_time
    mode_comment | chat_bubble_outline | photo_camera | today | amp
""")
_ICON_LABEL = _line(f"(?-i:{_words(_ICON_NAME)})", 30)

# ----------------------------------------------------------------------------------------------
# placeholder: a program's empty value printed where a caption or a field was missing ("None",
# "null", "undefined", "NaN", "[object Object]"). Case-sensitive, and alone on the line.
# ----------------------------------------------------------------------------------------------

_PLACEHOLDER = _line(rf"{_SP}*(?-i:None|null|NULL|undefined|NaN|\[object{_SP}Object\]){_SP}*", 40)

#: The pattern table, in matching order (the first pattern that matches names the line).
PATTERNS: tuple[TemplatePattern, ...] = (
    TemplatePattern("advertisement", "advertisement label", _ADVERTISEMENT),
    TemplatePattern("skip_link", "skip / scroll link", _SKIP_LINK),
    TemplatePattern("share_widget", "share widget", _SHARE_WIDGET),
    TemplatePattern("pagination", "pagination", _PAGINATION),
    TemplatePattern("gallery_counter", "photo-gallery counter", _GALLERY_COUNTER),
    TemplatePattern("dateline", "dateline (publication date)", _DATELINE),
    TemplatePattern("section_nav", "section navigation", _SECTION_NAV),
    TemplatePattern("read_more_link", "link to another article", _READ_MORE_LINK),
    TemplatePattern("reading_time", "reading-time estimate", _READING_TIME),
    TemplatePattern("byline", "byline (author credit)", _BYLINE),
    TemplatePattern("social_handle", "social-media follow link", _SOCIAL_HANDLE),
    # a credit line and an address are told by one word: most lines skip the two expressions
    TemplatePattern(
        "report_credit",
        "reporting credit (who contributed)",
        _REPORT_CREDIT,
        ("contribut", "report", "produced", "edited", "compiled", "research", "graphics"),
    ),
    TemplatePattern("contact_line", "contact e-mail address", _CONTACT_LINE, ("@", "[email")),
    TemplatePattern("copyright_notice", "copyright notice", _COPYRIGHT_NOTICE),
    TemplatePattern("photo_credit", "photo credit", _PHOTO_CREDIT),
    TemplatePattern("newsletter_promo", "newsletter sign-up", _NEWSLETTER_PROMO),
    TemplatePattern("cookie_notice", "cookie-consent notice", _COOKIE_NOTICE),
    TemplatePattern("browser_notice", "browser / JavaScript / ad-blocker notice", _BROWSER_NOTICE),
    TemplatePattern("comment_notice", "comment-section notice", _COMMENT_NOTICE),
    TemplatePattern("link_list_heading", "link-list heading", _LINK_LIST_HEADING),
    TemplatePattern("ui_control", "page control label", _UI_CONTROL),
    TemplatePattern("icon_label", "icon name (icon-font ligature)", _ICON_LABEL),
    TemplatePattern("placeholder", "empty-value placeholder (None, null)", _PLACEHOLDER),
    # matched from the line's end: these come last (see _closers)
    TemplatePattern("arrow_link", "link marked with an arrow (»)", _ARROW_LINK),
    TemplatePattern("tagged_link", "link marked with a media tag ([VIDEO])", _TAGGED_LINK),
    TemplatePattern("photo_agency", "photo credit (picture agency)", _PHOTO_AGENCY),
    TemplatePattern("dated_byline", "byline with its date (author credit)", _DATED_BYLINE),
    TemplatePattern("source_label", "source label (outlet before a time)", _SOURCE_LABEL),
)


#: No pattern matches a longer line: most article paragraphs skip every regex.
MAX_LINE = max(p.max_len for p in PATTERNS)

# (length bound, pattern) in matching order: a line longer than a pattern's bound is not tried
# against it.
_BOUNDED: tuple[tuple[int, TemplatePattern], ...] = tuple((p.max_len, p) for p in PATTERNS)
#: Positions in PATTERNS of the patterns matched from the start, and of those matched from the end
#: (which come last, so that trying the first kind and then the second keeps the table's order).
_FORWARD = tuple(k for k, p in enumerate(PATTERNS) if not p.expression.from_end)
_BACKWARD = tuple(k for k, p in enumerate(PATTERNS) if p.expression.from_end)
assert tuple(range(len(PATTERNS))) == _FORWARD + _BACKWARD, "patterns matched from the end come last"

# Characters of a line's opening and closing that select the patterns worth trying (see
# _candidates and _closers).
_OPENING = 3
_CLOSING = 3


def match_template(line: str) -> TemplatePattern | None:
    """Return the first pattern that the whole (stripped) line matches, else None.

    Args:
        line: One physical line of article text, leading and trailing whitespace stripped, in its
            original characters.

    Returns:
        The first matching :class:`TemplatePattern` of :data:`PATTERNS`, or ``None`` when the
        line is not page furniture.

    >>> match_template("Share this article").name
    'share_widget'
    >>> match_template("Published Mar 10, 2014").reason
    'dateline (publication date)'
    >>> match_template("Seite 1 von 2").name
    'pagination'
    >>> match_template("Share prices fall as Putin meets Trump") is None
    True
    """
    n = len(line)
    if n > MAX_LINE or n == 0:
        return None
    return _match_short(line) if n <= _MEMO_UP_TO else _match(line)


#: Lines up to this length are memoised; longer ones (a "Read more: <headline>" link, a
#: newsletter invitation) are rarely furniture, and most of them are article sentences that would
#: only crowd the short furniture lines out of the memo.
_MEMO_UP_TO = 120


def _match(line: str) -> TemplatePattern | None:
    n = len(line)
    lower = None
    for bound, pattern in _candidates(line[:_OPENING]):
        if n > bound:
            continue
        if pattern.keywords:  # the line must hold one; lower-cased once for all patterns
            lower = line.lower() if lower is None else lower
            for word in pattern.keywords:
                if word in lower:
                    break
            else:
                continue
        if pattern.regex.fullmatch(line):  # n is within the bound
            return pattern
    for bound, pattern in _closers(line[-_CLOSING:]):
        if n <= bound and pattern.regex.fullmatch(line):
            return pattern
    return None


# A pure function of the line, memoised: short furniture lines recur across a whole corpus
# (every article of an outlet carries its share bar), and each costs up to ten regex runs.
_match_short = lru_cache(maxsize=1 << 16)(_match)


@lru_cache(maxsize=1 << 16)
def _candidates(opening: str) -> tuple[tuple[int, TemplatePattern], ...]:
    """The patterns (with their length bounds, in matching order) that some line beginning with
    ``opening`` could match.

    Every prefix of a line matching a pattern's expression is a partial match of it, so a
    pattern whose expression rejects the opening even as a partial match cannot match the line
    (the length bound is not part of the expression, see :class:`Expression`). Openings recur across a
    corpus far more than lines do, so most lines are tried against one or two patterns, not ten.
    Only the patterns left for the opening without its last character are tried (a partial match
    of a string is one of its prefixes too), so a new opening costs a partial match or two.

    Patterns matched from the line's end are selected by :func:`_closers` instead. Two patterns
    open like any sentence (a credit line with a name, an e-mail address); their keywords
    (:attr:`TemplatePattern.keywords`) spare most lines their expressions.

    >>> [p.name for _, p in _candidates("Pub")]
    ['advertisement', 'dateline', 'report_credit', 'contact_line']
    >>> _candidates("“We")
    ()
    """
    return tuple(_BOUNDED[k] for k in _candidate_numbers(opening))


@lru_cache(maxsize=1 << 16)
def _candidate_numbers(opening: str) -> tuple[int, ...]:
    """Positions in PATTERNS of :func:`_candidates`."""
    tried = _candidate_numbers(opening[:-1]) if len(opening) > 1 else _FORWARD
    return tuple(k for k in tried if PATTERNS[k].regex.fullmatch(opening, partial=True))


@lru_cache(maxsize=1 << 16)
def _closers(closing: str) -> tuple[tuple[int, TemplatePattern], ...]:
    """The patterns matched from the line's end (with their length bounds, in matching order)
    that some line ending with ``closing`` could match: the mirror of :func:`_candidates`, since
    in reverse mode every suffix of a matching line is a partial match.

    >>> [p.name for _, p in _closers("s »")]
    ['arrow_link']
    >>> _closers("ay.")
    ()
    """
    return tuple(_BOUNDED[k] for k in _closer_numbers(closing))


@lru_cache(maxsize=1 << 16)
def _closer_numbers(closing: str) -> tuple[int, ...]:
    """Positions in PATTERNS of :func:`_closers`."""
    tried = _closer_numbers(closing[1:]) if len(closing) > 1 else _BACKWARD
    return tuple(k for k in tried if PATTERNS[k].regex.fullmatch(closing, partial=True))
