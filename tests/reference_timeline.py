"""The cluster timeline computed whole, as the reference that dedup.index.timeline.TimelineStream
(which the Spark job feeds one event at a time) must agree with. Test code only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from dedup.index.timeline import History

__all__ = ["Timeline", "component_timeline"]


class Timeline:
    """What :func:`component_timeline` finds for one final line cluster.

    ``histories``: line -> its label changes (lines whose label never changes are left out);
    ``held``: (article, earlier article) once per content cluster of the article, at its time,
    that the earlier one holds and that is listed (``cap`` postings or fewer);
    ``roots``: (article, its distinct content clusters here at its time, how many not listed);
    ``final_held`` and ``final_roots``: the same for forgotten articles, against the final
    clusters and the articles still held (they are cleaned without being learned).
    """

    __slots__ = ("final_held", "final_roots", "held", "histories", "roots")

    def __init__(self) -> None:
        self.histories: dict[int, History] = {}
        self.held: list[tuple[int, int]] = []
        self.roots: list[tuple[int, int, int]] = []
        self.final_held: list[tuple[int, int]] = []
        self.final_roots: list[tuple[int, int, int]] = []


def component_timeline(
    words: Mapping[int, int],
    edges: Iterable[tuple[int, int, int]],
    postings: Iterable[tuple[int, int]],
    alive: Callable[[int, int], bool],
    dead: Callable[[int], bool],
    long_line_words: int,
    final_postings: Iterable[tuple[int, int]] | None = None,
    cap: int = 2000,
) -> Timeline:
    """Replay one final line cluster in learning order, as the index sees it grow.

    Args:
        words: line (exact key) -> its words.
        edges: (line, line, time): the two lines' band keys agree; time is the rank of the
            article that brought the later of the two.
        postings: (line, article rank): the article holds the line.
        alive: ``alive(e, t)``: article ``e`` is still held when article ``t`` is learned.
        dead: the article is forgotten once the whole batch is learned.
        long_line_words: words from which a line is content.
        final_postings: (line, article) for the articles forgotten by the end: the lines of this
            cluster that their lines resolve to against the final index (a forgotten line is not
            found again, so a line of theirs may resolve to another line or to none). By default
            their own postings.

    Labels are the smallest line key of each cluster at each time.

    >>> tl = component_timeline({1: 9, 2: 9}, [(1, 2, 1)], [(1, 0), (2, 1)], lambda e, t: True, lambda d: False, 8)
    >>> tl.histories, tl.held, tl.roots
    ({2: [(1, 1)]}, [(1, 0)], [(0, 1, 0), (1, 1, 0)])
    """
    by_time: dict[int, list[tuple[int, int]]] = {}
    for a, b, t in edges:
        by_time.setdefault(t, []).append((a, b))
    held_by: dict[int, list[int]] = {}
    for key, rank in postings:
        held_by.setdefault(rank, []).append(key)
    out = Timeline()
    label: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    posted: dict[int, list[tuple[int, int]]] = {}  # label -> (line, article) postings so far

    def present(key: int) -> int:
        lab = label.get(key)
        if lab is None:
            lab = label[key] = key
            members[key] = [key]
            posted[key] = []
        return lab

    for t in sorted(set(held_by) | set(by_time)):
        for a, b in by_time.get(t, ()):
            la, lb = present(a), present(b)
            if la == lb:
                continue
            new, old = min(la, lb), max(la, lb)
            for m in members[old]:
                label[m] = new
                out.histories.setdefault(m, []).append((t, new))
            members[new].extend(members.pop(old))
            posted[new].extend(posted.pop(old))
        mine = held_by.get(t, ())
        for key in mine:
            posted[present(key)].append((key, t))
        roots = list(dict.fromkeys(label[k] for k in mine if words[k] >= long_line_words))
        unlisted = 0
        for root in roots:
            docs = _alive_postings(posted[root], t, alive, cap)
            if docs is not None:
                out.held.extend((t, e) for e in set(docs) if e != t)
            else:
                unlisted += 1
        if roots:
            out.roots.append((t, len(roots), unlisted))
    # The forgotten articles, cleaned against the final clusters and the articles still held.
    if final_postings is None:
        final_postings = ((k, d) for d in held_by if dead(d) for k in held_by[d])
    resolved: dict[int, list[int]] = {}
    for key, d in final_postings:
        resolved.setdefault(d, []).append(key)
    forgotten = [d for d, keys in resolved.items() if any(words[k] >= long_line_words for k in keys)]
    if forgotten:  # the final cluster is one label now
        (final,) = set(label.values())
        final_docs = {e for _, e in posted[final] if not dead(e)}
        count = sum(1 for _, e in posted[final] if not dead(e))
        listed = count <= cap
        for d in forgotten:
            if listed:
                out.final_held.extend((d, e) for e in final_docs)
            out.final_roots.append((d, 1, int(not listed)))
    return out


def _alive_postings(
    posted: list[tuple[int, int]], t: int, alive: Callable[[int, int], bool], cap: int
) -> list[int] | None:
    """The articles of the postings still held at time ``t``; None once there are more than
    ``cap`` (a banner line: not listed, and not scanned further)."""
    docs: list[int] = []
    for _, e in posted:
        if alive(e, t):
            docs.append(e)
            if len(docs) > cap:
                return None
    return docs
