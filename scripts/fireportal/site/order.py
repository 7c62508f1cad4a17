"""Orderings and date pieces shared by all listing pages.

Dates are strings `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or "" (model.Metadata);
comparing them as strings is chronological, and a year-only date sorts
before the dated documents of that year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Document

_YEAR = re.compile(r"^\d{4}$")


def year_of(doc: Document) -> str:
    """The four-digit year, or "" when the date is unknown or malformed."""
    year = doc.meta.date[:4]
    return year if _YEAR.match(year) else ""


def month_of(doc: Document) -> int:
    """1–12, or 0 when only the year (or nothing) is known."""
    month = doc.meta.date[5:7]
    return int(month) if month.isdigit() and 1 <= int(month) <= 12 else 0


def newest_first(docs: Iterable[Document]) -> list[Document]:
    """Newest first, ties by slug, undated documents last.

    Two stable sorts rather than one key, because a string date cannot be
    negated; `reverse=True` keeps the slug order of equal dates.
    """
    by_slug = sorted(docs, key=lambda d: d.slug)
    return sorted(by_slug, key=lambda d: d.meta.date if year_of(d) else "", reverse=True)


def chronological(docs: Iterable[Document]) -> list[Document]:
    """Oldest first, ties by slug, undated documents after all dated ones.

    This is the reading order of the previous/next links.
    """
    return sorted(docs, key=lambda d: (not year_of(d), d.meta.date if year_of(d) else "", d.slug))


def shown_date(doc: Document) -> str:
    return doc.meta.date if year_of(doc) else "日期不详"


def month_label(month: int) -> str:
    return f"{month}月" if month else "月份不详"
