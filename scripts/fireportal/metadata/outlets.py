"""outlet: where a copied page says the text comes from (来源：某某日报).

Only a web page's own metadata line says so; a document a unit writes has
no outlet, and the field stays empty.  The unit a news item is about is
`unit`, never the outlet (a newspaper is not an issuer).
"""

from __future__ import annotations

import re

from ..model import Value
from .context import CJK, Context, web_hints

# What follows the name on the same line: a wide gap, a control (【打印),
# a cell border, a count (文萃谷 3.16W).
_AFTER_NAME = re.compile(r"\s{2,}|[|｜【\[]|\s+\d")


def rule_outlet(ctx: Context, found: dict | None = None) -> Value:
    outlet = _AFTER_NAME.split(web_hints(ctx.furniture).outlet, maxsplit=1)[0].strip()
    if not CJK.search(outlet):
        outlet = ""  # an id such as sp20241114 names nobody a reader knows
    return Value(value=outlet, origin="text", note="网页的来源" if outlet else "")
