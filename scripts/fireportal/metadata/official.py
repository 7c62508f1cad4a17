"""The fields only official documents carry: the 文号 (doc_number) and the
departments their responsibility notes name."""

from __future__ import annotations

from ..model import Value
from ..structure import BRACKETED_NUMBER, DOC_NUMBER
from .context import Context, web_hints


def rule_doc_number(ctx: Context, found: dict | None = None) -> Value:
    """The 文号 under the 红头 (辽消〔2023〕8号) or in brackets under the title
    (（厦府办〔2006〕254号）), or the one a web page lists (发文字号)."""
    issue = ctx.head.issue.strip()
    match = (DOC_NUMBER.fullmatch(issue) or BRACKETED_NUMBER.match(issue)) if issue else None
    if match:
        return Value(value=match["number"].replace(" ", ""), origin="text", note="文号行")
    number = web_hints(ctx.furniture).doc_number
    if number:
        return Value(value=number, origin="text", note="网页的发文字号")
    return Value(value="", origin="text")


def rule_departments(ctx: Context, found: dict | None = None) -> Value:
    names = tuple(dict.fromkeys(d for b in ctx.blocks for d in b.departments))
    return Value(value=names, origin="text", note="责任处室/单位注释" if names else "")
