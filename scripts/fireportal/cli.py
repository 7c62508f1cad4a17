"""The `fireportal` command: the only place (with the mkdocs plugin) that touches files."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

from . import __version__
from .adding import page_summary, safe_name, sidecar_text, year_of
from .checking import check_files, check_tree, problem_line
from .clean import CLEANUPS
from .model import FIELDS, Document
from .offline_zip import OFFLINE_ZIP, ZipError, write_zip
from .pipeline import (
    IngestResult,
    ingest_file,
    ingest_tree,
    make_slug,
    page_images,
    read_one,
    read_regular_file,
    relative_path,
    source_files,
)
from .read import DEFAULT_MAX_BYTES
from .render import promoted_markdown, render_all
from .sidecar import sidecar_path
from .history import file_history
from .ingest_cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from .site import build_pages, extra_files, lifecycle_problems, listed, originals, with_history
from .structure import run_in_heading
from .taxonomy import TaxonomyError, load_taxonomy

EXAMPLES_INGEST = """\
例子：
  fireportal ingest sources --out build/pages
  fireportal ingest sources --out build/pages --strict --report build/report.json

每个源文件生成一篇或几篇 Markdown（文件里有几篇文档就拆成几篇），文件名是稳定的
ASCII 路径。坏文件只报告，不影响其他文件。--strict 时有任何警告或错误都以 1 退出，供 CI 使用。
"""

EXAMPLES_PAGES = """\
例子：
  fireportal pages sources --out build/docs
  cp -r docs/* build/docs/    # 再加上手写页面，即得完整的 docs_dir
"""

EXAMPLES_PROMOTE = """\
例子：
  fireportal promote sources/2024/003_a0327b19cb06463e.txt
  # 然后编辑 sources/2024/003_a0327b19cb06463e.md，提交即可
"""

EXAMPLES_INSPECT = """\
例子：
  fireportal inspect sources/2024/003_a0327b19cb06463e.txt
  fireportal inspect sources/2020/002_6b45c9dfb0b252fa.txt --json

显示流水线对一个文件的理解：每个元数据字段及其来源（text 正文 / path 路径 /
taxonomy 分类表 / sidecar 旁注文件 / front-matter / shape 按名称形态识别）、
触发了哪些清理、提纲、警告。
"""

EXAMPLES_CHECK = """\
例子：
  fireportal check                       # 检查 sources 文件夹里的全部文件
  fireportal check sources --strict      # CI 用：有警告也算不通过
  fireportal check sources/2024/x.txt sources/2024/x.meta.yml   # 只查这几个文件

不生成网站，只检查每个源文件和旁注文件（.meta.yml）：每个问题一行，写明文件、问题和改法。
会报告：转换错误、猜出来的字段、旁注文件里写错的字段（一次列出全部）、分类表里没有的单位
或专项行动（附上最接近的写法）、和已发布文件内容重复、两个文件用了同一个网址、找不到文档的
旁注文件。查整个文件夹时才能发现重复和网址冲突。
有错误时以 1 退出；加 --strict 时有警告也以 1 退出。
"""

EXAMPLES_ADD = """\
例子：
  fireportal add ~/下载/盘锦简报第2期.docx
  fireportal add 会议纪要.txt --year 2024

把文件复制到 sources/年份/ 下（年份取自识别出的日期，或 --year），文件名里不安全的字符换成 _；
旁边写一个 NAME.meta.yml，把识别出的标题、日期、单位等写成注释供核对；再显示将生成的页面
（标题、日期、单位、专项行动、网址）。已有同名文件时不会覆盖，而是停下并说明。
"""

EXAMPLES_ZIP = """\
例子：
  mkdocs build --strict && fireportal zip
  fireportal zip --site site --out 消防门户离线版.zip

把构建好的网站打包成一个 zip（默认 site/offline.zip，发布后即首页“下载离线版”的链接）。
解压后双击 index.html 即可离线浏览和搜索。同样的网站每次打出的 zip 完全相同。
"""


# argparse writes its own words in English (usage:, positional arguments,
# options, -h's help, error messages); staff read Chinese.  The parser below
# says them in Chinese: the usage prefix through the formatter, group titles
# and -h/--version help when the parser is made, and error messages by
# pattern, so the rest of argparse stays as it is.
_ERRORS = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (\S+): invalid choice: (\S+) \(choose from (.*)\)$"),
     r"参数 \1：没有 \2 这个选项（可选：\3）"),
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.*)$"),
     lambda m: f"参数 {m[1]}：{m[3]} 不是有效的值（应为{_TYPES.get(m[2], m[2])}）"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"参数 \1 后面需要一个值"),
    (re.compile(r"^argument (\S+): (.*)$"), r"参数 \1：\2"),
)


_HEADING = re.compile(r"^((?:位置参数|选项|子命令)):$", re.M)
_TYPES = {"int": "整数", "float": "数字", "Path": "路径"}


def _chinese_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps descriptions and examples as written; `用法：` instead of `usage:`."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)

    def format_help(self) -> str:
        # argparse ends every group title with an ASCII colon.
        return _HEADING.sub(r"\1：", super().format_help())


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese (subcommands inherit it)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示本帮助并退出"

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        if isinstance(action, argparse._VersionAction) and "help" not in kwargs:
            action.help = "显示版本号并退出"
        return action

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{_chinese_error(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="fireportal",
        description=(
            "把消防救援工作简报、会议、通知、总结等原始文档（.txt/.docx/.pdf/.html/.md）转换为带元数据的 "
            "Markdown 页面，供 mkdocs 门户网站使用。"
        ),
        epilog="用 `fireportal 子命令 --help` 查看每个子命令的说明和例子。",
    )
    parser.add_argument("--version", action="version", version=f"fireportal {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, title="子命令",
    )

    ingest = commands.add_parser(
        "ingest",
        help="转换一个文件夹里的全部源文件",
        description="转换 SOURCES 下的全部源文件，每篇文档写成一个 Markdown 文件。",
        epilog=EXAMPLES_INGEST,
        formatter_class=ChineseHelpFormatter,
    )
    ingest.add_argument("sources", type=Path, metavar="SOURCES", help="源文件夹，例如 sources")
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出文件夹（不存在会新建）")
    ingest.add_argument("--strict", action="store_true", help="有警告或错误时以 1 退出（CI 用）")
    ingest.add_argument("--report", type=Path, metavar="FILE.json", help="另写一份 JSON 报告：文档、警告、新单位")
    _common(ingest)
    _speed(ingest)

    pages = commands.add_parser(
        "pages",
        help="写出整个门户的 Markdown 页面",
        description=(
            "写出门户的全部页面（首页、按年份、按单位、按专项行动、文档页）和原文副本，"
            "都是带 YAML 元数据的普通 Markdown，可交给读取 mkdocs.yml 的其他引擎构建。"
            "mkdocs build 不需要这一步：插件在构建时生成同样的页面。"
        ),
        epilog=EXAMPLES_PAGES,
        formatter_class=ChineseHelpFormatter,
    )
    pages.add_argument("sources", type=Path, metavar="SOURCES", help="源文件夹，例如 sources")
    pages.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出文件夹（相当于 docs_dir）")
    pages.add_argument("--per-page", type=int, default=50, metavar="N", help="列表页每页篇数（默认 %(default)s）")
    pages.add_argument("--strict", action="store_true", help="有警告或错误时以 1 退出（CI 用）")
    _common(pages)
    _speed(pages)

    promote = commands.add_parser(
        "promote",
        help="把转换结果存为可手工修改的 .md",
        description=(
            "把一个源文件的转换结果写成旁边的 NAME.md（带元数据），以后直接修改这个 .md；"
            "原来的 NAME.txt/.docx 保留不动，作为页面上的“下载原文”，页面地址也不变。"
        ),
        epilog=EXAMPLES_PROMOTE,
        formatter_class=ChineseHelpFormatter,
    )
    promote.add_argument("file", type=Path, metavar="FILE", help="一个源文件，例如 sources/2022/000_….txt")
    promote.add_argument("--force", action="store_true", help="NAME.md 已存在时覆盖它")
    _common(promote)

    inspect = commands.add_parser(
        "inspect",
        help="查看流水线如何理解一个文件",
        description="查看一个源文件：元数据及来源、触发的清理、提纲和警告。",
        epilog=EXAMPLES_INSPECT,
        formatter_class=ChineseHelpFormatter,
    )
    inspect.add_argument("file", type=Path, metavar="FILE", help="一个源文件，例如 sources/2022/000_….txt")
    inspect.add_argument("--json", action="store_true", help="输出一个 JSON 对象（文件拆成多篇时为列表）")
    _common(inspect)

    check = commands.add_parser(
        "check",
        help="发布前检查源文件和旁注文件（不生成网站）",
        description="检查源文件和旁注文件，不生成网站：每个问题一行，写明文件、问题和改法。",
        epilog=EXAMPLES_CHECK,
        formatter_class=ChineseHelpFormatter,
    )
    check.add_argument("sources", type=Path, nargs="*", metavar="SOURCES",
                       help="源文件夹或单个文件（可以写几个；默认 sources）")
    check.add_argument("--strict", action="store_true", help="有警告时也以 1 退出（CI 用）")
    _common(check)
    _speed(check)

    add = commands.add_parser(
        "add",
        help="把一个新文件放进 sources/ 并写好待核对的旁注",
        description=(
            "把一个文档复制到 sources/年份/ 下，写一个待核对的旁注文件（.meta.yml），"
            "并显示将生成的页面。不会覆盖已有文件。"
        ),
        epilog=EXAMPLES_ADD,
        formatter_class=ChineseHelpFormatter,
    )
    add.add_argument("file", type=Path, metavar="FILE", help="要发布的文档（.txt/.docx/.pdf/.html/.md）")
    add.add_argument("--year", metavar="Y", help="放进哪个年份文件夹，例如 2024（默认取识别出的日期）")
    add.add_argument("--sources", type=Path, default=Path("sources"), metavar="DIR",
                     help="源文件夹（默认 %(default)s）")
    _common(add)

    zip_ = commands.add_parser(
        "zip",
        help="把构建好的网站打包成离线版 zip",
        description="把 mkdocs build 生成的网站文件夹打包成一个 zip，供下载后离线浏览。",
        epilog=EXAMPLES_ZIP,
        formatter_class=ChineseHelpFormatter,
    )
    zip_.add_argument("--site", type=Path, default=Path("site"), metavar="DIR",
                      help="构建好的网站文件夹（默认 %(default)s）")
    zip_.add_argument("--out", type=Path, metavar="FILE",
                      help=f"写到哪个文件（默认 网站文件夹/{OFFLINE_ZIP}）")
    return parser


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--taxonomy", type=Path, metavar="FILE",
        help="单位和专项行动分类表（默认：当前目录的 taxonomy.yml，没有则只用内置分类）",
    )
    command.add_argument(
        "--max-mb", type=int, default=DEFAULT_MAX_BYTES // 1024 // 1024, metavar="N",
        help="单个源文件的大小上限，单位 MB（默认 %(default)s）",
    )


def _speed(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs", type=int, metavar="N",
        help="同时转换的进程数（默认：本机全部处理器核心；1 表示只用当前进程）",
    )
    command.add_argument(
        "--no-cache", action="store_true",
        help="不读也不写转换缓存（默认缓存在当前文件夹的 .cache/fireportal/，只有改过的源文件才重新转换）",
    )


def _speed_options(args: argparse.Namespace) -> tuple[int | None, Path | None] | None:
    """`--jobs` and `--no-cache` as ingest_tree takes them; None, after saying why, for a bad --jobs."""
    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        print(f"错误 --jobs {jobs}: 进程数至少为 1：去掉 --jobs 即使用全部处理器核心", file=sys.stderr)
        return None
    # The folder `mkdocs build` uses by default, so a check or an ingest warms
    # the build's cache.  Keyed by content and versioned with the code and the
    # taxonomy: a stale or damaged entry is converted again, never trusted.
    cache_dir = None if getattr(args, "no_cache", True) else Path.cwd() / DEFAULT_CACHE_DIR
    return jobs, cache_dir


def _taxonomy(path: Path | None):
    if path is None and Path("taxonomy.yml").is_file():
        path = Path("taxonomy.yml")
    if path is not None and not path.is_file():
        raise TaxonomyError(f"{path}: 找不到分类文件：检查路径，或去掉 --taxonomy 只用内置分类")
    return load_taxonomy(path)


def _root_for(path: Path) -> Path:
    """Paths in the output are relative to the current folder when the source is inside it."""
    cwd = Path.cwd().resolve()
    resolved = path.resolve()
    return cwd if resolved.is_relative_to(cwd) else resolved.parent


def _progress(total: int, desc: str = "转换"):
    if not sys.stderr.isatty() or total < 2:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="个文件", desc=desc, file=sys.stderr, leave=False)

    def step(_path: str) -> None:
        bar.update(1)

    return step, bar.close


def _ingest(args: argparse.Namespace):
    """Validate the arguments, then run the pipeline with a progress bar."""
    if not args.sources.is_dir():
        print(f"错误 {args.sources}: 不是文件夹：请给出源文件夹，例如 fireportal {args.command} sources --out build/pages",
              file=sys.stderr)
        return None, None
    speed = _speed_options(args)
    if speed is None:
        return None, None
    jobs, cache_dir = speed
    taxonomy = _taxonomy(args.taxonomy)
    root = _root_for(args.sources)
    step, close = _progress(len(source_files(args.sources)))
    try:
        result = ingest_tree(args.sources, root=root, taxonomy=taxonomy,
                             max_bytes=args.max_mb * 1024 * 1024, progress=step, jobs=jobs, cache_dir=cache_dir)
    finally:
        close()
    for problem in result.problems:
        print(problem.line(), file=sys.stderr)
    return result, taxonomy


def _exit_code(result: IngestResult, strict: bool) -> int:
    return 1 if result.errors or (strict and result.warnings) else 0


def write_inside(out: Path, rel: str, data: bytes) -> None:
    """Write `out/rel`, never through a symlink and never outside `out`."""
    target = out / rel
    base = out.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or not target.parent.resolve().is_relative_to(base):
        raise SystemExit(f"错误 {target}: 输出位置是符号链接或在 {out} 之外，已停止：请删除 {out} 后重新运行")
    target.write_bytes(data)


def _rendered(result: IngestResult) -> tuple[IngestResult, dict[str, str]]:
    """Every document's page (render_all), and the result without the documents
    whose page could not be made, with an error printed and counted for each."""
    rendered = render_all(result.documents)
    for problem in rendered.problems:
        print(problem.line(), file=sys.stderr)
    return replace(result, documents=rendered.documents,
                   problems=(*result.problems, *rendered.problems)), rendered.pages


def cmd_ingest(args: argparse.Namespace) -> int:
    result, _ = _ingest(args)
    if result is None:
        return 2
    result, rendered = _rendered(result)
    args.out.mkdir(parents=True, exist_ok=True)
    for document in result.documents:
        write_inside(args.out, f"{document.slug}.md", rendered[document.slug].encode("utf-8"))
    # A .docx page's pictures, beside it as on the site (<slug>/<name>).
    root = _root_for(args.sources)
    for rel, data in page_images(result.documents, root, max_bytes=args.max_mb * 1024 * 1024).items():
        write_inside(args.out, rel.removeprefix("doc/"), data)
    print(_summary(result, args.out))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(_report(result), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return _exit_code(result, args.strict)


def cmd_pages(args: argparse.Namespace) -> int:
    result, taxonomy = _ingest(args)
    if result is None:
        return 2
    root = _root_for(args.sources)
    # The same git dates, old URLs and 有效性 the mkdocs plugin gives its pages.
    documents = with_history(result.documents, file_history(root, relative_path(args.sources, root)), make_slug)
    for problem in lifecycle_problems(documents):
        print(problem.line(), file=sys.stderr)
    result, rendered = _rendered(replace(result, documents=documents))
    documents = result.documents
    try:
        pages = build_pages(documents, taxonomy, per_page=max(1, args.per_page), render=lambda d: rendered[d.slug])
        pages |= extra_files(documents, taxonomy)  # feeds and the redirect pages of old URLs
    except ValueError as exc:
        print(f"错误 {args.sources}: {exc}", file=sys.stderr)
        return 1
    for rel, text in pages.items():
        write_inside(args.out, rel, text.encode("utf-8"))
    # The originals are copied byte for byte: readers download them to check the page.
    copies = originals(listed(documents))
    for rel, source in copies.items():
        write_inside(args.out, rel, read_regular_file(root / source, args.max_mb * 1024 * 1024))
    for rel, data in page_images(listed(documents), root, max_bytes=args.max_mb * 1024 * 1024).items():
        write_inside(args.out, rel, data)
    print(f"完成：{len(pages)} 个页面、{len(copies)} 份原文，写入 {args.out}/；"
          f"{len(result.errors)} 个错误，{len(result.warnings)} 个警告。")
    return _exit_code(result, args.strict)


def _new_names(result: IngestResult) -> tuple[list[str], list[str]]:
    units = sorted({u for d in result.documents for u in d.new_units})
    campaigns = sorted({c for d in result.documents for c in d.new_campaigns})
    return units, campaigns


def _summary(result: IngestResult, out: Path) -> str:
    lines = [
        f"完成：{result.files} 个源文件 → {len(result.documents)} 篇文档，写入 {out}/；"
        f"{len(result.errors)} 个错误，{len(result.warnings)} 个警告。"
    ]
    units, campaigns = _new_names(result)
    if units:
        lines.append(f"分类表里没有的单位（可加入 taxonomy.yml）：{'、'.join(units)}")
    if campaigns:
        lines.append(f"分类表里没有的专项行动（可加入 taxonomy.yml）：{'、'.join(campaigns)}")
    return "\n".join(lines)


def _report(result: IngestResult) -> dict:
    units, campaigns = _new_names(result)
    return {
        "files": result.files,
        "documents": [{"slug": d.slug, **_fields(d)} for d in result.documents],
        "problems": [{"path": p.path, "level": p.level, "message": p.message} for p in result.problems],
        "new_units": units,
        "new_campaigns": campaigns,
    }


def _fields(document: Document) -> dict:
    out = {}
    for name in FIELDS:
        value = getattr(document.meta, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _inspect_json(document: Document) -> dict:
    return {
        **_fields(document),
        "slug": document.slug,
        "part": document.part,
        "parts": document.parts,
        "origins": {name: origin.as_dict() for name, origin in document.origins.items()},
        "cleanups": [{"name": n, "count": c} for n, c in document.cleanups],
        "outline": [
            {"kind": b.kind, "marker": b.marker, "text": _heading(b), "departments": list(b.departments)}
            for b in document.blocks if b.kind != "paragraph"
        ],
        "new_units": list(document.new_units),
        "new_campaigns": list(document.new_campaigns),
        "problems": [{"path": p.path, "level": p.level, "message": p.message} for p in document.problems],
    }


_DESCRIBE = {c.name: c.describe for c in CLEANUPS}


def _heading(block) -> str:
    """What the page shows as the block's heading (a run-in sentence, not the text after it)."""
    return run_in_heading(block)[0] if block.kind != "heading" else block.text
_INDENT = {"section": 0, "heading": 1, "subsection": 1, "item": 2}


def _inspect_text(document: Document) -> str:
    lines = [f"== 第 {document.part}/{document.parts} 篇  →  doc/{document.slug}/"]
    for name in FIELDS:
        value = getattr(document.meta, name)
        shown = "、".join(value) if isinstance(value, tuple) else value
        origin = document.origins.get(name)
        where = f"  [{origin.origin}{'：' + origin.note if origin.note else ''}]" if origin is not None else ""
        lines.append(f"  {name:<12} {shown or '—'}{where}")
    lines.append("清理：")
    lines += [f"  {n} ×{c}  {_DESCRIBE.get(n, '')}" for n, c in document.cleanups] or ["  （无）"]
    lines.append("提纲：")
    outline = [b for b in document.blocks if b.kind not in ("paragraph", "closing")]
    for block in outline:
        depts = f"  〔{block.note_label}：{'、'.join(block.departments)}〕" if block.departments else ""
        pad = "  " * (_INDENT.get(block.kind, 0) + 1)
        head = _heading(block)
        lines.append(f"{pad}{block.marker}{head[:40]}{'…' if len(head) > 40 else ''}{depts}")
    if not outline:
        lines.append("  （没有编号的章节，正文为段落）")
    paragraphs = sum(1 for b in document.blocks if b.kind == "paragraph")
    lines.append(f"  共 {len(document.blocks)} 块，其中段落 {paragraphs} 个")
    closing = [b.text for b in document.blocks if b.kind == "closing"]
    if closing:
        lines.append(f"  落款：{' / '.join(closing)}")
    if document.new_units or document.new_campaigns:
        lines.append("分类表里没有的：" + "、".join([*document.new_units, *document.new_campaigns]))
    for problem in document.problems:
        lines.append(problem.line())
    return "\n".join(lines)


# What render.py writes for the web page, as a person would type it: the
# badges and the title-block paragraphs carry CSS classes for the theme,
# which in a file people edit are noise they might break.  Matched letter for
# letter (render.py writes exactly these), so source text, whose `<` is
# always an entity, can never match.
_BADGE = re.compile(
    r' ?<span class="fp-duty"><span class="fp-duty__label">(?P<label>[^<]*)</span>'
    r'(?P<depts>(?:<span class="fp-dept">[^<]*</span>)+)</span>'
)
_DEPT = re.compile(r'<span class="fp-dept">([^<]*)</span>')
_CLASSED_P = re.compile(r'^<p class="fp-(?P<kind>[a-z-]+)">(?P<inner>.*)</p>$', re.M)
_SPAN = re.compile(r"<span>([^<]*)</span>")
# A heading that is only its number (`## 一、`), left when the heading's
# words stood on the next line and became a heading of their own.
_NUMBER_ONLY = re.compile(
    r"^(?P<hashes>#{1,6}) (?P<marker>[（(]?[一二三四五六七八九十百〇零\d]+[、.．）)]?)[ \t]*\n\n"
    r"#{1,6} (?P<text>[^\n]+)$", re.M)
_EMPTY_HEADING = re.compile(r"^#{1,6}[ \t]*\n\n?", re.M)


def editable_markdown(markdown: str) -> str:
    """The promoted page as plain Markdown: no `<p class>`/`<span class>`, no empty heading.

    A responsibility note goes back to the way documents write it
    (`（责任科室：防火监督科、政治部）`); the subtitle is bold; the masthead,
    the source's own title line and the byline are plain paragraphs.
    """
    def badge(match: re.Match) -> str:
        return f"（{match['label']}：{'、'.join(_DEPT.findall(match['depts']))}）"

    def paragraph(match: re.Match) -> str:
        inner = match["inner"]
        if match["kind"] == "masthead":
            return "　".join(_SPAN.findall(inner))
        return f"**{inner}**" if match["kind"] == "subtitle" else inner

    text = _BADGE.sub(badge, markdown)
    text = _CLASSED_P.sub(paragraph, text)
    text = _NUMBER_ONLY.sub(lambda m: f"{m['hashes']} {m['marker']}{m['text']}", text)
    return _EMPTY_HEADING.sub("", text)


def cmd_promote(args: argparse.Namespace) -> int:
    path: Path = args.file
    target = path.with_suffix(".md")
    if not path.is_file():
        print(f"错误 {path}: 找不到这个文件：检查路径和文件名", file=sys.stderr)
        return 2
    if path.suffix.lower() == ".md":
        print(f"错误 {path}: 已经是可编辑的 .md 文件，直接修改它即可", file=sys.stderr)
        return 2
    if target.is_symlink():
        print(f"错误 {target}: 是符号链接，不会写入：请删除这个链接后再运行", file=sys.stderr)
        return 2
    if target.exists() and not args.force:
        print(f"错误 {target}: 已经存在：直接修改它，或加 --force 重新生成（会覆盖修改）", file=sys.stderr)
        return 2
    _, result = _inspect_result(path, args)
    for problem in result.problems:
        print(problem.line(), file=sys.stderr)
    if len(result.documents) != 1:
        count = len(result.documents)
        print(f"错误 {path}: 这个文件{'拆成 ' + str(count) + ' 篇' if count else '没有转换出文档'}："
              "promote 只处理单篇文件；请先把各篇分别存成单独的源文件", file=sys.stderr)
        return 1
    target.write_text(editable_markdown(promoted_markdown(result.documents[0])), encoding="utf-8")
    print(f"已写入 {target}：以后修改这个文件；{path.name} 保留为“下载原文”，页面地址不变。")
    return 0


def _inspect_result(path: Path, args: argparse.Namespace):
    """(repo-relative path, what the pipeline makes of the file) for one file."""
    taxonomy = _taxonomy(args.taxonomy)
    root = _root_for(path)
    rel = relative_path(path, root)
    result = read_one(path, rel, taxonomy=taxonomy, max_bytes=args.max_mb * 1024 * 1024)
    return rel, result


def cmd_inspect(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"错误 {path}: 找不到这个文件：检查路径和文件名", file=sys.stderr)
        return 2
    rel, result = _inspect_result(path, args)
    file_problems = [p for p in result.problems if not any(p in d.problems for d in result.documents)]
    if args.json:
        items = [_inspect_json(d) for d in result.documents]
        payload: object = items[0] if len(items) == 1 else items
        if not items:
            payload = {"problems": [{"path": p.path, "level": p.level, "message": p.message} for p in file_problems]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"{rel}：拆成 {len(result.documents)} 篇")
        for document in result.documents:
            print(_inspect_text(document))
        for problem in file_problems:
            print(problem.line())
    return 1 if any(p.level == "error" for p in result.problems) else 0


def cmd_check(args: argparse.Namespace) -> int:
    targets: list[Path] = args.sources or [Path("sources")]
    missing = [t for t in targets if not t.exists()]
    if missing:
        print(f"错误 {missing[0]}: 找不到这个文件或文件夹：检查路径，例如 fireportal check sources", file=sys.stderr)
        return 2
    speed = _speed_options(args)
    if speed is None:
        return 2
    jobs, cache_dir = speed
    taxonomy = _taxonomy(args.taxonomy)
    max_bytes = args.max_mb * 1024 * 1024
    folders = [t for t in targets if t.is_dir()]
    files = [t for t in targets if not t.is_dir()]
    results = []
    for folder in folders:
        step, close = _progress(len(source_files(folder)), "检查")
        try:
            results.append(check_tree(folder, root=_root_for(folder), taxonomy=taxonomy,
                                      max_bytes=max_bytes, progress=step, jobs=jobs, cache_dir=cache_dir))
        finally:
            close()
    if files:
        step, close = _progress(len(files), "检查")
        try:
            results.append(check_files(files, root=_root_for(files[0]), taxonomy=taxonomy,
                                       max_bytes=max_bytes, progress=step))
        finally:
            close()
    problems = [p for r in results for p in r.problems]
    for problem in problems:
        print(problem_line(problem))
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    count = sum(r.files for r in results)
    verdict = "没有发现问题。" if not problems else f"{errors} 个错误，{warnings} 个警告。"
    print(f"检查了 {count} 个源文件：{verdict}")
    units = sorted({u for r in results for d in r.documents for u in d.new_units})
    campaigns = sorted({c for r in results for d in r.documents for c in d.new_campaigns})
    if units:
        print(f"分类表里没有的单位（可加入 taxonomy.yml）：{'、'.join(units)}")
    if campaigns:
        print(f"分类表里没有的专项行动（可加入 taxonomy.yml）：{'、'.join(campaigns)}")
    if warnings and not errors and not args.strict:
        print("警告不影响发布，但请按提示核对；CI 用 --strict 检查，警告也要处理。")
    return 1 if errors or (args.strict and warnings) else 0


def cmd_add(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"错误 {path}: 找不到这个文件：检查路径和文件名", file=sys.stderr)
        return 2
    if args.year is not None and not re.fullmatch(r"(19|20)\d\d", args.year):
        print(f"错误 --year {args.year}: 年份应写成四位数字：例如 --year 2024", file=sys.stderr)
        return 2
    if not args.sources.is_dir():
        print(f"错误 {args.sources}: 不是文件夹：请在仓库根目录运行，或用 --sources 指明源文件夹", file=sys.stderr)
        return 2
    taxonomy = _taxonomy(args.taxonomy)
    max_bytes = args.max_mb * 1024 * 1024
    try:
        data = read_regular_file(path, max_bytes)
    except OSError as exc:
        print(f"错误 {path}: 无法读取（{exc.strerror or exc}）：请检查文件权限，不要用链接", file=sys.stderr)
        return 1
    name = safe_name(path.name)
    root = _root_for(args.sources)
    folder_rel = relative_path(args.sources, root)

    def convert(year: str):
        return ingest_file(f"{folder_rel}/{year}/{name}" if year else f"{folder_rel}/{name}", data,
                           taxonomy=taxonomy, max_bytes=max_bytes)

    year = args.year or year_of(convert("").documents)
    if not year:
        print(f"错误 {path}: 看不出文档的日期，不知道放进哪个年份文件夹：请加 --year，例如 "
              f"fireportal add {path} --year 2024", file=sys.stderr)
        return 1
    target = args.sources / year / name
    sidecar = target.with_name(target.stem + ".meta.yml")
    for existing in (target, sidecar):
        if existing.exists() or existing.is_symlink():
            print(f"错误 {existing}: 已经存在，不会覆盖：如果是同一份文件就不用再加；"
                  "否则请先给要加的文件改个名字", file=sys.stderr)
            return 1
    rel = relative_path(target, root)
    result = convert(year)
    for problem in result.problems:
        print(problem_line(problem), file=sys.stderr)
    if not result.documents or any(p.level == "error" for p in result.problems):
        print(f"没有复制 {path}：请先按上面的提示处理。", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x": created here or not at all, even if another process just made it.
        with target.open("xb") as handle:
            handle.write(data)
        with sidecar.open("x", encoding="utf-8") as handle:
            handle.write(sidecar_text(rel, result.documents))
    except FileExistsError as exc:
        print(f"错误 {exc.filename}: 已经存在，不会覆盖：请先给要加的文件改个名字", file=sys.stderr)
        return 1
    pages = len(result.documents)
    print(f"已复制到 {rel}，旁注写在 {sidecar_path(rel)}（请核对）。将生成 {pages} 个页面：")
    for line in page_summary(result.documents):
        print(f"  {line}")
    print("下一步：核对旁注文件，运行 fireportal check sources，用 mkdocs serve 预览，然后提交。")
    return 0


def cmd_zip(args: argparse.Namespace) -> int:
    out: Path = args.out or args.site / OFFLINE_ZIP
    try:
        count = write_zip(args.site, out)
    except ZipError as exc:
        print(f"错误 {exc}", file=sys.stderr)
        return 1
    print(f"已写入 {out}：{count} 个文件，{out.stat().st_size / 1024 / 1024:.1f} MB；解压后双击 index.html 即可离线浏览。")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        commands = {"ingest": cmd_ingest, "pages": cmd_pages, "promote": cmd_promote, "inspect": cmd_inspect,
                    "check": cmd_check, "add": cmd_add, "zip": cmd_zip}
        return commands[args.command](args)
    except TaxonomyError as exc:
        print(f"错误 {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
