"""The words of page furniture, as data: one table per kind of word, each a tuple of phrases.

Each table is written as ``|``-separated phrases, one language per line (``en: ...``, the tag is
optional), read by :func:`phrases`. A phrase is matched case-insensitively as a whole, by the
rules of :func:`dedup.templates.grammar.phrase`: a space matches any run of spaces, " - " any
dash, a hyphen inside a word is optional, an apostrophe may be straight or curly. What a table
leaves out matters as much as what it lists: the comments say which words were left out, and why.

>>> phrases('''
...     en: read more | see also
...     de: mehr zum thema
... ''')
('read more', 'see also', 'mehr zum thema')
"""

from __future__ import annotations

import re

_LANGUAGE_TAG = re.compile(r"^\s*[a-z]{2}:\s")


def phrases(table: str) -> tuple[str, ...]:
    """The phrases of a vocabulary table: ``|``-separated, one language per line (``en: ...``)."""
    lines = (_LANGUAGE_TAG.sub("", line) for line in table.splitlines())
    return tuple(phrase.strip() for line in lines for phrase in line.split("|") if phrase.strip())


# ----------------------------------------------------------------------------------------------
# share_widget: button labels; a social network needs company, filler words never match alone
# ----------------------------------------------------------------------------------------------

SHARE_ACTION = phrases("""
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

SHARE_NETWORK = phrases("""
    facebook | facebook messenger | messenger | twitter | x (twitter) | linkedin | reddit | pinterest
    tumblr | whatsapp | telegram | flipboard | pocket | digg | stumbleupon | google+ | google plus
    gplus | xing | vk | vkontakte | вконтакте | одноклассники | weibo | 微博 | 新浪微博 | 微信 | wechat
    qq | qq空间 | qzone | 豆瓣 | line | kakaotalk | 카카오톡 | viber | sms | instagram | youtube
    snapchat | mastodon | bluesky | threads | mix | hatena | evernote
""")

SHARE_FILLER = phrases("""
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

#: What an embedded post's counter counts ("Twitter339 retweets", "Facebook 1.2k shares").
SHARE_COUNT = phrases("shares | retweets | tweets | likes | pins | comments | reactions")

# ----------------------------------------------------------------------------------------------
# pagination and gallery_counter
# ----------------------------------------------------------------------------------------------

PAGE_WORD = phrases("page | pages | seite | página | pagina | strona | страница | pág. | 页")
PAGE_OF = phrases("of | von | sur | de | di | van | z | из | /")
PAGER_NAV = phrases("""
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

GALLERY_WORD = phrases("""
    image | photo | picture | slide | gallery | bild | foto | fotos | imagen | immagine | afbeelding
    zdjęcie | фото | изображение | 图片 | 图
""")

# ----------------------------------------------------------------------------------------------
# dates: dateline, byline, dated_byline
# ----------------------------------------------------------------------------------------------

MONTH = phrases("""
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

WEEKDAY = phrases("""
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

# ----------------------------------------------------------------------------------------------
# relative stamps and the keywords of a dateline
# ----------------------------------------------------------------------------------------------

NUMBER_WORD = phrases("a | an | one | two | three | ein | eine | einer | einem | un | une | una | um | uma")

RELATIVE_DAY = phrases("""
    today | yesterday | just now | heute | gestern | aujourd'hui | hier | hoy | ayer | oggi | ieri
    hoje | ontem | vandaag | gisteren | dzisiaj | wczoraj | сегодня | вчера | 今天 | 昨天
""")

#: Keywords announcing an event in the article's life; these may also stand alone on a line.
EVENT_KEYWORD = phrases("""
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

#: Plain labels ("Date:", "Stand:") that count only when a date follows.
LABEL_KEYWORD = phrases("""
    date | dated | datum | stand | fecha | data | date de publication | дата | 时间 | 日期 | 日期时间 | 날짜
""")

# ----------------------------------------------------------------------------------------------
# section_nav and read_more_link
# ----------------------------------------------------------------------------------------------

NAV_PHRASE = phrases("""
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

LINK_LABEL = phrases("""
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

# ----------------------------------------------------------------------------------------------
# tagged_link: the media tags of a teaser, in capitals
# ----------------------------------------------------------------------------------------------

LINK_TAG = phrases("""
    VIDEO | VIDEOS | WATCH | PHOTO | PHOTOS | PICTURES | PICS | GALLERY | INSIGHT | REACTION | WARNING
    NEWS | LATEST | LIVE | LISTEN | POLL | QUIZ | MAP | CHART | ANALYSIS | REVEALED | INTERVIEW | OPINION
""")

# ----------------------------------------------------------------------------------------------
# reading_time
# ----------------------------------------------------------------------------------------------

READING_LABEL = phrases("""
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

MINUTES = phrases("""
    min | mins | minute | minutes | minuten | minuto | minutos | minuti | minut | minuty | минута
    minuty | минуты | минут | мин | 分钟 | 分鐘
""")

# ----------------------------------------------------------------------------------------------
# bylines and names: byline, dated_byline, author_bio
# ----------------------------------------------------------------------------------------------

BY = phrases("""
    en: by | written by | authored by | words by | story by | text by
    de: von | text von
    fr: par | texte de
    es: por | texto de
    it: di | a cura di
    pt: por | texto de
    nl: door
""")

#: Words of headings, not of names ("By the way", "BY WAY OF CONTRAST", "By Royal Appointment").
NOT_A_NAME = phrases("""
    the | a | an | this | that | these | those | our | your | my | his | her | their | its | all
    any | every | each | some | no | not | one | two | way | far | now | popular | public | royal
    special | default | design | air | car | land | sea | road | rail | train | bus | plane | phone
    email | mail | post | request | appointment | invitation | order | law | chance | contrast
    comparison | numbers | day | night | hand | heart | proxy | force | nature | accident | mistake
    definition | then | of | for | to | in | on | at | or | with | from
""")

#: Titles that make a name a person in the story ("Mr Danielevsky is the editor of ...").
TITLE = phrases("""
    mr | mrs | ms | miss | dr | prof | professor | sir | dame | lord | lady | gen | general | sen | senator
    rep | gov | governor | president | judge | justice | king | queen | prince | princess | pope | saint
    st | rev | father | u.s
""")

#: Lower-case words a byline may hold: its opening, name particles, "and", a stamp's "at" / "on",
#: "Email the author".
BYLINE_LOWER = phrases("""
    by | written | words | story | text | texte | texto | von | par | por | di | door | a | cura | de | da
    del | della | der | den | do | dos | du | la | le | van | ten | ter | bin | ibn | al | el | and | und
    et | y | e | en | at | on | updated | published | am | pm | um | à | las | alle | às | om | o | email
    e-mail | the | author | authors | follow | authored | via
""")

# ----------------------------------------------------------------------------------------------
# newsletter_promo
# ----------------------------------------------------------------------------------------------

PROMO_JOIN = phrases("""
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

PROMO_GET = phrases("""
    en: get | receive | start your day with | want the latest
    de: erhalten sie | holen sie sich
    fr: recevez
    es: recibe | reciba
    it: ricevi
    pt: receba
    nl: ontvang
""")

PROMO_LIST = phrases("""
    newsletter | newsletters | newsletter's | email newsletter | e-mail newsletter | mailing list
    email alerts | e-mail alerts | email updates | e-mail updates | nieuwsbrief | boletín | boletim
    infolettre | рассылку | рассылка
""")

INBOX = phrases("""
    inbox | in-box | posteingang | boîte mail | boîte de réception | bandeja de entrada | caixa de entrada
""")

NEWS = phrases("""
    the latest | latest | headlines | top stories | news | stories | updates | briefing
    nachrichten | actualités | noticias | notizie | notícias | nieuws
""")

# ----------------------------------------------------------------------------------------------
# link_list_heading
# ----------------------------------------------------------------------------------------------

LINK_LIST_WORD = phrases("""
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

# ----------------------------------------------------------------------------------------------
# social_handle
# ----------------------------------------------------------------------------------------------

FOLLOW = phrases("""
    en: follow | follow me | follow us | follow him | follow her | follow them
    de: folgen sie | folgen sie mir | folgen sie uns
    fr: suivez | suivez-moi | suivez-nous
    es: sigue | síguenos | sígueme | siga
    it: segui | seguici | seguimi
    pt: siga | siga-nos | siga-me
    nl: volg | volg ons | volg mij
""")

# ----------------------------------------------------------------------------------------------
# report_credit
# ----------------------------------------------------------------------------------------------

#: Lower-case words a list of contributors may hold.
CONTRIBUTOR_WORD = phrases("""
    writer | writers | staff | reporter | reporters | correspondent | correspondents | producer | producers
    wire | services | service | in | the | of | at | and | also | with
""")

#: "... by" roles of a wire trailer's later parts ("; Editing by Tom Brown").
TRAILER_ROLE = phrases("""
    reporting | additional reporting | writing | editing | compiled | compiling | graphics | graphic
    production | research | fact-checking | translation | translated | edited | written | reported
""")

# ----------------------------------------------------------------------------------------------
# copyright_notice
# ----------------------------------------------------------------------------------------------

RIGHTS_RESERVED = phrases("""
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

# ----------------------------------------------------------------------------------------------
# photo_credit and photo_agency
# ----------------------------------------------------------------------------------------------

#: A picture's label, followed by ":", "/", "|" or "by" ("Photo:", "AP Photo/", "Photograph by").
PICTURE_NOUN = phrases("""
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
PICTURES_NOUN = phrases("""
    photos | photographs | photography | photographed | images | pictures | pics | illustrations
    fotos | bilder | kuvat | zdjęcia
""")

#: A picture's label that its credit follows after a space ("Image copyright Getty Images").
PICTURE_PHRASE = phrases("""
    image copyright | image source | picture copyright | photo courtesy of | photo courtesy
    photo credit should read | photos courtesy of | image courtesy of | images courtesy of
""")

#: Picture agencies: a line may be one of them alone ("Getty Images"). Names that are also words
#: ("Rex", "Polaris", "Redux") are not listed alone.
PICTURE_AGENCY = phrases("""
    getty images | getty | getty images/istockphoto | istockphoto | istock | shutterstock | rex features
    rex/shutterstock | alamy | alamy stock photo | corbis | wireimage | filmmagic | nurphoto | zuma press
    zuma wire | sopa images | lightrocket | sipa usa | bettmann | hulton archive | epa-efe | afp/getty images
""")

#: Wire and photo agencies that also send stories: they end a credit after a "/" or "via".
WIRE_AGENCY = phrases("""
    ap | ap photo | the associated press | associated press | afp | agence france-presse | reuters | epa
    efe | bloomberg | tass | itar-tass | sputnik | ria novosti | xinhua | anadolu agency | anadolu
    lehtikuva | dpa | ansa | kyodo | kyodo news | yonhap | pa | pa wire | pa images | press association
    keystone | imago | picture alliance | picture-alliance | ap images | pool | kremlin pool | upi
""")

#: Lower-case words a list of credited names may hold.
CREDIT_LOWER = phrases("""
    via | for | of | by | the | courtesy | file | handout | pool | staff | photo | photos | images
    contributor | contributors | photographer | special | to | from
""")

# ----------------------------------------------------------------------------------------------
# author_bio
# ----------------------------------------------------------------------------------------------

BIO_ROLE = phrases("""
    reporter | correspondent | writer | editor | columnist | contributor | producer | journalist | author
    blogger | anchor | host | photographer | photojournalist | fellow | professor | lecturer | analyst
    critic | commentator | scholar | researcher | novelist | poet | cartoonist | economist | historian
""")

# ----------------------------------------------------------------------------------------------
# cookie_notice
# ----------------------------------------------------------------------------------------------

COOKIE_OPENING = phrases("""
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

COOKIE_LABEL = phrases("""
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

# ----------------------------------------------------------------------------------------------
# browser_notice
# ----------------------------------------------------------------------------------------------

BROWSER_OPENING = phrases("""
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

# ----------------------------------------------------------------------------------------------
# comment_notice
# ----------------------------------------------------------------------------------------------

COMMENT_OPENING = phrases("""
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

# ----------------------------------------------------------------------------------------------
# advertisement, skip_link, ui_control, icon_label
# ----------------------------------------------------------------------------------------------

AD_LABEL = phrases("""
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

SKIP_PHRASE = phrases("""
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

UI_PHRASE = phrases("""
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

COMMENT_COUNT = phrases("""
    comments | comment | kommentare | commentaires | comentarios | commenti | comentários | reacties
    komentarze | комментариев | комментария | 条评论
""")

ICON_NAME = phrases("""
    more_vert | more_horiz | play_arrow | play_circle_filled | play_circle_outline | video_youtube
    pause_circle_filled | arrow_back | arrow_forward | arrow_drop_down | arrow_drop_up | arrow_upward
    arrow_downward | expand_more | expand_less | keyboard_arrow_up | keyboard_arrow_down
    keyboard_arrow_left | keyboard_arrow_right | chevron_left | chevron_right | open_in_new
    fullscreen_exit | volume_up | volume_off | thumb_up | thumb_down | bookmark_border | access_time
    mode_comment | chat_bubble_outline | photo_camera | today | amp
""")
