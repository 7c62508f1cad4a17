"""Source text is content, never code: the one place values become inert.

Every value that comes from a source file, a sidecar or front matter reaches
a page through one of these functions, chosen by where it lands:

- `markdown_text` / `markdown_lines` (`markdown_inline` mid-line): Markdown inline or block text that is
  also raw-HTML text and a quoted HTML attribute value.  Every character that
  Markdown, its extensions (attr_list, tables, admonition, md_in_html …), HTML
  or Jinja act on is written as a numeric character reference, which every
  engine shows as the character itself and none interprets.
- `scalar`: a front-matter string.  Themes print front matter unescaped, in
  text (`<title>`) and inside attributes (`<meta content="…">`), so the few
  characters that could break out of either are replaced by their full-width
  forms, which read the same.
- `printable`: what every value goes through first: no lone surrogates (they
  cannot be written as UTF-8 and took whole builds down) and no control
  characters.

There is no field-by-field treatment: a title, a department name and an
author are all handled by the same function for the same context.
"""

from __future__ import annotations

import re

# Lone surrogates, C0/C1 controls (tab and newline kept) and noncharacters.
_UNPRINTABLE_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_UNPRINTABLE = re.compile(f"[{_UNPRINTABLE_CHARS}]")
_SPACE_RUN = re.compile(r"\s+")

# Characters with a meaning anywhere in a line: Markdown and its extensions'
# inline syntax, HTML tags and entities, Jinja delimiters, attribute quotes.
_INLINE = "\\`*_[]{}|~^$<>\"'&"
_INLINE_RE = re.compile("[" + re.escape(_INLINE) + "]")
# At the start of a line any ASCII punctuation or space may open a block
# (heading, list, quote, rule, table, admonition `!!!`, details `???`, blocks
# `///`, definition `:`, indented code), and digits followed by `.` or `)` an
# ordered list; that character (or the mark after the digits) is written as a
# reference too.  Digits alone stay readable: 4月17日 is common at a line start.
_SYNTAX = re.compile(
    r"^(?P<opener>[ \t!-/:-@\[-`{-~])|^(?P<digits>\d+)(?P<mark>[.)])|[" + re.escape(_INLINE) + "]",
    re.M,
)

# The first alternative of _SYNTAX on its own, for a text of one line, where
# only its first character can open a block.
_OPENER = re.compile(r"[ \t!-/:-@\[-`{-~]|\d+[.)]")

_FULL_WIDTH = str.maketrans({"&": "＆", "<": "＜", ">": "＞", '"': "＂", "'": "＇"})
_HALF_WIDTH_SPECIAL = re.compile("[&<>\"']")  # what _FULL_WIDTH replaces

# Text that none of the functions below would change: nothing unprintable,
# no whitespace (for a str pattern, \s is exactly str.isspace(), what strip()
# removes), and for `scalar` none of the five.  Most field values are such
# text; one scan of it tells, where the plain way is three.
_UNCHANGED_LINE = re.compile(rf"[^{_UNPRINTABLE_CHARS}\s]*")
_UNCHANGED_SCALAR = re.compile(rf"[^{_UNPRINTABLE_CHARS}\s&<>\"']*")
# ... and for Markdown none of the inline syntax characters either (nor, in
# lines, a line break): then only a block opener at the start is escaped.
_UNCHANGED_INLINE = re.compile(rf"[^{_UNPRINTABLE_CHARS}\s{re.escape(_INLINE)}]*")
_UNCHANGED_LINES = re.compile(rf"[^{_UNPRINTABLE_CHARS}\n{re.escape(_INLINE)}]*")


def printable(text: object) -> str:
    return _UNPRINTABLE.sub("", str(text))


def one_line(text: object) -> str:
    """A field value as one line: any run of whitespace (newlines too) is one space."""
    if type(text) is str and _UNCHANGED_LINE.fullmatch(text):
        return text
    return _SPACE_RUN.sub(" ", printable(text)).strip()


def markdown_text(text: object) -> str:
    """One line of literal text for Markdown, HTML text or a quoted attribute."""
    if type(text) is str and _UNCHANGED_INLINE.fullmatch(text) and not _OPENER.match(text):
        return text
    return _escape(one_line(text))


def markdown_inline(text: object) -> str:
    """Like `markdown_text`, for text written after other text on its line
    (`**…**`), where no block can open: digits and dots stay as they are."""
    if type(text) is str and _UNCHANGED_INLINE.fullmatch(text):
        return text
    return _INLINE_RE.sub(_reference, one_line(text))


def markdown_lines(text: object) -> str:
    """Literal text that may span lines (each line stays a line)."""
    if type(text) is str and _UNCHANGED_LINES.fullmatch(text) and not _OPENER.match(text):
        return text
    return _escape(printable(text))


def _reference(match: re.Match[str]) -> str:
    if match.re is _SYNTAX and match["digits"]:
        return f"{match['digits']}&#{ord(match['mark'])};"
    return f"&#{ord(match.group())};"


def _escape(text: str) -> str:
    # Most text (a paragraph, a title) is one line that opens no block and
    # holds no syntax character: then nothing is escaped, and two quick
    # searches tell it where _SYNTAX would be tried at every character.
    if "\n" not in text and not _OPENER.match(text) and not _INLINE_RE.search(text):
        return text
    return _SYNTAX.sub(_reference, text)


def scalar(text: object) -> str:
    """A front-matter string safe wherever a theme prints it, text or attribute."""
    if type(text) is str and _UNCHANGED_SCALAR.fullmatch(text):
        return text
    line = one_line(text)
    # translate() looks every character up; most values hold none of the five.
    return line.translate(_FULL_WIDTH) if _HALF_WIDTH_SPECIAL.search(line) else line
