"""A hostile sources folder, made by code: every attack class of the hardening
issue, in more variants than its examples, beside the real sample sources.

`write_hostile_project(dest)` lays out a buildable project (mkdocs.yml, theme,
docs, taxonomy, the repo's sources) and adds the attacks.  Payloads that run
set `window.__pwned`; text that must never be published contains `SECRET`.
The tests (tests/test_hardening.py and tests/e2e/test_hostile_site.py) check
that nothing is live, nothing secret is published, and every good document is.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PWN = "window.__pwned=1"

# Fragments a hostile source can be built from: Markdown, attr_list, HTML,
# entities, Jinja, URL schemes.  The hypothesis property combines them freely.
FRAGMENTS = (
    "*办公室*{: tabindex=1 autofocus onfocus=" + PWN + " }",
    "{: onmouseover=" + PWN + " }",
    "{: onclick='" + PWN + "' }",
    '" onmouseover="' + PWN,
    "' onfocus='" + PWN,
    '0;url=//evil.example" http-equiv="refresh',
    "<script>" + PWN + "</script>",
    "<img src=x onerror=" + PWN + ">",
    "<svg onload=" + PWN + ">",
    "[点我](javascript:" + PWN + ")",
    "[点我][1]\n\n[1]: javascript:" + PWN,
    "[x](&#106;avascript:" + PWN + ")",
    "[x](java&#9;script:" + PWN + ")",
    "[x](javascript&colon;" + PWN + ")",
    "[x](\x01javascript:" + PWN + ")",
    "<javascript:" + PWN + ">",
    "![外图](https://evil.example/t.png)",
    "![外图](//evil.example/t.png)",
    "![x](data:image/svg+xml,<svg onload=" + PWN + ">)",
    "!!! danger \"本站已迁移\"",
    "[TOC]",
    "{{ config.site_name }}{% raw %}",
    "&lt;b&gt;&#60;i&#62;",
    "\n# 标题\n",
    "\n- 列表\n",
    "\n| a | b |\n|---|---|\n",
    "\n<div markdown>**x**</div>\n",
    "\ud800",
    "\x00\x1b[31m",
    "\u202e",
    "**",
    "一、",
    "（责任单位：",
    "）",
    "。",
)

HOSTILE_TXT = f"""\
消防救援工作简报
第9期
盘锦市消防救援支队　　2024年3月1日
关于开展检查工作的通报<img src=x onerror={PWN}>
一、开展检查工作。（责任单位：*办公室*{{: tabindex=1 autofocus onfocus={PWN} }}）
二、落实整改措施。（责任单位：*防火科*{{: onmouseover={PWN} }}、<b onclick={PWN}>政治处</b>）
三、做好宣传工作{{: onclick="{PWN}" }}。
!!! danger "本站已迁移"
    请访问 http://evil.example
[TOC]
??? note "x"
/// admonition
1. 列表
> 引用 [点我](javascript:{PWN})
    缩进代码
作者：0;url=//evil.example" http-equiv="refresh
"""

HOSTILE_MD = f"""\
---
title: '"><script>{PWN}</script>'
author: 0;url=//evil.example" http-equiv="refresh
subtitle: "第一行\\n\\n第二行 <b onclick={PWN}>x</b>"
date: 2024-03-02
unit: 盘锦市消防救援支队
doc_type: 通知
---

[TOC]

[引用式][1] [控制字符](\x01javascript:{PWN}) [实体](&#106;avascript:{PWN})
[制表符](java&#9;script:{PWN}) [冒号](javascript&colon;{PWN}) [大小写](JaVaScRiPt:{PWN})
[空格]( javascript:{PWN}) [vb](vbscript:{PWN}) [data](data:text/html,<script>{PWN}</script>)
<javascript:{PWN}> <a href="javascript:{PWN}">原始链接</a> <img src=x onerror={PWN}>
[正常链接](https://www.119.gov.cn/) [邮件](mailto:office@example.org)

![外部图片](https://evil.example/track.png) ![协议相对](//evil.example/t.png)
![数据](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

*强调*{{: onclick="{PWN}" }} **x**{{: autofocus onfocus={PWN} tabindex=1 }}

!!! danger "本站已迁移"

[1]: javascript:{PWN}
"""


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_hidden_run(data: bytes, visible: str, hidden: str) -> bytes:
    """A .docx whose last paragraph holds a run hidden with w:vanish."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = content.decode("utf-8")
                para = (
                    f"<w:p><w:r><w:t>{visible}</w:t></w:r>"
                    f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>{hidden}</w:t></w:r></w:p>"
                )
                xml = xml.replace("<w:sectPr", para + "<w:sectPr", 1)
                content = xml.encode("utf-8")
            dst.writestr(item, content)
    return out.getvalue()


def docx_bomb(path: Path, inflated_mb: int = 1100) -> None:
    """A .docx whose document.xml inflates to `inflated_mb` MB (a few MB on disk)."""
    good = zipfile.ZipFile(io.BytesIO(_docx(["正文。"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in good.infolist():
            if item.filename == "word/document.xml":
                continue
            dst.writestr(item, good.read(item.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            block = b"A" * (1024 * 1024)
            for _ in range(inflated_mb):
                handle.write(block)
            handle.write(b"</w:t></w:r></w:p></w:body></w:document>")


GOOD_TITLES = ("盘锦", "曲靖", "经济区")  # words the real sample pages show


def write_hostile_sources(sources: Path, *, heavy: bool = True) -> None:
    """The attacks, under `sources/2024/` and friends.  `heavy` adds the
    resource attacks (a decompression bomb, 100,000 outline lines)."""
    year = sources / "2024"
    year.mkdir(parents=True, exist_ok=True)
    (year / "hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (year / "curated.md").write_text(HOSTILE_MD, encoding="utf-8")
    # Sidecars that once took the whole build down, each next to a fine text.
    body = "3月5日，盘锦市消防救援支队召开安全会议。\n会议强调，要做好防火工作。\n"
    sidecars = {
        "deep": "title: " + "[" * 600 + "\n",
        "digits": "title: " + "9" * 5000 + "\ndate: " + "1" * 5000 + "\n",
        "surrogate": 'title: "标题\\ud800结尾"\n',
        "multiline": "subtitle: |\n  第一行\n\n  <b>第二行</b>\n  !!! danger \"x\"\n",
        "quotes": f"author: '0;url=//evil.example\" http-equiv=\"refresh'\ntitle: 'a\" onmouseover=\"{PWN}'\n",
        "anchors": "a: &x [1, 2]\nb: [*x, *x, *x]\n",
    }
    for name, text in sidecars.items():
        (year / f"sidecar-{name}.txt").write_text(body.replace("安全", name), encoding="utf-8")
        (year / f"sidecar-{name}.meta.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    # Three long Chinese names that share their first 80 slug characters.
    stem = "关于进一步加强和改进全市消防救援队伍执勤训练与灭火救援准备工作的实施意见第"
    for tail in ("一稿", "二稿", "三稿"):
        (year / f"{stem}{tail}.txt").write_text(body.replace("安全", tail), encoding="utf-8")
    # The same stem in two formats must not take each other's URL.
    (year / "通知.txt").write_text("关于开展检查的通知\n各大队：\n请做好检查。\n", encoding="utf-8")
    (year / "通知.docx").write_bytes(_docx(["关于开展检查的通知", "各大队：", "请做好检查工作。"]))
    # Hidden Word text is never published.
    (year / "hidden.docx").write_bytes(
        _with_hidden_run(_docx(["盘锦支队开展消防检查", "3月8日，盘锦支队开展检查。"]),
                         "公开的一段。", "SECRET-HIDDEN-TEXT")
    )
    # Files outside the repo, reached by symlinks (git keeps symlinks).
    links = sources / "links"
    links.mkdir(exist_ok=True)
    for name, target in (("passwd.txt", "/etc/passwd"), ("environ.txt", "/proc/self/environ"),
                         ("etc", "/etc"), ("dangling.txt", "/nonexistent/secret")):
        os.symlink(target, links / name)
    (links / "fine.txt").write_text(body.replace("安全", "链接"), encoding="utf-8")
    os.symlink("/etc/hostname", links / "fine.meta.yml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(links / "pipe.txt")
    if heavy:
        docx_bomb(year / "bomb.docx")
        lines = "".join(f"一、第{i}项工作\n" for i in range(100_000))
        (year / "many-parts.txt").write_text(lines, encoding="utf-8")


def write_hostile_project(dest: Path, *, heavy: bool = True) -> Path:
    """A whole project: the repo's configuration and sample sources plus the attacks."""
    for name in ("mkdocs.yml", "overrides", "docs", "taxonomy.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / name)
    shutil.copytree(REPO / "sources", dest / "sources")
    write_hostile_sources(dest / "sources", heavy=heavy)
    return dest
