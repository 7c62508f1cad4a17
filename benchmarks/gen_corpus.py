"""Realistic raw source corpora for benchmarks and scale tests.

Deterministic for a seed and N, and document i is the same whatever N is
(each document draws from its own `random.Random(f"{seed}:{i}")`), so the
corpus of 200 is the first 200 files of the corpus of 1,000.

The files carry the traits of what staff really drop into sources/:
- title blocks: a 红头 (消防救援工作简报 / …总队文件), a 期号 (第12期, 专刊（2）),
  a 文号 (辽消〔2023〕8号), a unit-and-date line, a title split over two lines;
- 一、/（一）/1、 sections, with （责任科室：…） notes on 通知 items;
- PDF exports: hard line breaks every 28-34 characters with blank lines
  between, a leading space, and page numbers (- 3 -) between pages;
- traditional characters with pinyin annotations (支隊(duì)) and doubled
  punctuation (,,), as a copy from a converted web page gives;
- GB18030-encoded files (as Windows Notepad saves them);
- files holding several documents (一、 restarting), half of them confirmed
  by a sidecar (split: auto) as staff would after the first warning;
- year folders 2017-2025, the 14 cities of one province with their 支队 and
  大队, and the five national campaigns of the packaged taxonomy.

    .venv/bin/python benchmarks/gen_corpus.py OUT_DIR [--n 1000] [--seed 11]

writes OUT_DIR/sources/<year>/… and prints what it wrote.  Used by
bench_scale.py, bench_site.py, bench_ingest.py and tests/test_scale_structure.py.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 11
YEARS = tuple(range(2017, 2026))
PROVINCE = "辽宁省"
TOTAL = "辽宁省消防救援总队"
# The 14 prefecture-level cities of Liaoning, each with a few of its districts
# and counties (a 大队 per district or county).
CITIES: dict[str, tuple[str, ...]] = {
    "沈阳市": ("和平区", "沈河区", "铁西区", "浑南区"),
    "大连市": ("中山区", "西岗区", "甘井子区", "金州区"),
    "鞍山市": ("铁东区", "立山区", "海城市"),
    "抚顺市": ("新抚区", "顺城区", "抚顺县"),
    "本溪市": ("平山区", "明山区", "桓仁满族自治县"),
    "丹东市": ("振兴区", "元宝区", "东港市"),
    "锦州市": ("古塔区", "凌河区", "黑山县"),
    "营口市": ("站前区", "鲅鱼圈区", "盖州市"),
    "阜新市": ("海州区", "细河区", "彰武县"),
    "辽阳市": ("白塔区", "文圣区", "灯塔市"),
    "盘锦市": ("兴隆台区", "双台子区", "大洼区", "盘山县"),
    "铁岭市": ("银州区", "开原市", "昌图县"),
    "朝阳市": ("双塔区", "龙城区", "北票市"),
    "葫芦岛市": ("连山区", "龙港区", "兴城市"),
}
# Five national campaigns of the packaged taxonomy (scripts/fireportal/data/taxonomy.yml).
CAMPAIGNS = (
    "消防安全专项整治三年行动",
    "打通“生命通道”集中攻坚行动",
    "消防安全集中除患攻坚大整治行动",
    "冬春火灾防控",
    "夏季消防检查",
)
DEPARTMENTS = ("防火监督科", "作战训练科", "政治处", "后勤保障科", "指挥中心", "宣传科", "法制科")
HQ_DEPARTMENTS = ("防火监督处", "作战训练处", "政治部", "后勤装备处", "指挥中心", "宣传处", "法制与社会消防工作处")
NUMERALS = "一二三四五六七八九十"
PEOPLE = ("贾鹏", "张帆", "李飞", "王勇", "刘占明", "赵刚", "孙立新", "周文博", "吴海涛", "郑丽")
SECTION_TOPICS = (
    "提高政治站位，压实消防安全责任", "紧盯重点领域，深化隐患排查整治", "强化宣传培训，提升全民消防意识",
    "加强执勤备战，提升灭火救援能力", "从严管理队伍，确保队伍安全稳定", "推进基层基础，夯实防控工作根基",
    "聚焦高层建筑，开展消防安全评估", "严格执法检查，依法查处违法行为", "统筹疫情防控，保障重点时段安全",
    "创新监管模式，推行双随机一公开",
)
SUBSECTION_TOPICS = (
    "落实行业部门监管责任", "开展电动自行车专项整治", "加强人员密集场所检查", "组织开展应急疏散演练",
    "规范消防技术服务机构", "推进微型消防站建设", "强化重点单位户籍化管理", "开展夜查暗访行动",
)
# Sentences staff write in every report; {c} is the city, {u} the unit, {n} a number.
SENTENCES = (
    "{u}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实总队党委部署要求。",
    "截至目前，共检查社会单位{n}家，发现并督促整改火灾隐患{n2}处，下发法律文书{n3}份。",
    "{c}消防救援队伍紧盯高层建筑、大型商业综合体、人员密集场所等重点领域，持续开展隐患排查整治。",
    "会议要求，各大队要认清形势，坚决扛起防范化解重大消防安全风险的政治责任。",
    "要强化源头管控，坚持下好先手棋，打好主动仗，严防发生有影响的火灾事故。",
    "组织开展消防安全宣传“进企业、进农村、进社区、进学校、进家庭”活动{n}场次，受众{n2}余人。",
    "针对电动自行车“飞线充电”、楼道停放等问题，联合街道社区开展集中清理行动。",
    "各级指战员要牢记领袖训词，对党忠诚、纪律严明、赴汤蹈火、竭诚为民。",
    "{u}召开专题会议，听取各部门前期工作推进情况，研究部署下一阶段重点工作。",
    "全年共接警出动{n}起，出动指战员{n2}人次，抢救和疏散被困人员{n3}人。",
    "进一步健全完善消防安全责任制，推动行业部门落实“管行业必须管安全”的要求。",
    "对检查中发现的问题隐患，逐一建立台账，明确整改责任和时限，实行销号管理。",
    "要加强与公安、应急、住建等部门的联动协作，形成齐抓共管的工作格局。",
    "持续推进“双随机、一公开”消防监管模式，提升监督执法规范化水平。",
    "下一步，{u}将继续保持高压态势，确保全市火灾形势持续平稳。",
    "组织辖区{n}家重点单位开展灭火和应急疏散演练，提升单位自防自救能力。",
    "严格落实二十四小时值班制度和领导带班制度，确保遇有警情快速响应、科学处置。",
    "深入开展“学训词、铸忠诚、创新业、立新功”主题教育，引导广大指战员听党话、跟党走。",
)
# Traditional characters that the annotating pages follow with pinyin: 支隊(duì)
_ANNOTATE_EVERY = 3


@dataclass(frozen=True, kw_only=True)
class Source:
    """One generated file: its path under sources/, bytes, optional sidecar text."""

    path: str  # relative to the sources folder, e.g. 2021/000123_9f3a….txt
    data: bytes
    sidecar: str | None = None
    documents: int = 1  # how many documents it holds
    traits: tuple[str, ...] = ()


def units() -> list[tuple[str, str, str]]:
    """(unit name, its city, level) for every 支队 and 大队 of the province."""
    out = []
    for city, districts in CITIES.items():
        out.append((f"{city}消防救援支队", city, "支队"))
        for district in districts:
            out.append((f"{city}{district}消防救援大队", city, "大队"))
    return out


def _short(city: str) -> str:
    return city.removesuffix("市")


def _date(rng: random.Random, year: int) -> tuple[int, int, int]:
    return year, rng.randint(1, 12), rng.randint(1, 28)


def _sentence(rng: random.Random, city: str, unit: str) -> str:
    return rng.choice(SENTENCES).format(
        c=city, u=unit, n=rng.randint(3, 900), n2=rng.randint(10, 5000), n3=rng.randint(1, 300)
    )


def _paragraph(rng: random.Random, city: str, unit: str, k: tuple[int, int] = (2, 5)) -> str:
    return "".join(_sentence(rng, city, unit) for _ in range(rng.randint(*k)))


def _sections(rng: random.Random, city: str, unit: str, *, notes: tuple[str, ...] = (),
              note_label: str = "责任科室") -> list[str]:
    """一、 sections, some with （一） subsections; a responsibility note closes some."""
    lines = []
    for s, topic in enumerate(rng.sample(SECTION_TOPICS, rng.randint(2, 5))):
        lines.append(f"{NUMERALS[s]}、{topic}")
        if rng.random() < 0.4:
            for t, sub in enumerate(rng.sample(SUBSECTION_TOPICS, rng.randint(2, 3))):
                lines.append(f"（{NUMERALS[t]}）{sub}。{_paragraph(rng, city, unit, (1, 3))}")
        else:
            text = _paragraph(rng, city, unit)
            if notes and rng.random() < 0.7:
                text += f"（{note_label}：{'、'.join(rng.sample(notes, rng.randint(1, 2)))}）"
            lines.append(text)
    return lines


def _campaigns(rng: random.Random) -> list[str]:
    return rng.sample(CAMPAIGNS, rng.choices((0, 1, 2), (3, 5, 2))[0])


def _briefing(rng, i, year, city, unit) -> tuple[str, list[str]]:
    """工作简报: 红头, 期号, unit-and-date line, a two-line title, sections."""
    y, m, d = _date(rng, year)
    campaigns = _campaigns(rng)
    issue = f"{campaigns[0]}专刊（{rng.randint(1, 12)}）" if campaigns and rng.random() < 0.5 else f"第{rng.randint(1, 60)}期"
    short = _short(city) + ("消防救援支队" if unit.endswith("支队") else "消防")
    title = f"{_short(city)}{'支队' if unit.endswith('支队') else '消防'}{rng.choice(('扎实推进', '全面开展', '深入部署'))}" \
            f"{campaigns[0] if campaigns else rng.choice(SUBSECTION_TOPICS)}"
    head = ["消防救援工作简报", issue, "", f"{short} {y} 年 {m} 月 {d} 日", ""]
    cut = rng.randint(8, max(9, len(title) - 4))
    head += [title[:cut], title[cut:], ""] if len(title) > 16 else [title, ""]
    lead = f"为深入推进{campaigns[0] if campaigns else '消防安全工作'}，{_paragraph(rng, city, unit, (1, 2))}"
    return "简报", head + [lead, *_sections(rng, city, unit)]


def _notice(rng, i, year, city, unit) -> tuple[str, list[str]]:
    """通知: 红头, 文号, 关于…的通知, addressee, items with （责任处室：…）, 落款."""
    y, m, d = _date(rng, year)
    hq = rng.random() < 0.3
    issuer = TOTAL if hq else unit
    abbrev = "辽消" if hq else f"{_short(city)[:1]}消"
    topic = rng.choice(_campaigns(rng) or [rng.choice(SECTION_TOPICS).split("，")[0]])
    head = [f"{issuer}文件", f"{abbrev}〔{y}〕{rng.randint(1, 120)}号", "",
            f"{issuer}关于{y}年{topic}", "工作安排的通知",
            "各支队、机关各处室：" if hq else "各大队、机关各科室："]
    notes = HQ_DEPARTMENTS if hq else DEPARTMENTS
    body = [f"为贯彻落实上级部署要求，确保{topic}取得实效，现就有关事项通知如下："]
    body += _sections(rng, city, unit, notes=notes, note_label="责任处室" if hq else "责任科室")
    body += ["", issuer, f"{y}年{m}月{d}日"]
    return "通知", head + body


def _meeting(rng, i, year, city, unit) -> tuple[str, list[str]]:
    """会议 news: date-led lead (5月6日，…召开…), leaders, 1、 items."""
    _, m, d = _date(rng, year)
    kind = rng.choice(("月份办公会", "党委会", "动员部署会", "形势分析会"))
    who = rng.sample(PEOPLE, 2)
    title = f"{unit}召开{m}{kind}" if kind == "月份办公会" else f"{unit}召开{rng.choice(_campaigns(rng) or ['消防工作'])}{kind}"
    lines = [title, "",
             (f"{m}月{d}日，{unit}组织召开{m if kind == '月份办公会' else ''}{kind}，"
              f"听取基层各大队、机关各部门重点工作推进情况。{who[0]}政委等在家领导参加会议。")]
    lines.append(f"会上，{who[0]}对前期各条线工作进行点评，就下一阶段重点工作进行安排部署。{_paragraph(rng, city, unit)}")
    lines.append(f"会议强调，{_paragraph(rng, city, unit)}")
    for k in range(rng.randint(2, 5)):
        lines.append(f"{k + 1}、{rng.choice(SUBSECTION_TOPICS)}。{_paragraph(rng, city, unit, (1, 3))}")
    return "会议", lines


def _report(rng, i, year, city, unit, *, plan: bool = False) -> tuple[str, list[str]]:
    """总结 / 计划: a title line, a preamble ending in ：, 一、/（一） sections."""
    kind = "工作计划" if plan else "工作总结"
    title = f"{unit}{year + (1 if plan else 0)}年{kind}"
    pre = ("今年以来，" if not plan else "为做好明年工作，") + _paragraph(rng, city, unit, (1, 2)) + \
        ("现将有关情况汇报如下：" if not plan else "特制定本计划如下：")
    return ("计划" if plan else "总结"), [title, pre, *_sections(rng, city, unit)]


def _news(rng, i, year, city, unit) -> tuple[str, list[str]]:
    _, m, d = _date(rng, year)
    title = f"{_short(city)}消防{rng.choice(SUBSECTION_TOPICS)}"
    lead = f"{m}月{d}日，{unit}{rng.choice(('联合', '会同'))}辖区{rng.choice(('街道', '社区', '住建部门'))}" \
           f"{rng.choice(SUBSECTION_TOPICS)}。{_paragraph(rng, city, unit)}"
    paras = [_paragraph(rng, city, unit) for _ in range(rng.randint(2, 5))]
    credit = f"（通讯员 {rng.choice(PEOPLE)}）"
    return "新闻", [title, "", lead, *paras[:-1], paras[-1] + credit]


KINDS = ((_briefing, 3), (_notice, 2), (_meeting, 3), (_report, 2), (_news, 2))


def _pdf_wrap(lines: list[str], rng: random.Random) -> list[str]:
    """A PDF export: every paragraph hard-wrapped, blank lines between, page numbers."""
    out: list[str] = []
    width = rng.randint(28, 34)
    page, on_page = 1, 0
    for line in lines:
        pieces = [line[k:k + width] for k in range(0, len(line), width)] or [""]
        for piece in pieces:
            out += [piece, ""]
            on_page += 1
            if on_page >= 22:
                out += [f"- {page} -", ""]
                page, on_page = page + 1, 0
    return out


@cache
def _converters():
    import opencc
    from pypinyin import Style, pinyin

    return opencc.OpenCC("s2t"), (lambda ch: pinyin(ch, style=Style.TONE)[0][0])


def _traditional(text: str, rng: random.Random) -> str:
    """Traditional characters, every few changed ones followed by their pinyin, ,, doubled commas."""
    s2t, reading = _converters()
    converted = s2t.convert(text)
    out, changed = [], 0
    for simple, trad in zip(text, converted, strict=False):
        out.append(trad)
        if trad != simple:
            changed += 1
            if changed % _ANNOTATE_EVERY == 0:
                out.append(f"({reading(simple)})")
    return re.sub("，", lambda _m: ",," if rng.random() < 0.3 else ",", "".join(out))


def _file_name(rng: random.Random, i: int, title: str) -> str:
    if rng.random() < 0.1:
        return re.sub(r"[“”（）()：:、，]", "", title)[:24] + f"{i}.txt"
    return f"{i:06d}_{hashlib.sha1(f'{i}'.encode()).hexdigest()[:12]}.txt"


def source(i: int, *, seed: int = DEFAULT_SEED) -> Source:
    """The i-th source file of the corpus for `seed`."""
    rng = random.Random(f"{seed}:{i}")
    year = rng.choice(YEARS)
    unit, city, _level = rng.choice(units())
    traits: list[str] = []
    roll = rng.random()
    if roll < 0.06:
        # Several 总结 of one 大队 in one file, 一、 restarting in each.
        pieces = [_report(rng, i, year, city, unit)[1] for _ in range(rng.randint(2, 3))]
        lines = [line for piece in pieces for line in (*piece, "")]
        traits.append("several")
        kind, documents = "总结", len(pieces)
    else:
        make = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        kind, lines = make(rng, i, year, city, unit, **({"plan": rng.random() < 0.4} if make is _report else {}))
        documents = 1
    # Every document unique, as real ones are (duplicates are dropped).
    lines.append(f"（{city}消防救援支队 {year}-{i}）")
    text = "\n".join(lines)
    if kind in ("简报", "通知") and rng.random() < 0.5:
        text = " " + "\n".join(_pdf_wrap(lines, rng))
        traits.append("pdf-breaks")
    if rng.random() < 0.05:
        text = _traditional(text, rng)
        traits.append("traditional")
    encoding = "utf-8"
    if "traditional" not in traits and rng.random() < 0.2:
        encoding = "gb18030"
        traits.append("gb18030")
    sidecar = None
    if documents > 1 and rng.random() < 0.5:
        sidecar = "# 确认：这个文件是几篇工作总结\nsplit: auto\n"
        traits.append("sidecar")
    name = _file_name(rng, i, lines[0])
    return Source(path=f"{year}/{name}", data=text.encode(encoding), sidecar=sidecar,
                  documents=documents, traits=tuple(traits))


def generate(n: int, *, seed: int = DEFAULT_SEED) -> list[Source]:
    return [source(i, seed=seed) for i in range(n)]


def write_corpus(sources: Path, n: int, *, seed: int = DEFAULT_SEED) -> list[Source]:
    """Write N generated files (and their sidecars) under `sources`."""
    made = generate(n, seed=seed)
    for item in made:
        target = sources / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
        if item.sidecar is not None:
            target.with_name(target.stem + ".meta.yml").write_text(item.sidecar, encoding="utf-8")
    return made


# -- curated .md sources (front matter given), as bench_site.py always used ---------

BENCH_SITE_CAMPAIGNS = (
    "消防安全专项整治三年行动", "打通“生命通道”集中攻坚行动", "消防安全集中除患攻坚大整治行动",
    "冬春火灾防控", "夏季消防检查", "119消防宣传月", "安全生产月",
)
TYPES = ("简报", "会议", "通知", "总结", "计划", "新闻")


def seed_paragraphs() -> list[str]:
    """The paragraphs (over 40 characters) of the sample sources in the repo."""
    paragraphs = []
    for path in sorted((REPO / "sources").rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.strip()) > 40]
    return paragraphs


def write_curated(folder: Path, n: int, rng: random.Random) -> None:
    """N curated .md sources with front matter, paragraphs drawn from the samples."""
    paragraphs = seed_paragraphs()
    cities = list(CITIES)
    for i in range(n):
        year = rng.randint(2019, 2025)
        city = rng.choice(cities)
        unit = TOTAL if rng.random() < 0.1 else f"{city}消防救援支队"
        meta = {
            "title": f"{city}消防救援支队{rng.choice(('召开', '部署', '推进', '总结'))}工作第{i}号",
            "date": f"{year}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
            "unit": unit,
            "doc_type": rng.choice(TYPES),
            "campaigns": rng.sample(BENCH_SITE_CAMPAIGNS, rng.randint(0, 2)),
        }
        body = []
        for marker in ("一、", "二、", "三、", "四、", "五、")[: rng.randint(2, 5)]:
            body.append(f"## {marker}{rng.choice(paragraphs)[:18]}")
            body += rng.sample(paragraphs, 2)
        target = folder / str(year) / f"bench-{i:05}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        target.write_text(f"---\n{front}---\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write; the files go in OUT/sources/")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    made = write_corpus(args.out / "sources", args.n, seed=args.seed)
    traits: dict[str, int] = {}
    for item in made:
        for trait in item.traits:
            traits[trait] = traits.get(trait, 0) + 1
    print(f"{len(made)} files ({sum(m.documents for m in made)} documents, "
          f"{sum(len(m.data) for m in made) / 1e6:.1f} MB) in {args.out / 'sources'}; traits: "
          + ", ".join(f"{k} {v}" for k, v in sorted(traits.items())))


if __name__ == "__main__":
    main()
