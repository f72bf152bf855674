"""The template rule's patterns: page furniture recognised by shape, never sentence content."""

from __future__ import annotations

import dataclasses
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedup.templates import PATTERNS, TemplatePattern, match_template


def name_of(line: str) -> str | None:
    pattern = match_template(line)
    return pattern.name if pattern else None


# ---------------------------------------------------------------------------------------------
# share_widget
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "SHARE",
        "Share this article",
        "Share this:",
        "Share this \u00a0—",
        "Print Mail Large Medium  Small 分享按钮 0",
        "Tweet",
        "Email",
        "e-mail",
        "Share on Facebook",
        "Share on Facebook Share on Twitter",
        "Facebook Twitter Email",
        "FacebookEmail Twitter Google+ LinkedIn Pinterest",
        "fbShare Tweet gShare Email",
        "CONNECT TWEET LINKEDIN 22 COMMENTEMAILMORE",
        "Facebook0 Twitter0 Email Print",
        "A A A",
        "A \u00a0 A",
        "A- A+",
        "Font size",
        "Text size",
        "Print this page",
        "Follow us on Twitter",
        "Read or Share this story: https://usat.ly/2ut7JN2",
        "Share this with friends",
        "Close share panel",
        "Teilen",
        "Drucken",
        "Artikel teilen",
        "Partager",
        "Imprimer",
        "Partager sur Facebook",
        "Compartir",
        "Imprimir",
        "Compartir en Facebook",
        "Condividi",
        "Stampa",
        "Compartilhar",
        "Delen",
        "Udostępnij",
        "Поделиться",
        "分享",
        "打印",
        "字号",
        "大 中 小",
        "分享到：微博 微信 QQ空间",
        "【打印】【关闭】",
        "Twitter339 retweets",  # an embedded tweet's counter
        "Facebook 1.2k shares",
    ],
)
def test_share_widget_line_is_template(line: str) -> None:
    assert name_of(line) == "share_widget"


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fall as Putin meets Trump",
        "Print media in crisis",
        "Email scandal widens",
        "Tweet by tweet, the president rewrote the summit.",
        "He said no.",
        "Share this with your friends.",  # ends like a sentence
        "Share this story: it is worth reading, says https://example.com",
        "Embedded reporters saw the convoy.",
        "Facebook",  # a lone network can head a section about that company
        "Twitter",
        "Twitter 2",
        "Facebook 2 billion users",
        "AA",  # a credit rating
        "AAA",
        "Shares",
        "0",
        "Mail on Sunday",
        "Stampa estera",
        "Printing is expensive",
    ],
)
def test_headline_starting_with_share_is_not_template(line: str) -> None:
    assert name_of(line) is None


# ---------------------------------------------------------------------------------------------
# pagination and gallery counters
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Previous Page 1 2 Next Page",
        "Page 1 of 3",
        "1 2 3 Next »",
        "« Prev",
        "Next page",
        "prev next",
        "Page: 1 2 Next →",
        "Seite 1 von 2",
        "Nächste Seite",
        "Page suivante",
        "Página 2 de 5",
        "Siguiente",
        "Pagina successiva",
        "Volgende pagina",
        "Następna strona",
        "Следующая страница",
        "上一页 1 2 下一页",
        "第2页 共5页",
    ],
)
def test_pager_line_is_pagination(line: str) -> None:
    assert name_of(line) == "pagination"


@pytest.mark.parametrize(
    "line", ["Image 2 of 5", "Photo 3/12", "Slide 1 of 8", "Bild 1 von 4", "Foto 2 de 9", "Image 1of/4"]
)
def test_gallery_position_is_gallery_counter(line: str) -> None:
    assert name_of(line) == "gallery_counter"


@pytest.mark.parametrize(
    "line",
    [
        "Page 6",  # a column name
        "Next, the two leaders met alone.",
        "Previous attempts failed",
        "The next page of history",
        "1 2 3",
        "4 / 5",  # a review score
        "1/2",
        "Next steps for the alliance",
    ],
)
def test_sentence_about_pages_is_not_pagination(line: str) -> None:
    assert name_of(line) is None


# ---------------------------------------------------------------------------------------------
# dateline
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Published Mar 10, 2014",
        "Updated: 2015-05-13 09:31",
        "Posted on July 16, 2018 at 3:04 pm",
        "Last updated 2 hours ago",
        "July 15, 2018",
        "JULY 16, 2018",
        "15 July 2018 10:02 GMT",
        "Published 3:04 PM ET Mon, 16 July 2018",
        "Jul\u00a016,\u00a02018\u00a0at\u00a06:14\u00a0AM",
        "1:52\u00a0pm CDT, Friday, May 31, 2019",
        "Posted July 15, 2018 at 10:05 AM | Updated July 15, 2018 at 10:06 AM",
        "Originally published May 30 at 10:25 p.m. PT.",
        "4 hours ago",
        "1 hr 14 min ago",
        "43 Mins Ago |  05:08",  # a relative stamp with the clock time
        "2 days ago at 07:54 am",
        "Updated",
        "Posted on",
        "; Posted",
        "Veröffentlicht am 16.07.2018",
        "Aktualisiert am 16. Juli 2018, 10:02 Uhr",
        "Publié le 16 juillet 2018 à 10h02",
        "Mis à jour le 17 juillet 2018",
        "Publicado el 16 de julio de 2018",
        "sexta-feira, 22 de outubro de 2010 às 20:13",
        "Pubblicato il 16 luglio 2018 alle 10:02",
        "Gepubliceerd op 16 juli 2018",
        "Opublikowano: 16 lipca 2018",
        "Опубликовано 16 июля 2018 г.",
        "发布时间：2015-05-13",
        "更新时间 2015-05-13 09:31",
        "2015年5月13日 09:31",
        "vor 2 Stunden",
        "il y a 3 heures",
        "hace 5 minutos",
        "3小时前",
        "USA TODAY Published 12:42 p.m. CT July 15, 2018 | Updated 12:48 p.m. CT July 15, 2018",
        "Associated Press Published 7:50 a.m. ET July 16, 2018",
    ],
)
def test_date_stamp_alone_is_dateline(line: str) -> None:
    assert name_of(line) == "dateline"


@pytest.mark.parametrize(
    "line",
    [
        "Updated figures show inflation rising again",
        "Published reports say the meeting lasted two hours.",
        "by TDB - Jul 15, 2018 2:37 pm",  # a one-word byline: neither a dateline nor a byline
        "— Donald J. Trump (@realDonaldTrump) July 16, 2018",  # an embedded tweet's signature
        "10 p.m.",  # a live-blog heading
        "4:14 p.m.",
        "29 November 2018 | 20 January 2019",  # an event's dates
        "(Published Monday, Nov. 18, 2019)",
        "July 2018",
        "2018",
        "2018-45-16",
        "On July 15, 2018, the two leaders met in Helsinki.",
        "Sunday, Jul 15th 2018 5-Day Forecast",
        "NATO Published its report on July 16, 2018.",
        "Reuters published the story on July 16, 2018, citing two officials.",
    ],
)
def test_sentence_with_a_date_is_not_dateline(line: str) -> None:
    assert name_of(line) is None


# ---------------------------------------------------------------------------------------------
# section_nav and link_list_heading
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "More From This Section",
        "More from World",
        "More in U.S. Politics",
        "Most Read Nation & World Stories",
        "Trending in Politics",
        "Read more",
        "READ MORE:",
        "Read more »",
        "Read Full Article",
        "Read more from Yahoo News:",
        "Read More From Michael McFaul",
        "Related articles",
        "Related stories",
        "RELATED...",
        "See also",
        "Most read",
        "Most popular",
        "Recommended",
        "You may also like",
        "Top stories",
        "Mehr zum Thema",
        "Lesen Sie auch:",
        "À lire aussi",
        "Lire aussi",
        "Leer más",
        "Noticias relacionadas",
        "Leggi anche",
        "Leia também",
        "Lees ook",
        "Czytaj także",
        "Читайте также",
        "相关新闻",
        "相关阅读",
    ],
)
def test_recommendation_heading_is_section_nav(line: str) -> None:
    assert name_of(line) == "section_nav"


@pytest.mark.parametrize(
    "line",
    [
        "Related Topics:",
        "Topics:",
        "Tags:",
        "TAGS",
        "Filed under:",
        "Schlagwörter:",
        "Mots-clés :",
        "Etiquetas:",
        "Temi:",
        "Теги:",
        "标签：",
        "Filed Under: Economy, Jobs, Taxes",
        "Filed under: Khawarij |",
        "Tags: president donald trump | russian president vladimir putin | helsinki | billboards",
        "Posted in: Music Features",
        "Schlagwörter: Finnland, Helsinki, Gipfel",
    ],
)
def test_tag_list_heading_is_link_list_heading(line: str) -> None:
    assert name_of(line) == "link_list_heading"


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the summit in our explainer.",
        "More from his speech in Helsinki",
        "Related charges were filed on Friday.",
        "Up next",  # AP sports "UP NEXT" schedules are article text
        "UP NEXT",
        "Don't miss",  # heads real sections of travel guides
        "Most read books of 2018",
        "Tags are sold separately.",
        "Topics we covered",
        "Recommended dose: two tablets",
    ],
)
def test_sentence_starting_with_nav_words_is_not_template(line: str) -> None:
    assert name_of(line) is None


# ---------------------------------------------------------------------------------------------
# read_more_link, reading_time, byline
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Alibaba poised to launch record-breaking $13.4bn Hong Kong listing",
        "READ MORE: ‘The ball is in Russia’s court’: Pompeo on Moscow-Washington relations",
        "RELATED: Everything you need to know about who's been charged in the Russia case »",
        "SEE ALSO: Trump: U.S.-Russia relations at all time low because of ‘Rigged Witch Hunt’",
        "Related: 7 Strange Signs You're Having an Allergic Reaction",
        "[Related: Salesforce Dreamforce Keynote: AI, Integration, Alicia Keys And Protestors]",
        "Related post: Pickled Brussels Sprouts Recipe",
        "Also on rt.com Journalists & politicians from Morales’ party threatened with sedition arrests",
        "Lesen Sie auch: Merkel trifft Macron in Paris",
        "Leia também: Governo anuncia novo pacote",
        "Читайте также: Путин встретился с Трампом",
        "More: What to expect from Trump-Putin summit in Helsinki",
    ],
)
def test_headline_after_a_read_more_label_is_read_more_link(line: str) -> None:
    assert name_of(line) == "read_more_link"


@pytest.mark.parametrize(
    "line",
    [
        "See also: the minister's reply, below.",  # a sentence, not a headline
        "Read more: the council said it would decide next week.",
        "Related: The company also said profits rose.",
        "Don't miss: The Egyptian wing on the ground floor",  # travel guides
        "Recommended: The Best Hiking Boots of the Year",  # product reviews
        "Related charges: Three men were arrested",
        "More: the minister said so.",
        "More than 200 people died in the floods",
    ],
)
def test_sentence_after_a_read_more_label_is_not_template(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "5 min read",
        "5 Min Read",
        "3-minute read",
        "Reading time: 3 minutes",
        "Lesezeit: 4 Min.",
        "Tempo de leitura: 1 minuto",
    ],
)
def test_reading_time_estimate_is_reading_time(line: str) -> None:
    assert name_of(line) == "reading_time"


@pytest.mark.parametrize(
    "line",
    [
        "By Susan B. Glasser",
        "By JILL COLVIN Associated Press",
        "By JILL COLVIN, Associated Press",
        "By Steve Holland and Jeff Mason",
        "By MICHELLE KRUPA AND AJ WILLINGHAM, CNN",
        "By JONATHAN LEMIRE, JILL COLVIN and VLADIMIR ISACHENKOV | Associated Press",
        "By Ariane de Vogue, CNN Supreme Court Reporter",
        "By Andrew Higgins The New York Times",
        "by Philip Bump July 16 at 9:04 AM Email the author",
        "By Brian Freeman    |   Sunday, 15 July 2018 04:18 PM",
        "By Jill Colvin | July 16, 2018",  # a byline with its stamp, not a dateline
        "By: Jeff Risdon | July 14, 2018 10:16 am ET Follow @JeffRisdon",
        "By Derek Hawkins July 16 at 7:44 AM Email the author Follow @d_hawk",
        "By William Goldschlag and Dan Janison william.goldschlag@newsday.com , dan.janison@newsday.com",
        "Authored by Tsvetana Paraskova via Oilprice.com,",
        "Authored by Federico Pieraccini via The Strategic Culture Foundation,",
        "by Jonathan Allen /",
        "By Scott Eidler scott.eidler@newsday.com",
        "Written by Rachael Link, MS, RD on November 14, 2019",
        "Von Max Mustermann",
        "Por Juan Pérez",
    ],
)
def test_author_credit_alone_is_byline(line: str) -> None:
    assert name_of(line) == "byline"


@pytest.mark.parametrize(
    "line",
    [
        "By The Numbers",
        "BY THE NUMBERS",
        "By Popular Demand",
        "BY WAY OF CONTRAST",
        "By Royal Appointment",
        "By the way, the vote was close.",
        "By Land and Sea",
        "By Monday the talks had collapsed.",
        "By Tuesday",
        "By TDB",  # one word: a pseudonym or a heading, not told apart
        "By supporting The Moscow Times, you're defending open, independent journalism.",
    ],
)
def test_heading_or_sentence_starting_with_by_is_not_byline(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize("line", ["By Reuters", "By The Associated Press", "By AFP"])
def test_wire_agency_byline_is_the_credit_rules(line: str) -> None:
    import dedup

    r = dedup.clean(f"{line}\nThe talks began on Monday in the Finnish capital.")
    assert [x.rule for x in r.removals] == ["credit"]
    assert r.credit is not None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("By JILL COLVIN Associated Press", "AP"),
        ("By JONATHAN LEMIRE, JILL COLVIN and VLADIMIR ISACHENKOV | Associated Press", "AP"),
        ("by JONATHAN LEMIRE, JILL COLVIN & VLADIMIR ISACHENKOV , The Associated Press", "AP"),
        ("By ROBERT BURNS AP National Security Writer", "AP"),
        ("By JEREMY DIAMOND, CNN, AP", "AP"),
        ("By Jane Doe, Bloomberg", "Bloomberg"),
        ("By Tom Hale - Reuters - July 14, 2018", "Reuters"),
        # no agency, or one word of a name that only looks like one
        ("By JEREMY DIAMOND, CNN", None),
        ("By Michael R. Bloomberg", None),
        ("By ANI SHARMA and Jo Ames", None),
        ("By Maria Ria Lopez", None),
    ],
)
def test_byline_naming_an_agency_sets_the_credit(line: str, credit: str | None) -> None:
    import dedup

    r = dedup.clean(f"{line}\nThe talks began on Monday in the Finnish capital.")
    assert [x.reason for x in r.removals] == ["byline (author credit)"]
    assert r.credit == credit


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Kimberly Atkins Monday, July 16, 2018", "dated_byline"),
        ("CBS News July 15, 2018, 2:09 PM", "dated_byline"),
        ("Spencer Ackerman Posted at 10:05 am on July 16, 2018", "dated_byline"),
        ("Beth Mole       -  Mar 27, 2017 10:40 pm UTC", "dated_byline"),
        ("Jose Altoveros  2019-11-20 14:35", "dated_byline"),
        ("Milwaukee Journal Sentinel•", "source_label"),
        ("latimes.com•", "source_label"),
        ("Local 10 Miami•", "source_label"),
        ("Jill Colvin, The Associated Press •", "source_label"),
    ],
)
def test_byline_without_by_is_known_by_its_stamp_or_bullet(line: str, name: str) -> None:
    assert name_of(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "President Donald Trump’s Schedule Monday, July 16, 2018",  # a section heading
        "Trump Tower meeting, June 9, 2016",
        "The summit ended on Monday, July 16, 2018",
        "Putin and Trump met in Helsinki on July 16, 2018",
        "Helsinki, July 16, 2018",
        "Key points: the vote • the count",
        "Jill Colvin",  # a name alone is also a speaker's label or a heading
    ],
)
def test_heading_or_sentence_ending_in_a_date_is_not_a_byline(line: str) -> None:
    assert name_of(line) not in ("byline", "dated_byline", "source_label")


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Associated Press Monday, July 16, 2018", "AP"),
        ("Jill Colvin, Associated Press Published 9:21 a.m. ET July 15, 2018", "AP"),
        ("Jill Colvin, The Associated Press •", "AP"),
        ("Kimberly Atkins Monday, July 16, 2018", None),
    ],
)
def test_byline_without_by_naming_an_agency_sets_the_credit(line: str, credit: str | None) -> None:
    import dedup

    r = dedup.clean(f"{line}\nThe talks began on Monday in the Finnish capital.")
    assert [x.rule for x in r.removals] == ["template"]
    assert r.credit == credit


# ---------------------------------------------------------------------------------------------
# report_credit, contact_line, copyright_notice: the foot of a story
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writers Zeke Miller, Ken Thomas and Darlene Superville in Washington contributed to "
        "this report.",
        "Staff writers Noah Bierman and Tracy Wilkinson in Washington, D.C., contributed to this report.",
        "CNN's Lauren Fox, Manu Raju and Jeremy Herb contributed to this report.",
        "Fox News’ Gregg Re contributed to this report",
        "The Associated Press contributed to this report.",
        "Herald wire services contributed to this report.",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Iuliia Subbotovska in Helsinki contributed.",
        "Isachenkov reported from Moscow.",
        "Contributing: Christopher Schnaars",
        "Produced by Brett Roegiers and Kyle Almond",
        "Isachenkov reported from Moscow. Associated Press writers Ken Thomas and Darlene Superville in "
        "Washington contributed.",
        "(Reporting by Steve Holland and Andrew Osborn, additional reporting by Jeff Mason; Writing by Andrew "
        "Osborn; Editing by Rosalba O'Brien)",
        "Reporting by Rodrigo Campos; additional reporting by  Stephanie Kelly and Saqib Iqbal Ahmed; Editing by "
        "Nick Zieminski",
        "Additional reporting by Joseph Hudak",
        "With reporting from Kelly O’Donnell.",
    ],
)
def test_reporting_credit_is_report_credit(line: str) -> None:
    assert name_of(line) == "report_credit"


@pytest.mark.parametrize(
    "line",
    [
        "Researchers from 12 countries contributed to this report.",
        "Produced by the city, the report was late.",
        "Research by Harvard scientists shows the drug works.",
        "Many factors contributed to the decline, the report said.",
        "Reporting by the BBC found that two people had died.",
        "Smith reported from the scene that the fire was out.",
        "The Associated Press reported the talks had failed.",
        "Contributed reporting is welcome.",
    ],
)
def test_sentence_about_reporting_is_not_report_credit(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Contact Emily Tamkin at emily.tamkin@buzzfeed.com .",
        "Write to Al Root at allen.root@dowjones.com",
        "Write to Jane Doe at jane.doe@wsj.com and John Roe at john.roe@wsj.com",
        "rludlow@dispatch.com",
        "Send tips to evie@dailycallernewsfoundation.org .",
        "E-mail: info@ascom.com",
        "Contact us: editorial@therepublic.com",
        "[email protected]",
    ],
)
def test_email_address_to_write_to_is_contact_line(line: str) -> None:
    assert name_of(line) == "contact_line"


@pytest.mark.parametrize(
    "line",
    [
        "Contact tracing begins at 9 a.m. on Monday.",
        "He wrote to jane@example.com to say the deal was off.",
        "Email the mayor's office before Friday.",
    ],
)
def test_sentence_with_an_address_is_not_contact_line(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2018 by CNN NewSource. All rights reserved. This material may not be published, broadcast, "
        "rewritten or redistributed.",
        "Trademark and Copyright 2018 Cable News Network , Inc., a Time Warner Company. All rights reserved.",
        "Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved",
        "© 2019 Hearst Communications, Inc.",
        "© 1996- The Washington Post",
        "© Telegraph Media Group Limited 2019",
        "copyright Inexhibit 2019 - ISSN: 2283-5474",
        "Copyright © 2019 Business Insider Deutschland / finanzen.net GmbH Alle Rechte vorbehalten.",
        "Copyright ⓒ Entermedia.co.kr. 무단전재 및 재배포 금지",
        "©All Rights Reserved Poynter Institute 2019",
    ],
)
def test_rights_line_is_copyright_notice(line: str) -> None:
    assert name_of(line) == "copyright_notice"


@pytest.mark.parametrize(
    "line",
    [
        "Copyright law changed in 2019.",
        "Copyright infringement cases rose by 12% in 2018, the report said.",
        "© Lucy Nicholson  Detainees at Otay Mesa immigration detention center in San Diego, Calif., on May 18, 2018.",
        "Copyright",
        "©",
    ],
)
def test_sentence_about_copyright_is_not_copyright_notice(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        (
            "Copyright 2018 The Associated Press. All rights reserved. This material may not be published, "
            "broadcast, rewritten or redistributed.",
            "AP",
        ),
        ("© Copyright 2018 The Associated Press. All rights reserved.", "AP"),
        ("© 2019 Reuters. All Rights Reserved.", "Reuters"),
    ],
)
def test_agency_copyright_notice_is_a_wire_credit(line: str, credit: str) -> None:
    import dedup

    r = dedup.clean(f"The talks began on Monday in the Finnish capital.\n{line}")
    assert [x.rule for x in r.removals] == ["credit"]
    assert r.credit == credit


def test_outlet_copyright_notice_credits_no_agency() -> None:
    import dedup

    line = (
        "Copyright 2018 by WDIV ClickOnDetroit. The Associated Press contributed to this report. All rights reserved."
    )
    r = dedup.clean(f"The talks began on Monday in the Finnish capital.\n{line}")
    assert [x.reason for x in r.removals] == ["copyright notice"]
    assert r.credit is None


# ---------------------------------------------------------------------------------------------
# photo_credit and photo_agency: who took the picture, on a line of its own
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Photo: Mikhail Klimentyev, AP", "photo_credit"),
        ("(Photo: Evan Vucci/AP)", "photo_credit"),
        ("Photograph by Brendan Smialowski / AFP / Getty", "photo_credit"),
        ("AP Photo/Pablo Martinez Monsivais", "photo_credit"),
        ("Pool photo by Tatyana Zenkovich , EPA-EFE", "photo_credit"),
        ("Image copyright                  Getty Images", "photo_credit"),
        ("Image source, Getty Images", "photo_credit"),
        ("Credit: AP (File)", "photo_credit"),
        ("CreditJamal Taraqai/EPA, via Shutterstock", "photo_credit"),
        ("Photo credit should read ALEKSEY NIKOLSKYI/AFP/Getty Images", "photo_credit"),
        ("Images by Getty Images and US Presswire", "photo_credit"),
        ("(Image credit: Sierra Nevada Corp.)", "photo_credit"),
        ("© Getty", "photo_credit"),
        ("Foto: dpa", "photo_credit"),
        ("Kuva: Lehtikuva", "photo_credit"),
        ("Mark Wilson/Getty Images", "photo_agency"),
        ("Michael Nagle | Bloomberg | Getty Images", "photo_agency"),
        ("BRENDAN SMIALOWSKI, AFP/Getty Images", "photo_agency"),
        ("Mikhail Metzel TASS via Getty Images", "photo_agency"),
        ("(Roni Rekomaa/Lehtikuva via AP)", "photo_agency"),
        ("(Jorge Silva/Pool Photo via AP, File)", "photo_agency"),
        ("Kremlin Pool Photo via Associated Press/file", "photo_agency"),
        ("ANATOLY MALTSEV/EPA-EFE/REX/Shutterstock", "photo_agency"),
        ("Getty Images", "photo_agency"),
        ("(Getty Images)", "photo_agency"),
    ],
)
def test_picture_credit_alone_is_photo_credit(line: str, name: str) -> None:
    assert name_of(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Trump and Putin meet in Helsinki",  # a caption after the label
        "Leaders pose for a photo before the talks. (AP Photo/Evan Vucci)",  # a caption with its credit
        "Photos: Key U.S.-Russia Summits Over the Decades",  # a gallery's headline
        "Getty Images sues Google over image search",
        "Trump Attacks Getty Images",
        "The deal with Getty Images",
        "Credit Suisse",
        "Image caption Jeremy Corbyn viewed the parade and will later go on to make a speech",
        "Photo",
        "Reuters",
        "EPA",
        "Scott Pruitt, EPA",
        "Jill Colvin, Associated Press",  # bylines without "By"
        "Geoff Mulvihill | Associated Press",
        "JONATHAN LEMIRE, JILL COLVIN and VLADIMIR ISACHENKOV / AP",
    ],
)
def test_caption_headline_or_byline_is_not_photo_credit(line: str) -> None:
    assert name_of(line) not in ("photo_credit", "photo_agency")


def test_photo_credit_is_removed_and_credits_no_agency() -> None:
    import dedup

    text = (
        "The two leaders met in Helsinki on Monday.\n"
        "Photo: Pablo Martinez Monsivais, AP\n"
        "They spoke for two hours without aides.\n"
        "Brendan Smialowski, AFP/Getty Images"
    )
    r = dedup.clean(text)
    assert [(x.rule, x.reason) for x in r.removals] == [
        ("template", "photo credit"),
        ("template", "photo credit (picture agency)"),
    ]
    assert r.text == "The two leaders met in Helsinki on Monday.\nThey spoke for two hours without aides."
    assert r.credit is None  # the agency took the picture, it did not send the story


# ---------------------------------------------------------------------------------------------
# author_bio: tried only at the foot of an article
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Uri Friedman is a staff writer at The Atlantic, where he covers global affairs.",
        "Lukas Mikelionis is a reporter for FoxNews.com. Follow him on Twitter  @LukasMikelionis .",
        "Emily Tamkin is a foreign affairs reporter for BuzzFeed News and is based in Washington, D.C.",
        "Jill Colvin is an Associated Press writer.",
        "Nick Trickett is the editor-in-chief and associate scholar for the Foreign Policy Research Institute.",
        "Julia Beizer is The Post’s mobile projects editor.",
        "Amanda Erickson Amanda Erickson writes about foreign affairs for The Washington Post.",
        "Jane Doe covers energy markets for Bloomberg News.",
    ],
)
def test_one_line_biography_is_author_bio(line: str) -> None:
    pattern = match_template(line, at_foot=True)
    assert pattern is not None and pattern.name == "author_bio"
    assert match_template(line) is None  # tried at an article's foot only


@pytest.mark.parametrize(
    "line",
    [
        "Mr Danielevsky is the editor of a local independent newspaper.",
        "U.S. President Donald Trump is no fan of American journalists, but he might love the Russian media.",
        "President Vladimir Putin is a former KGB officer.",
        "The Times is committed to publishing a diversity of letters to the editor.",
        "Tim Alberta Is a First-Rate Journalist. The DNC Should Quit Whining.",
        "Jamal Khashoggi was a columnist for The Washington Post.",
        "Maria Butina is a gun-rights activist from Siberia.",
    ],
)
def test_sentence_about_a_person_is_not_author_bio(line: str) -> None:
    assert match_template(line, at_foot=True) is None


def test_author_bio_is_removed_at_the_foot_of_an_article_only() -> None:
    import dedup

    body = [
        "The two presidents met on Monday in the Finnish capital for talks that lasted over two hours.",
        "Officials on both sides said the meeting had been planned for months.",
        "Protesters gathered near the palace, holding signs about press freedom.",
        "A joint news conference followed, in which both leaders took questions.",
        "Markets barely moved as traders waited for details of any agreement.",
        "Analysts said the outcome would be judged by what happens in the coming weeks.",
    ]
    bio = "Bob Woodward is the author of a new book about the White House."
    early = dedup.clean("\n".join([body[0], bio, *body[1:]]))
    assert early.removals == ()  # inside the story: a sentence of it
    late = dedup.clean("\n".join([*body, bio]))
    assert [(x.rule, x.reason, x.evidence["pattern"]) for x in late.removals] == [
        ("template", "author's biography", "author_bio")
    ]


# ---------------------------------------------------------------------------------------------
# advertisement, skip links, page controls, icon names
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Advertisement - Continue Reading Below",
        "Advertisement—Continue reading below",
        "Story continues below advertisement",
        "Story Continued Below",
        "Anzeige",
        "Publicité",
        "Publicidad",
        "Pubblicità",
        "Реклама",
        "广告",
        "Skip Ad",
        "Scroll to continue with content",
        "Continue reading the main story",
    ],
)
def test_ad_label_is_advertisement(line: str) -> None:
    assert name_of(line) == "advertisement"


@pytest.mark.parametrize(
    "line", ["Skip to main content", "Skip to content", "Back to top", "Zum Inhalt springen", "返回顶部"]
)
def test_skip_link_is_template(line: str) -> None:
    assert name_of(line) == "skip_link"


@pytest.mark.parametrize(
    "line",
    [
        "Close",
        "Fullscreen",
        "Back to Gallery",
        "View Comments",
        "12 comments",
        "Comments (3)",
        "Hide Caption",
        "Modal Trigger",
        "An error has occurred, please try again later.",
        "Embed",
        "These are external links and will open in a new window",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Caret down",
        "(42) Comments",
        "Comments (3 of 3)",
        "reader comments     85",
        "Comments are closed.",
        "Leave a Reply Cancel reply",
        "Log in to comment",
        "Lascia un commento",
        "CancelSend",  # an e-mail share dialog's buttons, and what it says after
        "A link has been sent to your friend's email address.",
        "Posted!",
        "Link copied!",
    ],
)
def test_control_label_is_ui_control(line: str) -> None:
    assert name_of(line) == "ui_control"


@pytest.mark.parametrize("line", ["more_vert", "play_arrow", "video_youtube", "amp", "today"])
def test_icon_font_ligature_is_icon_label(line: str) -> None:
    assert name_of(line) == "icon_label"


@pytest.mark.parametrize("line", ["None", "null", "undefined", "NaN", "[object Object]", " None "])
def test_empty_value_alone_is_placeholder(line: str) -> None:
    assert name_of(line) == "placeholder"


@pytest.mark.parametrize("line", ["none", "None of them", "Null and void", "Undefined", "N/A", "nan"])
def test_word_or_heading_is_not_placeholder(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "You must be logged in to post a comment.",
        "You must login or create an account to comment.",
        "You are commenting using your Twitter account. ( Log Out / Change )",
        "Please log in using one of these methods to post your comment:",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Notify me of follow-up comments by email.",
        "Your comment is awaiting moderation.",
        "blog comments powered by Disqus",
        "To find out more about Facebook commenting please read the Conversation Guidelines and FAQs",
        "Devi essere connesso per inviare un commento.",
        "Du musst angemeldet sein, um einen Kommentar abzugeben.",
    ],
)
def test_comment_section_text_is_comment_notice(line: str) -> None:
    assert name_of(line) == "comment_notice"


@pytest.mark.parametrize(
    "line",
    [
        "You must be 18 to vote in the referendum.",
        "Your comment about the budget was read out at the meeting, the mayor told her.",
        "Comments are moderated by volunteers, the company said, and most are approved.",
        "Disqus, which powers comments on many news sites, was sold in 2017.",
    ],
)
def test_sentence_about_comments_is_not_comment_notice(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement revenue fell 12% last year.",
        "Advertising",
        "Close to 200 protesters gathered.",
        "Comments from the Kremlin were brief.",
        "Today",  # capitalised: a heading, not an icon name
        "AMP",
        "Skip to the end: they agreed on nothing.",
        "Video",
        "Photo",
        "Comments are closed on most of its videos, YouTube said.",
        "Register to comment on the plan by Friday, the council said.",
        "Posted in 2016, the video drew millions of views.",
        "A link has been sent to every voter, officials said.",
    ],
)
def test_sentence_with_control_words_is_not_template(line: str) -> None:
    assert name_of(line) is None


# ---------------------------------------------------------------------------------------------
# social-media handles, cookie and browser notices, links marked with an arrow or a media tag
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Twitter: @LisaMascaro, @noamlevey",
        "Twitter: @MattHjourno.",
        "Instagram: @nyt_photo",
        "Follow @JimPuzzanghera on Twitter",
        "Follow Lemire on Twitter at http://twitter.com/@JonLemire and Colvin at http://twitter.com/@colvinj",
        "Follow @andyj0seph",
        "Follow me: @evanhalper",
        "Follow me at @dleelatimes",
        "Follow me on Twitter @lfheller",
        "Follow Evie on Twitter @eviefordham.",
        "Follow Dave Lee on Twitter @DaveLeeBBC",
        "Suivez-nous sur Twitter @lemondefr",
    ],
)
def test_follow_invitation_with_a_handle_is_social_handle(line: str) -> None:
    assert name_of(line) == "social_handle"


@pytest.mark.parametrize(
    "line",
    [
        # no handle: article texts end with such a line at times, and gold texts keep it
        "Follow NBC Latino on Facebook, Twitter and Instagram.",
        "Follow the money, investigators say, and @handles will lead you to the source.",
        "Twitter: the company lost 2 million users in the quarter.",
        "He wrote to @realDonaldTrump on Twitter that the talks had failed.",
        "Follow @jack, who founded Twitter, and you will see what he means by it.",
    ],
)
def test_sentence_about_following_is_not_social_handle(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to improve your experience on our website. By browsing this website, you agree "
        "to our use of cookies.",
        "This website uses cookies to improve your experience. We'll assume you're ok with this, but you "
        "can opt-out if you wish. Accept Read More",
        "By choosing I Accept, you consent to our use of cookies and other tracking technologies.",
        "By continuing to use this site, you are agreeing to our use of cookies.",
        "Utilizziamo i cookie per essere sicuri che tu possa avere la migliore esperienza sul nostro sito.",
        "Diese Website verwendet Cookies. Wenn Sie die Seite weiter nutzen, stimmen Sie dem zu.",
        "Cookie Settings",
        "Cookie Policy | Privacy & Cookies",
        "Accept all cookies",
    ],
)
def test_cookie_banner_is_cookie_notice(line: str) -> None:
    assert name_of(line) == "cookie_notice"


@pytest.mark.parametrize(
    "line",
    [
        "Cookies",  # a recipe's heading
        "Chocolate Chip Cookie",
        "Google said it would stop using third-party cookies in its Chrome browser next year.",
        "By using the site, users agree to the use of cookies, the court found.",
        "Cookie consent rules were tightened across the EU in 2020, and regulators fined dozens of sites.",
        "The regulator said: We use cookies to track users was the wrong message to send.",
    ],
)
def test_sentence_about_cookies_is_not_cookie_notice(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Your browser does not support HTML5 video.",
        "Sorry, your browser doesn't support embedded videos.",
        "This page is best viewed in an up-to-date web browser with style sheets (CSS) enabled. While you "
        "will be able to view the content of this page in your current browser, you will not be able to "
        "get the full visual experience.",
        "Media playback is unsupported on your device",
        "Please turn on JavaScript. Media requires JavaScript to play.",
        "To view this video please enable JavaScript, and consider upgrading to a web browser that "
        "supports HTML5 video",
        "This slideshow requires JavaScript.",
        "JavaScript is disabled in your browser.",
        "We've detected you are on Internet Explorer. For the best experience, please update to a modern browser.",
        "It looks like you're using an ad blocker. Please consider whitelisting us.",
        "Ihr Browser unterstützt nicht das Video-Format.",
    ],
)
def test_browser_or_player_fallback_text_is_browser_notice(line: str) -> None:
    assert name_of(line) == "browser_notice"


@pytest.mark.parametrize(
    "line",
    [
        "Microsoft no longer supports Internet Explorer, the company said on Tuesday.",
        "Upgrade your browser to the latest version to get the security fix.",
        "Best viewed in the early morning, the falls draw crowds by noon.",
        "The browser does not support the new standard yet, engineers said.",
        "JavaScript, the language of the web, turns 30 this year.",
        "Your browser cannot tell a genuine site from a fake one, researchers warn.",
    ],
)
def test_sentence_about_browsers_is_not_browser_notice(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "How Trump could use the presidency to help his own business interests »",
        "Trump made promises to blue-collar voters. Democrats plan to make sure he follows through »",
        "The latest from Washington »",
        "All closings »",
        "Home » Opinion » Columns »",
        "Change your current location ›",
    ],
)
def test_line_ending_in_a_link_arrow_is_arrow_link(line: str) -> None:
    assert name_of(line) == "arrow_link"


@pytest.mark.parametrize(
    "line",
    [
        "Il a déclaré : « Nous ne céderons pas »",  # a French quotation
        "« Le sommet est un succès », selon le Kremlin »",
        "Er sagte: »",  # a German quotation opens with »
        "»",
        "Prices rose 3% in March.",
    ],
)
def test_quotation_marks_are_not_arrow_link(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]",
        "China furious at Macron for Hong Kong protest jibe [INSIGHT]|",
        "Melania Shines In Powder Blue Coat At Helsinki-Vantaa Airport In Finland [PHOTOS]",
        "Max Boyle eliminated on ‘The Voice’: ‘I’m just really shocked,’ admits Kelly Clarkson [WATCH]",
    ],
)
def test_headline_ending_in_a_media_tag_is_tagged_link(line: str) -> None:
    assert name_of(line) == "tagged_link"


@pytest.mark.parametrize(
    "line",
    [
        "[END TAPE]",  # a transcript's marker
        "[CNBC]",  # a citation
        "He said the [VIDEO] label was added later.",
        "The footage was posted online [video]",  # not the capitals of a tag
    ],
)
def test_bracketed_words_are_not_tagged_link(line: str) -> None:
    assert name_of(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Topics: the mayor said the budget was fine.",
        "Tags: this is a long sentence that goes on and on without a break at all",
        "Categories of workers, the report says, differ by state.",
    ],
)
def test_sentence_after_a_tag_heading_is_not_link_list_heading(line: str) -> None:
    assert name_of(line) is None


# ---------------------------------------------------------------------------------------------
# the table, and properties that hold for every pattern
# ---------------------------------------------------------------------------------------------


def test_pattern_table_names_are_unique_and_reasons_are_sentences() -> None:
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names))
    assert all(p.reason and p.reason[0].islower() for p in PATTERNS)


def test_template_pattern_is_frozen_and_its_repr_omits_the_expression() -> None:
    pattern = PATTERNS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pattern.name = "other"  # type: ignore[misc]
    assert repr(pattern).startswith("TemplatePattern(name=")
    assert "regex" not in repr(pattern)
    assert isinstance(pattern, TemplatePattern)


def test_empty_line_is_not_template() -> None:
    assert match_template("") is None


def test_long_run_of_widget_words_is_not_template() -> None:
    # Widgets are short: each expression bounds the line length.
    assert name_of(" ".join(["Share"] * 40)) is None
    assert name_of("Advertisement " * 10) is None


@pytest.mark.parametrize(
    "line",
    [
        "分享到" * 39 + "X",
        "Share on Facebook " * 6 + "x",
        "A-" * 59 + "x",
        "1 " * 59 + "x",
        "Updated July 15, 2018 | " * 4 + "x",
        "By " + "Aa " * 39 + "x",  # a byline's names, without end
        "By " + "A. " * 39 + "!",
        "Read more: " + "Aa " * 60 + ".",
        "Sign up " + "for the " * 23 + "x",
        "x" * 100_000,
    ],
)
def test_adversarial_line_is_rejected_quickly(line: str) -> None:
    start = time.perf_counter()
    assert match_template(line) is None
    assert time.perf_counter() - start < 1.0


# Words a sentence might be built from, including every kind of furniture vocabulary, so that the
# property below also tries sentences that are nothing but widget and navigation words.
_FURNITURE_TEXT = (
    "share print email mail tweet pin facebook twitter on this article story page via more close "
    "next previous prev page of published updated posted july may today ago hours read related "
    "most popular recommended tags topics advertisement sponsored comments skip to content back "
    "top image photo stampa teilen partager compartir delen en no na op"
)
_FURNITURE_WORDS = _FURNITURE_TEXT.split()
_WORD = st.one_of(st.sampled_from(_FURNITURE_WORDS), st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10))


@given(words=st.lists(_WORD, min_size=12, max_size=30))
def test_line_containing_a_sentence_never_matches(words: list[str]) -> None:
    sentence = " ".join(words).capitalize() + "."
    assert match_template(sentence) is None


@given(
    words=st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10), min_size=12, max_size=30),
    before=st.sampled_from(["", "Share ", "Updated ", "Read more: ", "July 15, 2018 "]),
)
def test_furniture_words_followed_by_a_sentence_never_match(words: list[str], before: str) -> None:
    assert match_template(before + " ".join(words) + ".") is None


def test_lines_longer_than_every_pattern_bound_are_skipped_without_changing_results() -> None:
    from dedup.templates import MAX_LINE, PATTERNS

    assert MAX_LINE == 400
    long_widget = "Share " * 80
    assert len(long_widget.strip()) > MAX_LINE
    assert match_template(long_widget.strip()) is None
    assert not any(p.fullmatch(long_widget.strip()) for p in PATTERNS)
    assert any(p.regex.fullmatch(long_widget.strip()) for p in PATTERNS)  # the bound is what refuses it


# ---------------------------------------------------------------------------------------------
# The opening pre-test (dedup.templates._candidates) never changes an answer
# ---------------------------------------------------------------------------------------------


def _every_pattern(line: str) -> str | None:
    """The first pattern matching the line away from an article's foot, trying all of them (no
    pre-test, no memo)."""
    return next((p.name for p in PATTERNS if not p.foot_only and p.fullmatch(line)), None)


def _lines_of_this_module() -> list[str]:
    """Every line the parametrised tests above use, furniture or not."""
    lines: list[str] = []
    for test in list(globals().values()):
        for mark in getattr(test, "pytestmark", ()):
            if mark.name == "parametrize" and mark.args[0] == "line":
                lines.extend(mark.args[1])
    return lines


def test_opening_pretest_gives_the_answer_of_every_pattern_on_the_listed_lines() -> None:
    from dedup.templates import MAX_LINE

    lines = _lines_of_this_module()
    assert len(lines) > 150
    variants = [v for line in lines for v in (line, line.upper(), line.lower(), "» " + line, line + " |")]
    matched = 0
    for line in variants:
        expected = _every_pattern(line) if 0 < len(line) <= MAX_LINE else None
        assert name_of(line) == expected, line
        matched += expected is not None
    assert matched > 100  # the check covers furniture, not only sentences


_PIECE = st.one_of(
    st.sampled_from([*_FURNITURE_WORDS, "Facebook", "Twitter", "WhatsApp", "Seite", "von", "Foto", "de", "AM", "PM"]),
    st.integers(0, 2030).map(str),
    st.sampled_from([":", "|", "-", "»", "•", "/", ",", "(", ")", "12:30", "Mar", "10,", "2014", "·"]),
)


@given(pieces=st.lists(_PIECE, min_size=1, max_size=8), title=st.booleans())
def test_opening_pretest_gives_the_answer_of_every_pattern_on_furniture_like_lines(
    pieces: list[str], title: bool
) -> None:
    line = " ".join(pieces)
    line = line.title() if title else line
    assert name_of(line) == _every_pattern(line)


# ---------------------------------------------------------------------------------------------
# Wire credits: the opening pre-test of dedup.credits never changes an answer
# ---------------------------------------------------------------------------------------------

_CREDIT_LINES = [
    "Reuters",
    "(AP)",
    "By AFP",
    "— Reuters",
    "Source: dpa",
    "© AFP 2018",
    "Reuters/AP",
    "AP and Reuters",
    "The Associated Press",
    "[Reuters]",
    "Copyright Thomson Reuters 2019.",
    "Copyright 2018 The Associated Press. All rights reserved.",
    "© Copyright 2019 AFP. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "via Bloomberg News",
    "Quelle: dpa",
    "来源：新华社",
]
_NOT_CREDITS = ["Reuters reported the talks.", "ap", "Ria", "Putin met Trump.", "The Associated Press said", "(c)"]


@pytest.mark.parametrize("line", _CREDIT_LINES + _NOT_CREDITS)
def test_credit_pretest_gives_the_answer_of_the_full_expression(line: str) -> None:
    from dedup.credits import _CREDIT_LINE, match_credit

    assert (match_credit(line) is not None) == (line in _CREDIT_LINES)
    if match_credit(line) is None:
        return
    assert _CREDIT_LINE.fullmatch(line) is not None


@given(
    pieces=st.lists(
        st.sampled_from(
            ["Reuters", "AP", "AFP", "dpa", "by", "By", "©", "(", ")", "/", "and", "2018", "—", "The", " "]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_credit_pretest_agrees_with_the_expression_on_credit_like_lines(pieces: list[str]) -> None:
    from dedup.credits import _CREDIT_LINE, match_credit

    line = " ".join(pieces).strip()
    if _CREDIT_LINE.fullmatch(line) is None:
        assert match_credit(line) is None
    else:  # the pre-test let it through: the answer is the expression's
        from dedup.credits import _may_open_a_credit

        assert _may_open_a_credit(line[:3])
