"""The input side of the Spark job: the four input columns, checked, and each row as the
``(text, id, source, published)`` that :func:`dedup.prepare.prepare` takes, checked as
``clean_corpus`` checks a dict; errors an executor reports, raised again on the driver."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..documents import as_document
from ..errors import ConfigError, DedupError, HTMLTooLargeError, IndexCorruptError, InputFormatError, InvalidInputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["ERRORS", "WHERE", "document", "error_message", "pyspark", "raise_reported", "select_columns"]

WHERE = "clean_dataframe()"
#: The errors an executor reports by name, raised again on the driver (those built from a message alone).
ERRORS: dict[str, type[DedupError]] = {
    cls.__name__: cls
    for cls in (DedupError, InvalidInputError, ConfigError, InputFormatError, HTMLTooLargeError, IndexCorruptError)
}


def pyspark() -> Any:
    """The pyspark package, or a ConfigError saying how to install it."""
    try:
        import pyspark
    except ImportError as err:
        raise ConfigError(
            "dedup.spark needs Apache Spark's Python package: pip install 'newsdedup[spark]' (and Java 17+)"
        ) from err
    return pyspark


def select_columns(
    df: DataFrame, text_col: str, id_col: str | None, source_col: str | None, published_col: str | None
) -> DataFrame:
    """The four input columns, as (text, id, source, published) with published as a string."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    fields = {f.name: f.dataType for f in df.schema.fields}

    def column(name: str | None, role: str, allowed: tuple[type, ...]) -> Any:
        if name is None:
            return F.lit(None).cast("string")
        if name not in fields:
            hint = "" if role == "text" else f", or pass {role}_col=None to go without"
            raise ConfigError(
                f"the DataFrame has no column {name!r} for the article {role} (columns: {', '.join(fields)}): "
                f"name the right one with {role}_col=...{hint}"
            )
        kind = fields[name]
        if not isinstance(kind, allowed):
            raise InvalidInputError(
                f"column {name!r} holds {kind.simpleString()}; the article {role} must be "
                + " or ".join(sorted({a.__name__.removesuffix("Type").lower() for a in allowed}))
            )
        if isinstance(kind, (T.TimestampType, T.TimestampNTZType)):
            # An ISO 8601 string with its offset (session time zone): the same instant.
            pattern = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS" + ("XXX" if isinstance(kind, T.TimestampType) else "")
            return F.date_format(F.col(name), pattern)
        return F.col(name).cast("string")

    scalar = (T.StringType, T.IntegerType, T.LongType, T.ShortType, T.ByteType)
    return df.select(
        column(text_col, "text", (T.StringType,)).alias("text"),
        column(id_col, "id", scalar).alias("id"),
        column(source_col, "source", (T.StringType,)).alias("source"),
        column(published_col, "published", (T.StringType, T.TimestampType, T.TimestampNTZType, T.DateType)).alias(
            "published"
        ),
    )


def document(row: Iterable[Any]) -> tuple[str, str | None, str | None, Any]:
    """(text, id, source, published) checked and parsed as ``clean_corpus`` does with a dict."""
    text, doc_id, source, published = row
    doc = as_document({"text": text, "id": doc_id, "source": source, "published": published})
    return doc.text, doc.id, doc.source, doc.published


def error_message(partition: int, k: int, doc_id: Any, err: DedupError) -> str:
    """An executor's report of a bad row: the error's class name, a tab, the message naming the row."""
    message = str(err).replace("<input>: ", "")
    return f"{type(err).__name__}\t row {k} of partition {partition} (id {doc_id!r}): {message}".replace("\t ", "\t")


def raise_reported(report: str) -> None:
    """Raise on the driver the error an executor reported (:func:`error_message`)."""
    kind, _, message = report.partition("\t")
    raise ERRORS.get(kind, DedupError)(message)
