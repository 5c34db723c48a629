"""Keep personal data out of the logs.

Every log record is rewritten when it is created: phone numbers, national
IDs, e-mail addresses and dates of birth are masked, and request lines lose
their query strings (searches and form-like GET parameters can carry names and
numbers). The filter works on the formatted message, so it also covers
third-party loggers (werkzeug, waitress, SQLAlchemy echo).
"""

from __future__ import annotations

import logging
import re

__all__ = ["PersonalDataFilter", "install", "redact"]

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Query strings in request lines and URLs: keep the path, drop the parameters.
    (re.compile(r"(/[^\s?\"']*)\?[^\s\"']*"), r"\1?[redacted]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # 9 to 12 digits, optionally grouped: national IDs and phone numbers (+84 / 0 prefixes).
    (re.compile(r"(?<![\w.])(?:\+?84|0)?(?:[\s.-]?\d){8,11}(?![\w])"), "[number]"),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b"), "[date]"),
    (re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b"), "[date]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Masks personal data in the final message; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = PersonalDataFilter()


def install() -> None:
    """Redact every log record at creation, whichever logger or handler (pytest's included) sees it.

    A record factory rather than handler filters: filters on a logger do not see
    records propagated from its children, and handlers come and go.
    """
    current = logging.getLogRecordFactory()
    if getattr(current, "_vieclam_redacting", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = current(*args, **kwargs)  # type: ignore[arg-type]
        _FILTER.filter(record)
        return record

    factory._vieclam_redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
