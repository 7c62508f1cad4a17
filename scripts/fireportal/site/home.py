"""首页: what the portal is, where to start, and the latest documents."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from ..model import Document
from . import markup
from .feed import FEED, FEED_SIZE
from .listing import doc_table
from .order import newest_first, year_of
from .paths import CAMPAIGNS_INDEX, HOME, UNITS_INDEX, YEARS_INDEX
from .sitemap import SITEMAP
from .tree import UnitTree

LATEST = 20  # fixed, so the home page does not grow with the corpus

# The offline copy (`fireportal zip`) is made after the site is built, so a
# build cannot see whether it will exist.  The publish workflows say so: they
# set FIREPORTAL_OFFLINE_ZIP=offline.zip for `mkdocs build` and then write
# site/offline.zip.  A local build (or `mkdocs serve`) has no zip, and its home
# page says how to get one instead of linking to a file that would 404.
OFFLINE_ZIP_ENV = "FIREPORTAL_OFFLINE_ZIP"
# A relative path we are willing to put in an href: no scheme, no `..`, no markup.
_ZIP_PATH = re.compile(r"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]*\.zip$")


def offline_zip_href() -> str:
    """The site-relative path of the offline zip the deployment provides, or ''."""
    value = os.environ.get(OFFLINE_ZIP_ENV, "").strip()
    return value if _ZIP_PATH.match(value) else ""


def offline_section(href: str) -> str:
    """How to read the portal without a network; a download link only when the zip exists."""
    if href:
        # Raw HTML, like the feed link: mkdocs checks Markdown links against
        # the pages it builds, and the zip is added after the build.
        return (
            f'<a href="{href}" download>下载离线版（zip）</a>：解压后双击 index.html 即可浏览全部文件，'
            "搜索也能用，不需要联网。"
        )
    return (
        "发布的网站在首页提供离线版（zip）下载：解压后双击 index.html 即可浏览全部文件，搜索也能用。"
        "本地构建没有这个文件；需要时在构建后运行 `fireportal zip` 生成 site/offline.zip。"
    )


def home_page(
    documents: Sequence[Document], tree: UnitTree, campaigns: int, *, site_name: str,
    offline_zip: str | None = None,
) -> str:
    """`offline_zip`: the zip's site-relative path, '' for none; None reads
    the deployment's FIREPORTAL_OFFLINE_ZIP."""
    years = sorted({year_of(d) for d in documents if year_of(d)})
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
    units = sum(1 for e in tree.units.values() if e.documents)
    body = [
        (
            "本站公开消防救援队伍的工作简报、会议报道、通知、工作总结、工作计划和新闻稿件，"
            "原文由各单位提供，转换时不改动文字，每篇均可下载原文核对。"
        ),
        f"目前收录 **{len(documents)}** 篇文件"
        + (f"（{span}）" if span else "")
        + f"，来自 **{units}** 个单位，涉及 **{campaigns}** 个专项行动。",
        "## 浏览方式",
        (
            f"- [按年份]({YEARS_INDEX})：每年一页，按月份排列。\n"
            f"- [按单位]({UNITS_INDEX})：局、总队、支队、大队、站逐级展开，数字含下级单位。\n"
            f"- [按专项行动]({CAMPAIGNS_INDEX})：同一专项行动中各单位的文件汇集在一起，按时间排列。"
        ),
        "## 搜索",
        (
            "在页面顶部的搜索框（快捷键 /）输入关键词，例如“电动自行车”“办公会”“生命通道”，"
            "可以检索全部文件的标题、单位和正文；任意两个字以上的片段都能查到（一个字只查标题），"
            "结果可按年份、单位（含下级单位）和类型筛选，离线打开本站时也能搜索。"
        ),
        "## 最新文件",
    ]
    latest = newest_first(documents)[:LATEST]
    body.append(doc_table(latest, HOME, tree) if latest else "暂无文件。")
    if len(documents) > LATEST:
        body.append(f"更多文件请[按年份浏览]({YEARS_INDEX})。")
    body.append(
        f'<a href="{FEED}" type="application/atom+xml">订阅更新（Atom）</a>：用阅读器订阅最新 {FEED_SIZE} 篇文件。'
        f"全部栏目见[网站地图]({SITEMAP})。"
    )
    body += ["## 离线浏览", offline_section(offline_zip_href() if offline_zip is None else offline_zip)]
    # The home page has no long outline worth a sidebar of its own.
    return markup.page(site_name, "\n\n".join(body), home=True, hide=["toc"])
