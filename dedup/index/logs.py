"""The log stores, under their former name: see :mod:`dedup.index.storage`."""

from __future__ import annotations

from .storage import FORMAT_VERSION, LOG_ID, Log, SQLiteLog, is_redis, open_log

__all__ = ["FORMAT_VERSION", "LOG_ID", "Log", "SQLiteLog", "is_redis", "open_log"]
