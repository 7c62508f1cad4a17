"""Unique URL codes for units and campaigns.

Codes come from the taxonomy: written by staff (`known`) or derived from the
pinyin of the name.  Derived codes can collide (two districts called 通州区,
two long campaign names sharing their first 40 pinyin letters); a collision
must neither merge two units' pages nor stop the build.
"""

from __future__ import annotations

import hashlib


def assign_codes(
    entries: dict[str, tuple[str, bool]], *, reserved: tuple[str, ...] = ()
) -> dict[str, str]:
    """name -> unique code, from name -> (code, known).

    Staff-written codes are kept as written.  Derived codes that collide
    (with each other, a written code or a reserved one) all get a suffix from
    a hash of the name, so the result does not depend on input order and a
    name always maps to the same code for a given set of names.  Writing the
    unit or campaign into taxonomy.yml with its own code pins its URL.
    """
    by_code: dict[str, list[str]] = {}
    for name, (code, _known) in entries.items():
        by_code.setdefault(code, []).append(name)
    out: dict[str, str] = {}
    for code, names in by_code.items():
        known = sorted(n for n in names if entries[n][1])
        if len(known) > 1 or (known and code in reserved):
            raise ValueError(
                f"网址代码 {code!r} 被多处使用：{'、'.join(known)}\n"
                f"请在 taxonomy.yml 中为它们写明互不相同的 code。"
            )
        for name in names:
            clash = len(names) > 1 or code in reserved
            if entries[name][1] or not clash:
                out[name] = code
            else:
                # `h` first: a suffix of digits alone would read as a listing's page number.
                out[name] = f"{code}-h{hashlib.sha1(name.encode()).hexdigest()[:6]}"
    return out
