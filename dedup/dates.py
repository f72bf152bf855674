"""Publication dates: the one place where they are parsed, made UTC and ordered.

An article's ``published`` is kept as the ISO 8601 string it was given (records and reports show
it as given); comparisons use its UTC instant. A date without a time zone is taken to be UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from .encoding import shown
from .errors import InputFormatError

__all__ = ["as_utc", "learning_key", "micros", "parse_published", "utc_stamp"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_published(value: object) -> datetime | None:
    """An ISO 8601 date or datetime (or a datetime or date) -> datetime; None stays None.

    A date must stay within the years 1-9999 once converted to UTC.

    >>> parse_published("2018-07-16T10:02:00Z")
    datetime.datetime(2018, 7, 16, 10, 2, tzinfo=datetime.timezone.utc)
    >>> parse_published("9999-12-31T23:00:00-23:59")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.errors.InputFormatError: <input>: 'published' is '9999-12-31T23:00:00-23:59', which is outside ...
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        t = value
    elif isinstance(value, date):
        t = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            t = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as err:
            raise InputFormatError(
                f"'published' is {shown(value)}: use an ISO 8601 date such as 2018-07-16T10:02:00Z"
            ) from err
    else:
        raise InputFormatError(f"'published' is a {type(value).__name__}: use an ISO 8601 string")
    if t.tzinfo is not None:
        try:
            t.astimezone(timezone.utc)
        except OverflowError as err:
            raise InputFormatError(
                f"'published' is {shown(value)}, which is outside the years 1-9999 in UTC: use a real date"
            ) from err
    return t


def as_utc(iso: str) -> datetime:
    """An ISO timestamp as an aware UTC datetime (a naive one is taken to be UTC already).

    >>> as_utc("2018-07-16T12:00:00+02:00").isoformat()
    '2018-07-16T10:00:00+00:00'
    """
    return _utc(datetime.fromisoformat(iso))


def utc_stamp(iso: str) -> float:
    """An ISO timestamp as seconds since the epoch (UTC)."""
    return as_utc(iso).timestamp()


def micros(iso: str) -> int:
    """An ISO time as whole microseconds since the epoch (naive: UTC), exactly.

    >>> micros("1970-01-01T00:00:01.5"), micros("1970-01-01T01:00:00+01:00")
    (1500000, 0)
    """
    return (as_utc(iso) - _EPOCH) // timedelta(microseconds=1)


def learning_key(published: str | None, doc_id: str) -> tuple[float, str]:
    """The order in which a batch is learned: oldest first (undated articles before all), then by id.

    Learning is incremental: an article is checked for copies against the line clusters known
    when it arrives, and a cluster that a later article bridges does not reopen those checks.
    A batch learned in this fixed order gives the same results whatever order it came in.

    >>> sorted([learning_key("2018-07-16", "b"), learning_key(None, "z"), learning_key("2018-07-16", "a")])
    [(-inf, 'z'), (1531699200.0, 'a'), (1531699200.0, 'b')]
    """
    return (float("-inf") if published is None else utc_stamp(published)), doc_id


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)
