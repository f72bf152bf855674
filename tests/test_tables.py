"""The log-structured MultiMap gives the answers of a plain dict of lists, whatever the mix of
inserts, flushes, merges and drops: the runs are an implementation detail."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedup.index.tables import MultiMap

# Operations: ("add", key, value), ("insert", [(key, value), ...]), ("merge",), ("drop_values", [v]),
# ("drop_keys", [k]), ("pop_first", [k]). Few distinct keys, so keys collect many values.
_keys = st.integers(0, 12)
_values = st.integers(0, 50)
_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), _keys, _values),
        st.tuples(st.just("insert"), st.lists(st.tuples(_keys, _values), max_size=20)),
        st.tuples(st.just("merge")),
        st.tuples(st.just("drop_values"), st.lists(_values, max_size=3)),
        st.tuples(st.just("drop_keys"), st.lists(_keys, max_size=3)),
        st.tuples(st.just("pop_first"), st.lists(_keys, max_size=4, unique=True)),
    ),
    max_size=60,
)


def _check(m: MultiMap, ref: dict[int, list[int]]) -> None:
    probe = np.arange(14, dtype=np.uint64)
    assert len(m) == sum(len(v) for v in ref.values())
    for key in range(14):
        assert m.get(key) == ref.get(key, []), key
        assert m.count(key) == len(ref.get(key, []))
    assert m.get_many(probe) == [ref.get(k, []) for k in range(14)]
    assert m.counts(probe).tolist() == [len(ref.get(k, [])) for k in range(14)]
    assert m.first_values(probe).tolist() == [ref[k][0] if ref.get(k) else -1 for k in range(14)]
    shuffled = np.array([5, 13, 0, 5, 2, 11, 7], np.uint64)
    rows, vals, counts = m.hits(shuffled)
    expect = [(r, v) for r, k in enumerate(shuffled.tolist()) for v in ref.get(k, [])]
    assert list(zip(rows.tolist(), vals.tolist(), strict=True)) == expect
    assert counts.tolist() == [len(ref.get(k, [])) for k in shuffled.tolist()]
    rows, vals, _ = m.hits(shuffled, lambda counts: counts <= 2)
    expect = [(r, v) for r, k in enumerate(shuffled.tolist()) if len(ref.get(k, [])) <= 2 for v in ref.get(k, [])]
    assert list(zip(rows.tolist(), vals.tolist(), strict=True)) == expect


@given(_ops, st.sampled_from([1, 2, 3, 7, 4096]))
def test_multimap_equals_a_dict_of_lists(ops: list[tuple[object, ...]], pending: int) -> None:
    m = MultiMap(np.uint64, pending)
    ref: dict[int, list[int]] = {}
    for op in ops:
        kind = op[0]
        if kind == "add":
            key, value = op[1], op[2]
            assert isinstance(key, int) and isinstance(value, int)
            m.add(key, value)
            ref.setdefault(key, []).append(value)
        elif kind == "insert":
            pairs = op[1]
            assert isinstance(pairs, list)
            m.insert_many(np.array([k for k, _ in pairs], np.uint64), np.array([v for _, v in pairs], np.uint32))
            for k, v in pairs:
                ref.setdefault(k, []).append(v)
        elif kind == "merge":
            m.merge()
        elif kind == "drop_values":
            gone = op[1]
            assert isinstance(gone, list)
            m.drop_values(np.array(gone, np.uint32))
            ref = {k: [v for v in vs if v not in gone] for k, vs in ref.items()}
        elif kind == "drop_keys":
            gone = op[1]
            assert isinstance(gone, list)
            m.drop_keys(np.array(gone, np.uint64))
            ref = {k: vs for k, vs in ref.items() if k not in gone}
        else:
            keys = op[1]
            assert isinstance(keys, list)
            got = m.pop_first_many(np.array(keys, np.uint64)).tolist()
            assert got == [ref[k].pop(0) if ref.get(k) else -1 for k in keys]
        ref = {k: vs for k, vs in ref.items() if vs}
        _check(m, ref)
    again = MultiMap.from_arrays(m.to_arrays(), np.uint64, pending)
    _check(again, ref)


def test_runs_stay_few_and_geometric() -> None:
    """A table fed many small batches holds about log(n) runs, never one per batch."""
    m = MultiMap(np.uint32, 16)
    rng = np.random.default_rng(1)
    for batch in range(3000):
        m.add_many(rng.integers(0, 1000, 8, dtype=np.uint32), [batch] * 8)
    assert len(m) == 24_000
    assert m.runs() <= 8, m.runs()


def test_large_runs_are_searched_through_their_fences() -> None:
    """Runs of 65,536 entries or more are searched through their fences: the same answers for
    absent keys, keys with one value, and keys whose values span many blocks."""
    rng = np.random.default_rng(7)
    keys = np.concatenate([rng.integers(0, 50_000, 150_000), np.full(500, 777), np.full(130, 2**32 - 1)])
    keys = keys.astype(np.uint32)
    values = np.arange(len(keys), dtype=np.uint32)
    m = MultiMap(np.uint32)
    m.insert_many(keys[:100_000], values[:100_000])
    m.insert_many(keys[100_000:], values[100_000:])
    m.add(777, 5)
    assert m.runs() >= 1
    probe = np.array([777, 0, 49_999, 50_000, 2**32 - 1, 123, 777, *rng.integers(0, 60_000, 80)], np.uint32)
    ref: dict[int, list[int]] = {}
    for k, v in zip(keys.tolist(), values.tolist(), strict=True):
        ref.setdefault(k, []).append(v)
    ref[777].append(5)
    rows, vals, counts = m.hits(probe)
    expect = [(r, v) for r, k in enumerate(probe.tolist()) for v in ref.get(k, [])]
    assert list(zip(rows.tolist(), vals.tolist(), strict=True)) == expect
    assert counts.tolist() == [len(ref.get(k, [])) for k in probe.tolist()]
