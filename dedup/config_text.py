"""A :class:`~dedup.config.Config` from text: ``NAME=VALUE`` settings and a TOML file.

Every field of ``Config`` can be set. A value is read by the field's type: a whole number, a
number, a comma-separated list for a tuple (``rules=repeat,template``; empty for none), and
``none`` for None where the field allows it (``memory_days=none``). A TOML file holds the
same names at its top level, with TOML's own types (``rules = ["repeat", "template"]``) or the
same strings (``memory_days = "none"``). Settings given later win over earlier ones, and
``NAME=VALUE`` settings over the file. Every mistake is a :class:`~dedup.errors.ConfigError`
naming the setting, the value and what is allowed.
"""

from __future__ import annotations

import difflib
import sys
import types
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any, Union, get_args, get_origin, get_type_hints

from .config import Config
from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["config_from", "parse_setting"]


def config_from(settings: Iterable[str] = (), toml_file: str | None = None) -> Config:
    """A Config from a TOML file (optional) and ``NAME=VALUE`` settings.

    >>> c = config_from(["memory_days=30", "syndication_window_days=2.5", "rules=repeat,template"])
    >>> c.memory_days, c.syndication_window_days, c.rules
    (30.0, 2.5, ('repeat', 'template'))
    >>> config_from(["memory_days=none", "syndication_window_days=none"]).memory_days is None
    True
    >>> config_from(["bands=lots"])
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: bands='lots' is not a whole number: use e.g. bands=8
    """
    values: dict[str, Any] = {}
    if toml_file is not None:
        values.update(_from_toml(toml_file))
    for setting in settings:
        name, value = parse_setting(setting)
        values[name] = value
    return Config(**values)


def parse_setting(setting: str) -> tuple[str, Any]:
    """``"NAME=VALUE"`` -> (name, value read by the field's type).

    >>> parse_setting("canonical_sources=apnews.com, reuters.com")
    ('canonical_sources', ('apnews.com', 'reuters.com'))
    """
    name, sep, text = setting.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ConfigError(f"{setting!r} is not a setting: write NAME=VALUE, e.g. memory_days=30")
    return name, _read(name, text.strip(), _hint(name))


_HINTS: dict[str, Any] = get_type_hints(Config)
_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Config)}


def _hint(name: str) -> Any:
    if name not in _HINTS:
        close = difflib.get_close_matches(name, list(_HINTS), n=1)
        maybe = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"{name!r} is not a setting{maybe}: the settings are {', '.join(_HINTS)}")
    return _HINTS[name]


def _read(name: str, text: str, hint: Any) -> Any:
    kind, optional = _unwrap(hint)
    example = f"use e.g. {name}={_show(_DEFAULTS[name])}"
    if text.lower() == "none":
        if optional:
            return None
        raise ConfigError(f"{name}=none is not allowed: {name} needs a value; {example}")
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{name}={text!r} is not a whole number: {example}") from None
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{name}={text!r} is not a number: {example}{', or none' if optional else ''}") from None
    if get_origin(kind) is tuple:
        return tuple(item.strip() for item in text.split(",") if item.strip())
    raise ConfigError(f"{name} cannot be set from text")  # pragma: no cover - every field has a type above


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """(the type, whether None is allowed) of ``T`` or ``T | None``."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(get_args(hint))
    return hint, False


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return str(value)


def _from_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            document = tomllib.load(fh)
    except OSError as err:
        raise ConfigError(f"cannot read the config file {path}: {err.strerror or err}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path} is not valid TOML ({err}): fix it, see https://toml.io") from err
    return {name: _toml_value(name, value, path) for name, value in document.items()}


def _toml_value(name: str, value: Any, path: str) -> Any:
    try:
        hint = _hint(name)
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from None
    if isinstance(value, str):  # "none", or a value written as text: read as on the command line
        return _read(name, value.strip(), hint)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, Mapping):
        raise ConfigError(f"{path}: {name} is a table: settings are plain values at the top of the file")
    return value
