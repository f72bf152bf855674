"""Text on its way out: JSON that any text survives (lone surrogates as escapes), and names made
safe to print on a terminal.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, time
from decimal import Decimal

__all__ = ["json_bytes", "printable", "shown"]


def printable(text: str) -> str:
    r"""``text`` with every character a terminal would act on, or cannot print, escaped:
    control characters (escape codes, newlines, tabs), format characters (bidirectional
    overrides) and lone surrogates (an undecodable byte of a file name).

    >>> printable("news\x1b[31m.txt"), printable("caf\udce9.txt"), printable("naïve ok")
    ('news\\x1b[31m.txt', 'caf\\udce9.txt', 'naïve ok')
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def json_bytes(value: object) -> bytes:
    """``value`` as UTF-8 JSON text: lone surrogates as ``\\udXXX`` escapes, dates and times as ISO
    8601 strings, decimals as strings, bytes as base64; a ValueError when it cannot be written.

    >>> json_bytes({"id": "a\\udcff", "day": date(2018, 7, 16), "n": [1, 2.5]})
    b'{"id": "a\\\\udcff", "day": "2018-07-16", "n": [1, 2.5]}'
    """
    try:
        text = json.dumps(value, ensure_ascii=False, default=_jsonable)
    except RecursionError as err:
        raise ValueError("nested too deeply to write as JSON") from err
    except TypeError as err:
        raise ValueError(str(err)) from err
    return text.encode("utf-8", "backslashreplace")  # a surrogate becomes its JSON escape


def _jsonable(value: object) -> object:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


def shown(value: object) -> str:
    """A value as an error message quotes it: its repr, cut to 60 characters.

    >>> shown("x" * 100)[-3:], shown([1, 2])
    ('xx…', '[1, 2]')
    """
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
