"""Small constructed corpora for index tests: outlet banners, wire copy, syndicated copies.

Texts are made up here; they follow the shapes found in real scraped news (see fixtures/).
"""

from __future__ import annotations

import random
import textwrap

_WORDS = [
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "teacher",
    "hospital",
    "nurse",
    "harbour",
    "ferry",
    "station",
    "train",
    "mayor",
    "vote",
    "festival",
    "museum",
    "library",
    "park",
    "football",
    "stadium",
    "farmer",
    "market",
    "bakery",
    "fire",
    "police",
    "court",
    "judge",
    "storm",
    "flood",
    "road",
    "tunnel",
    "airport",
    "pilot",
    "tourist",
    "hotel",
    "election",
    "candidate",
    "debate",
    "tax",
    "rent",
    "housing",
    "tenant",
    "factory",
    "worker",
    "strike",
    "union",
    "garden",
    "tree",
    "bird",
    "zoo",
    "concert",
    "singer",
    "theatre",
    "actor",
    "painter",
    "gallery",
]

WIRE = [
    "Presidents Trump and Putin met for more than two hours in Helsinki on Monday, with only interpreters present.",
    "The summit came days after a US grand jury indicted twelve Russian intelligence officers on hacking charges.",
    "Both leaders described the talks as frank and useful but announced no concrete agreements on arms control.",
    "Protesters gathered in the Finnish capital's main square throughout the day, waving banners and flags.",
]

BANNERS = {
    "herald.example": [
        "Support independent journalism",
        "Dear readers,",
        "Our reporting is free for everyone, but it costs a lot to produce every single day of the year.",
        "Please consider a monthly contribution of any amount to keep our newsroom going.",
        "Remind me later.",
    ],
    "gazette.example": [
        "Subscribe to the Gazette",
        "Get unlimited digital access for just one dollar a week, and cancel anytime you like.",
        "Already a subscriber? Log in here.",
    ],
}


def paragraph(topic: str, n: int, words: int = 24) -> str:
    """A distinct paragraph of real-length, made-up prose."""
    rnd = random.Random(f"{topic}#{n}")
    return " ".join(rnd.choice(_WORDS) for _ in range(words)).capitalize() + "."


def story(outlet: str, n: int) -> str:
    """A distinct local story of an outlet: four content lines of its own words."""
    rnd = random.Random(f"{outlet}/{n}")
    return "\n".join(" ".join(rnd.choice(_WORDS) for _ in range(14)).capitalize() + "." for _ in range(4))


def corpus() -> list[dict[str, str]]:
    """Two outlets with banners (3 stories each), and the wire story at 12 outlets."""
    docs = []
    for outlet, banner in BANNERS.items():
        for n in range(3):
            docs.append({"id": f"{outlet}/{n}", "source": outlet, "text": story(outlet, n) + "\n" + "\n".join(banner)})
    for k in range(12):
        outlet = f"outlet{k}.example"
        tail = "\n" + "\n".join(BANNERS["herald.example"]) if k == 0 else ""
        docs.append(
            {
                "id": f"{outlet}/wire",
                "source": outlet,
                "text": f"Headline at outlet {k}\n" + "\n".join(WIRE) + tail,
            }
        )
    return docs


def months() -> list[dict[str, str]]:
    """Five months of dated articles from outlets that publish in bursts: ten days on, twenty off,
    with a newsletter line that changes every month; wire stories copied at several outlets within
    a few days."""
    from datetime import datetime, timedelta, timezone

    start = datetime(2018, 3, 1, 6, 0, tzinfo=timezone.utc)
    outlets = [*BANNERS, *(f"burst{k}.example" for k in range(4))]
    docs = []
    for day in range(0, 150, 2):
        for k, outlet in enumerate(outlets):
            if (day // 10 + k) % 3:
                continue
            banner = BANNERS.get(outlet) or [
                f"Read more stories from {outlet} every morning in our free daily newsletter",
                f"Copyright {outlet} and its writers, all rights reserved, no reuse without permission",
            ]
            month = ["March", "April", "May", "June", "July", "August"][day // 30]
            lines = story(outlet, day).split("\n")
            if day % 4 == 0:  # a wire story, copied by the outlets active these days
                lines = [f"Wire story {day // 8} at {outlet}"] + [paragraph(f"wire{day // 8}", j) for j in range(6)]
            lines += [f"The {outlet} newsletter for {month}: sign up today and read every story first", *banner]
            published = (start + timedelta(days=day, hours=k)).isoformat()
            docs.append({"id": f"{outlet}/{day}", "source": outlet, "published": published, "text": "\n".join(lines)})
    return docs


def layouts() -> dict[str, str]:
    """One wire story (a headline, a quote, eight paragraphs) as page layouts print it: a paragraph
    a line, all in one line, wrapped at 72 columns, cut every seven words, and typeset (curly
    quotes, em dashes, capitals) with a paragraph a line. Every version has the same words."""
    quote = f'"{paragraph("layout-quote", 0, words=16)[:-1]}," the mayor said - on Monday.'
    body = [quote, *(paragraph("layout", k, words=30) for k in range(8))]
    text = "\n".join(body)
    words = " ".join(body).split()
    typeset = text.replace(" - ", " \u2014 ").replace('"', "\u201c", 1).replace('"', "\u201d", 1).upper()
    return {
        "lines": text,
        "one-line": " ".join(body),
        "wrapped": textwrap.fill(" ".join(body), 72),
        "fragments": "\n".join(" ".join(words[i : i + 7]) for i in range(0, len(words), 7)),
        "typeset": typeset,
    }


def rewrapped() -> list[dict[str, str]]:
    """The wire story of :func:`layouts` at five outlets within two days, each in another layout,
    among a year of those outlets' own stories (dated 400 days apart at most, each with its
    outlet's banner): copies to find whatever the line breaks, furniture to learn whatever the
    dates."""
    from datetime import datetime, timedelta, timezone

    start = datetime(2018, 1, 1, 6, 0, tzinfo=timezone.utc)
    outlets = [f"layout{k}.example" for k in range(5)]
    docs = []
    for k, (layout, text) in enumerate(layouts().items()):
        published = (start + timedelta(days=200, hours=9 * k)).isoformat()
        docs.append({"id": f"wire/{layout}", "source": outlets[k], "published": published, "text": text})
    rnd = random.Random(5)
    for k, outlet in enumerate(outlets):
        banner = [
            f"Support {outlet}: become a member today and keep local reporting free for everyone",
            f"Copyright {outlet} and its writers, all rights reserved, no reuse without permission",
        ]
        for n in range(4):
            published = (start + timedelta(days=rnd.randrange(400), hours=k)).isoformat()
            text = story(outlet, n) + "\n" + "\n".join(banner)
            docs.append({"id": f"{outlet}/{n}", "source": outlet, "published": published, "text": text})
    return docs
