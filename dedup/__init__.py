"""dedup: clean scraped news articles, with exact provenance and an explanation per removal.

>>> import dedup
>>> dedup.clean("Putin meets Kerry\\nShare\\nPutin meets Kerry").text
'Putin meets Kerry'
"""

from ._version import __version__
from .cleaner import clean
from .config import Config
from .corpus import clean_corpus, iter_clean_corpus
from .errors import (
    ConfigError,
    DamagedRecordError,
    DedupError,
    HTMLDepthWarning,
    HTMLTooLargeError,
    IndexCorruptError,
    IndexOutOfStepError,
    IndexUnavailableError,
    InputFormatError,
    InvalidInputError,
    ReadOnlyIndexError,
)
from .index import Index
from .types import CleanResult, Document, OutsideWindow, Removal, RuleName, Segment

__all__ = [
    "CleanResult",
    "Config",
    "ConfigError",
    "DamagedRecordError",
    "DedupError",
    "Document",
    "HTMLDepthWarning",
    "HTMLTooLargeError",
    "Index",
    "IndexCorruptError",
    "IndexOutOfStepError",
    "IndexUnavailableError",
    "InputFormatError",
    "InvalidInputError",
    "OutsideWindow",
    "ReadOnlyIndexError",
    "Removal",
    "RuleName",
    "Segment",
    "__version__",
    "clean",
    "clean_corpus",
    "iter_clean_corpus",
]
