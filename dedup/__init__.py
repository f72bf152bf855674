"""dedup: clean scraped news articles, with exact provenance and an explanation per removal.

>>> import dedup
>>> dedup.clean("Putin meets Kerry\\nShare\\nPutin meets Kerry").text
'Putin meets Kerry'
"""

from ._version import __version__
from .cleaner import clean
from .config import Config
from .corpus import clean_corpus, iter_clean_corpus
from .errors import ConfigError, DedupError, IndexCorruptError, InputFormatError, InvalidInputError
from .index import Index
from .types import CleanResult, Document, Removal, RuleName, Segment

__all__ = [
    "CleanResult",
    "Config",
    "ConfigError",
    "DedupError",
    "Document",
    "Index",
    "IndexCorruptError",
    "InputFormatError",
    "InvalidInputError",
    "Removal",
    "RuleName",
    "Segment",
    "__version__",
    "clean",
    "clean_corpus",
    "iter_clean_corpus",
]
