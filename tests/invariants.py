"""The invariants every CleanResult satisfies, as one checker shared by the tests."""

from __future__ import annotations

from dedup import CleanResult


def replay(original: str, result: CleanResult) -> str:
    """Delete the removals from the original; trim the blank space at the edges."""
    pieces, pos = [], 0
    for r in result.removals:
        pieces.append(original[pos : r.start])
        pos = r.end
    pieces.append(original[pos:])
    return "".join(pieces).strip()


def check_invariants(original: str, r: CleanResult) -> None:
    assert r.original == original
    # Deletion only: every clean char is the original char it maps to.
    for i, ch in enumerate(r.text):
        j = r.to_original(i)
        assert original[j] == ch
        assert r.to_clean(j) == i
    # Segments increase and tile the clean text.
    pos_clean, pos_orig = 0, -1
    for s in r.segments:
        assert s.clean_start == pos_clean and s.clean_end > s.clean_start
        assert s.orig_start > pos_orig
        assert r.text[s.clean_start : s.clean_end] == original[s.orig_start : s.orig_end]
        pos_clean, pos_orig = s.clean_end, s.orig_end - 1
    assert pos_clean == len(r.text)
    # Kept and removed spans are disjoint and cover every non-whitespace char.
    owner = [""] * len(original)
    spans = [(s.orig_start, s.orig_end, "kept") for s in r.segments]
    spans += [(x.start, x.end, x.rule) for x in r.removals]
    for start, end, what in spans:
        assert 0 <= start < end <= len(original)
        for j in range(start, end):
            assert owner[j] == "", f"char {j} is both {owner[j]} and {what}"
            owner[j] = what
    for j, ch in enumerate(original):
        assert owner[j] or ch.isspace(), f"char {j} {ch!r} is neither kept nor removed"
    # Uncovered blank space only at the edges.
    covered = [j for j in range(len(original)) if owner[j]]
    if covered:
        assert all(owner[j] for j in range(covered[0], covered[-1] + 1))
    # Removals are sorted, whole lines, and replaying them reproduces the text.
    assert list(r.removals) == sorted(r.removals, key=lambda x: x.start)
    assert replay(original, r) == r.text
    for x in r.removals:
        assert x.reason and x.rule in {"repeat", "template", "credit", "boilerplate", "banner"}
        # Whole lines: a removal begins and ends at blank space or at the ends of the text.
        assert x.start == 0 or original[x.start - 1].isspace() or original[x.start].isspace()
        assert x.end == len(original) or original[x.end - 1].isspace() or original[x.end].isspace()
    # Byte offsets in to_dict point at the same text.
    data = original.encode("utf-8", "surrogatepass")
    d = r.to_dict()
    for x, dx in zip(r.removals, d["removals"], strict=True):
        assert data[dx["start_byte"] : dx["end_byte"]].decode("utf-8", "surrogatepass") == original[x.start : x.end]
    assert r.text == "" or not (r.text[0].isspace() or r.text[-1].isspace())
