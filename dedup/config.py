"""One frozen, validated configuration for every step of dedup."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import get_args

from .errors import ConfigError
from .types import RuleName

__all__ = ["Config"]

ALL_RULES: tuple[RuleName, ...] = get_args(RuleName)


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for cleaning. Every field has a default chosen from measurements.

    Invalid values raise :class:`~dedup.errors.ConfigError` naming the field, the value and
    the allowed range. ``None`` means "off" where a field allows it.

    >>> Config(repeat_threshold=0.9).repeat_threshold
    0.9
    >>> Config(repeat_threshold=2)
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: repeat_threshold=2 is out of range: use a number in (0, 1], or None to match exact repeats only
    """

    #: Rules that may remove lines; drop a name to switch that rule off.
    rules: tuple[RuleName, ...] = ALL_RULES
    #: Estimated Jaccard similarity (of word 3-shingles) from which a line is a near repeat of an
    #: earlier line of the same article. 0.7 tolerates one changed word in a 20-word paragraph.
    #: None: exact repeats (through the normal form) only.
    repeat_threshold: float | None = 0.7
    #: Lines whose normal form is shorter than this never count as repeats: short lines such as
    #: "Q:" or "Yes." legitimately recur inside one article (interviews, lists).
    repeat_min_chars: int = 12
    #: A later line that is a prefix of an earlier one (a truncated teaser) is a repeat when it
    #: has at least this many whole words (5 suffice when it ends with an ellipsis).
    truncated_min_words: int = 8
    #: Words per shingle for MinHash; lines with fewer words form one shingle.
    shingle_size: int = 3
    #: MinHash permutations (datasketch ``num_perm``).
    num_perm: int = 128
    #: MinHash seed (datasketch ``seed``); indexes built with another seed cannot be mixed.
    seed: int = 1
    #: LSH bands; ``num_perm`` must be a multiple. 16 bands of 8 rows catch pairs at
    #: Jaccard 0.8 with probability 0.95 and at 0.5 with probability 0.06.
    bands: int = 16

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "rules" and f.name != "repeat_threshold" and (
                isinstance(value, bool) or not isinstance(value, int)
            ):
                raise ConfigError(f"{f.name}={value!r} is not a whole number: use an int such as {f.default!r}")
        if not isinstance(self.rules, tuple) or any(r not in ALL_RULES for r in self.rules):
            raise ConfigError(
                f"rules={self.rules!r} is not a tuple of rule names: use a tuple drawn from {ALL_RULES}"
            )
        t = self.repeat_threshold
        if t is not None and (isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 < t <= 1):
            raise ConfigError(
                f"repeat_threshold={t!r} is out of range: use a number in (0, 1], "
                "or None to match exact repeats only"
            )
        _check_range("repeat_min_chars", self.repeat_min_chars, 1, 10_000)
        _check_range("truncated_min_words", self.truncated_min_words, 2, 10_000)
        _check_range("shingle_size", self.shingle_size, 1, 16)
        _check_range("num_perm", self.num_perm, 8, 1024)
        _check_range("seed", self.seed, 0, 2**32 - 1)
        _check_range("bands", self.bands, 1, self.num_perm)
        if self.num_perm % self.bands:
            raise ConfigError(
                f"bands={self.bands} does not divide num_perm={self.num_perm}: "
                "use bands that divide num_perm (e.g. 16 for 128)"
            )

    @property
    def rows(self) -> int:
        """MinHash values per LSH band."""
        return self.num_perm // self.bands


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ConfigError(f"{name}={value!r} is out of range: use a whole number from {low} to {high}")
