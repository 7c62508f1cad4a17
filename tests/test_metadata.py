"""Metadata rules and the taxonomy, one table per field."""

from __future__ import annotations

from pathlib import Path

import pytest

from fireportal.metadata import Context, campaign_mentions, campaigns, extract, parse_date, unit_mentions
from fireportal.sidecar import SidecarError, parse_sidecar
from fireportal.structure import structure
from fireportal.taxonomy import TaxonomyError, load_taxonomy, placed_name

ROOT = Path(__file__).resolve().parent.parent
TAX = load_taxonomy(None)  # the packaged taxonomy only: units come from their shape and cpca


def meta_of(text: str, source: str = "sources/2023/a.txt", overrides=None):
    shaped = structure(text)
    ctx = Context(source=source, head=shaped.head, blocks=shaped.blocks, taxonomy=TAX)
    return extract(ctx, overrides=overrides or {})


@pytest.mark.parametrize(
    ("mention", "canonical", "level", "parent"),
    [
        ("盘锦支队", "盘锦市消防救援支队", "支队", "辽宁省消防救援总队"),
        ("盘锦消防救援支队", "盘锦市消防救援支队", "支队", "辽宁省消防救援总队"),
        ("盘锦市公安消防支队", "盘锦市消防救援支队", "支队", "辽宁省消防救援总队"),
        ("楚雄支队", "楚雄彝族自治州消防救援支队", "支队", "云南省消防救援总队"),
        ("兴隆台区消防救援大队", "兴隆台区消防救援大队", "大队", "盘锦市消防救援支队"),
        ("辽宁省消防救援总队", "辽宁省消防救援总队", "总队", "国家消防救援局"),
        ("应急管理部消防救援局", "国家消防救援局", "局", ""),
        ("经济区消防大队", "经济区消防救援大队", "大队", ""),
        # A district several cities have is named with its city once the place says it ...
        ("张家界市永定区消防救援大队", "张家界市永定区消防救援大队", "大队", "张家界市消防救援支队"),
        ("湖南省永定区消防救援大队", "张家界市永定区消防救援大队", "大队", "张家界市消防救援支队"),
        # ... or the kind does (天津's 和平区 has a 支队, 沈阳's a 大队) ...
        ("和平区消防救援大队", "沈阳市和平区消防救援大队", "大队", "沈阳市消防救援支队"),
        ("沈阳市和平区消防救援大队", "沈阳市和平区消防救援大队", "大队", "沈阳市消防救援支队"),
        # ... and is under no city while it is unsaid.
        ("永定消防大队", "永定区消防救援大队", "大队", ""),
        ("东港消防大队", "东港消防救援大队", "大队", ""),
    ],
)
def test_unit_canonical_names_and_hierarchy(mention, canonical, level, parent):
    assert TAX.canonical_unit(mention) == canonical
    unit = TAX.unit(canonical)
    assert (unit.level, unit.parent) == (level, parent)


def test_a_shared_districts_names_are_canonical_names():
    # Every name given to a unit of a district several cities have (placed
    # or not, by the written kind or a prefix) is read back as itself.
    from fireportal import divisions

    shared = {d.name for d in divisions._table()[0].values()
              if d.level == 3 and len(divisions.candidates(d.name, 3)) > 1}
    assert len(shared) > 20
    for place in sorted(shared | {divisions.short_name(n) for n in shared}):
        for kind in ("消防救援大队", "消防救援支队", "消防救援局", "大队", "支队"):
            name = TAX.canonical_unit(place + kind)
            if name:
                assert TAX.canonical_unit(name) == name, place + kind
                for division in TAX.rival_places(name):
                    placed = TAX.canonical_unit(placed_name(division))
                    assert placed == placed_name(division) and TAX.unit(placed).parent


@pytest.mark.parametrize("mention", ["各支队", "基层各大队", "微型消防站", "城市消防站", "全市消防救援支队"])
def test_not_units(mention):
    assert TAX.canonical_unit(mention) is None


def test_a_station_by_its_own_name_is_named_as_since_the_reform():
    # The text's reading names 红果子消防中队 a 消防救援站 (the 2018 reform);
    # the same station written the old way in a sidecar is that station.
    assert TAX.canonical_unit("红果子消防中队") == "红果子消防救援站"
    assert TAX.canonical_unit("红果子公安消防中队") == "红果子消防救援站"
    text = "2019年3月17日13时17分，红果子消防中队接119指挥中心指令，迅速前往救援。"
    read, *_ = meta_of(text)
    given, *_ = meta_of(text, overrides={"unit": ("红果子消防中队", "sidecar")})
    assert read.unit == given.unit == "红果子消防救援站" and given.unit_level == "站"
    # A place's station is the place's reading to make (尧都 names no city), and 各/该 name none.
    for mention in ("尧都消防中队", "各消防中队", "该消防中队"):
        assert TAX.canonical_unit(mention) is None


def test_unit_mentions_skip_words_before_the_name_and_book_titles():
    text = "认真落实应急管理部消防救援局部署，按照《盘锦市消防救援支队工作规范》，盘锦支队召开会议。"
    assert [name for _, name in unit_mentions(text, TAX)] == ["国家消防救援局", "盘锦市消防救援支队"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 年 2 月 28 日".replace(" ", ""), ("2024", "02", "28")),
        ("二〇二三年十一月五日", ("2023", "11", "05")),
        ("5月6日，盘锦", ("", "05", "06")),
        ("x月xx日，组织召开", None),
        ("2023年2月30日", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_date_without_year_takes_the_folder_year():
    meta, origins, problems, *_ = meta_of("5月6日，盘锦市消防救援支队组织召开5月份办公会。", "sources/2022/a.txt")
    assert meta.date == "2022-05-06" and origins["date"].origin == "path"
    assert not problems


def test_date_without_year_or_folder_is_left_empty_with_a_warning():
    meta, _, problems, *_ = meta_of("5月6日，盘锦市消防救援支队组织召开5月份办公会。", "sources/misc/a.txt")
    assert meta.date == ""
    assert [p.message.split("：")[0] for p in problems] == ["没有日期（导语日期“5月6日”没有年份）"]


def test_campaigns_known_by_alias_and_new_by_shape():
    text = "深入推进除患攻坚大整治行动，开展“平安春运”消防安全专项行动，全面落实此次专项行动。"
    known, new = campaign_mentions(text, TAX)
    assert known == ["消防安全集中除患攻坚大整治行动"]
    assert new == ["“平安春运”消防安全专项行动"]


@pytest.mark.parametrize(
    "text",
    ["为深入推进今冬明春火灾防控工作，12月4日，通榆大队开展检查。", "为深入推进冬春火灾防控工作，通榆大队开展检查。"],
)
def test_a_seasonal_campaign_is_known_in_either_form_of_its_season(text):
    known, new = campaign_mentions(text, TAX)
    assert (known, new) == (["冬春火灾防控"], [])


def test_campaign_slogans_may_hold_punctuation():
    known, new = campaign_mentions("深入推进电动自行车安全隐患全链条整治行动，开展“清楼道、保畅通”专项行动。", TAX)
    assert known == ["电动自行车安全隐患全链条整治行动"]
    assert new == ["“清楼道、保畅通”专项行动"]


def test_a_listed_campaign_is_known_by_its_core_unless_two_share_it(tmp_path):
    one = "campaigns:\n  - name: “平安春运”消防安全专项行动\n"
    two = one + "  - name: “平安春运”集中整治行动\n"
    written = "“平安春运”消防安全大排查行动"
    for listing, expected in ((one, "“平安春运”消防安全专项行动"), (two, None)):
        path = tmp_path / "taxonomy.yml"
        path.write_text(listing, encoding="utf-8")
        assert campaigns.listed_by_core(written, load_taxonomy(path)) == expected


def test_a_listed_campaign_run_in_one_place_is_known_without_the_place(tmp_path):
    # The place says where the national campaign runs, not which it is; a
    # listed campaign whose own name opens with a place still needs it.
    assert campaign_mentions("11月8日，赣州市“119”消防安全宣传月活动启动仪式举行。", TAX) == (["119消防宣传月"], [])
    assert campaign_mentions("江西省赣州市“119”消防安全宣传月启动。", TAX) == (["119消防宣传月"], [])
    path = tmp_path / "taxonomy.yml"
    path.write_text("campaigns:\n  - name: 赣州市“清火患”专项行动\n  - name: “清火患”集中整治行动\n", encoding="utf-8")
    assert campaigns.listed_by_core("赣州市“清火患”消防安全专项行动", load_taxonomy(path)) == "赣州市“清火患”专项行动"


def test_a_seasons_fire_work_in_other_words_is_said_not_taken():
    # 夏季火灾防控工作 may be the listed 夏季消防检查 or the season's routine work.
    text = "为深入推进夏季火灾防控工作。7月31日下午，锦绣社区联合区消防大队对辖区一家企业进行消防安全检查。"
    meta, _, problems, *_ = meta_of(text)
    assert meta.campaigns == ()
    assert any(p.message.startswith("专项行动留空了") and "campaigns: [夏季消防检查]" in p.message for p in problems)
    meta, _, problems, *_ = meta_of(text.replace("夏季火灾防控工作", "夏季消防检查工作"))
    assert meta.campaigns == ("夏季消防检查",) and not any("专项行动" in p.message for p in problems)


def test_a_campaign_named_whole_inside_quotes_is_found_and_sure():
    text = ("西藏消防构建多元化消防救援力量体系\n9月1日，总队召开发布会。总队党委部署开展“灭火救援能力建设提质强能三年行动”，"
            "高效完成各类消防安保。\n总队将继续“加强火灾防控，推进专项行动。”")
    known, new = campaign_mentions(text, TAX)
    assert (known, new) == ([], ["灭火救援能力建设提质强能三年行动"])
    meta, origins, problems, *_ = meta_of(text)
    assert meta.campaigns == ("灭火救援能力建设提质强能三年行动",)
    assert not origins["campaigns"].guessed and not any("专项行动" in p.message for p in problems)


def test_a_quoted_campaign_called_a_battle_is_a_campaign():
    # Fire services call a campaign a battle (“清剿火患”战役) as they call one an action.
    text = "乡政府决定自即日起，组织开展今冬明春第二次“清剿火患”战役，现将实施方案印发给你们。"
    assert campaign_mentions(text, TAX) == ([], ["今冬明春第二次“清剿火患”战役"])
    # 继 and 保持 speak of the campaign; they are not part of its name.
    text = "继“火患清剿”战役后，大队保持“火患清剿”战役中高昂的斗志。"
    assert campaign_mentions(text, TAX) == ([], ["“火患清剿”战役"])
    # Unquoted, 战役 is a figure of speech.
    assert campaign_mentions("强化斗争韧劲，消防安全战役不获全胜绝不收兵。", TAX) == ([], [])


def test_slogans_are_not_campaigns():
    known, new = campaign_mentions("持续深入推进“喜迎二十大，全力保安全”主题教育活动。", TAX)
    assert (known, new) == ([], [])


def test_sidecar_wins_and_says_so():
    meta, origins, *_ = meta_of(
        "5月6日，盘锦市消防救援支队组织召开5月份办公会。",
        overrides={"title": ("五月办公会纪要", "sidecar"), "doc_type": ("会议", "sidecar")},
    )
    assert meta.title == "五月办公会纪要" and origins["title"].origin == "sidecar"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: " + "[" * 600 + "\n", "a.meta.yml: 嵌套超过 8 层：字段应写成“字段: 值”或简单的列表"),
        ("title: " + "9" * 5000 + "\n", "a.meta.yml: 有一个值超过 2000 个字符：元数据只写标题、日期等短字段"),
        ("a: &x 1\nb: *x\n", "a.meta.yml: 不能使用 & 和 * 引用：请直接写出每个值"),
        ("- just a list\n", "a.meta.yml: 应写成“字段: 值”的形式，例如 title: 文档标题"),
    ],
)
def test_unreadable_sidecars_name_the_fix(text, message):
    with pytest.raises(SidecarError) as info:
        parse_sidecar("a.meta.yml", text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date: 2024-02-30\n", "a.meta.yml: date “2024-02-30” 无效：请写成 2024-02-28（也可写 2024年2月28日、2024.2.28、2024/2/28）、2024-02 或 2024"),
        ("unit_level: 中队\n", "a.meta.yml: unit_level “中队” 无效；只能是 局、总队、支队、大队、站 之一"),
        ("campaigns: {a: b}\n", "a.meta.yml: campaigns 应是文字列表，例如 campaigns: [防火监督科, 政治部]"),
        ("split: maybe\n", "a.meta.yml: split 只能是 auto、none，或每篇第一行开头文字的列表，例如\nsplit:\n  - 一、改革工作情况\n  - 今年以来"),
        ("slug: 中文\n", "a.meta.yml: slug “中文” 只能用小写字母、数字和连字符，例如 slug: panjin-2024-jianbao-2"),
    ],
)
def test_a_bad_field_is_dropped_with_an_error_naming_it(text, message):
    overrides = parse_sidecar("a.meta.yml", text + "title: 其余字段照常使用\n")
    assert overrides.errors == (message,)
    assert overrides.fields["title"] == "其余字段照常使用"


def test_every_bad_field_is_reported_at_once():
    overrides = parse_sidecar("a.meta.yml", "date: 昨天\ndoc_type: 报告\nslug: 中文\n")
    assert len(overrides.errors) == 3


@pytest.mark.parametrize(("typed", "iso"), [
    ("2025-03-12", "2025-03-12"), ("2025年3月12日", "2025-03-12"), ("2025.3.12", "2025-03-12"),
    ("2025/3/12", "2025-03-12"), ("2025 年 3 月 12 日", "2025-03-12"), ("2025年3月", "2025-03"),
    ("2025-3", "2025-03"), ("2025", "2025"), ("2025年", "2025"),
])
def test_sidecar_dates_as_people_type_them(typed, iso):
    assert parse_sidecar("a.meta.yml", f"date: {typed}\n").fields["date"] == iso


def test_sidecar_unknown_keys_are_reported():
    assert parse_sidecar("a.meta.yml", "titel: 错字\n").unknown == ("titel",)


def test_taxonomy_errors_say_what_to_write(tmp_path):
    path = tmp_path / "taxonomy.yml"
    path.write_text("units:\n  - name: 盘锦市消防救援支队\n    code: 盘锦\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert str(info.value) == f"{path}: 第 2 行，单位“盘锦市消防救援支队”: code “盘锦” 只能用小写字母、数字和连字符：请写成 code: panjinshi-zhidui"


@pytest.mark.parametrize(
    ("mention", "canonical", "level", "parent"),
    [
        ("新疆森林消防总队伊犁支队", "新疆维吾尔自治区森林消防总队伊犁支队", "支队", "新疆维吾尔自治区森林消防总队"),
        ("四川省森林消防总队成都大队", "四川省森林消防总队成都大队", "大队", "四川省森林消防总队"),
        # The place by its short name, however written.
        ("四川省森林消防总队成都市大队", "四川省森林消防总队成都大队", "大队", "四川省森林消防总队"),
        # A prefecture's forest 支队 named by its place alone is its province brigade's.
        ("林芝市森林消防支队", "西藏自治区森林消防总队林芝支队", "支队", "西藏自治区森林消防总队"),
        ("林芝森林消防支队", "西藏自治区森林消防总队林芝支队", "支队", "西藏自治区森林消防总队"),
        # A county's 森林消防大队 or 支队 alone may be a local team: not the brigade's.
        ("金堂县森林消防大队", None, None, None),
        ("金堂县森林消防支队", None, None, None),
        # A place of another province, or no place, names no unit of the brigade.
        ("新疆森林消防总队成都大队", None, None, None),
        ("新疆森林消防总队召开支队", None, None, None),
    ],
)
def test_a_forest_brigades_units(mention, canonical, level, parent):
    assert TAX.canonical_unit(mention) == canonical
    if canonical:
        unit = TAX.unit(canonical)
        assert (unit.level, unit.parent) == (level, parent)
        # Its code is its own, not the brigade's or another unit's of the brigade.
        sibling = canonical.replace("伊犁", "阿勒泰").replace("成都", "绵阳").replace("林芝", "拉萨")
        assert unit.code not in {TAX.unit(parent).code, TAX.unit(sibling).code}


def test_repo_taxonomy_extends_the_packaged_one():
    tax = load_taxonomy(ROOT / "taxonomy.yml")
    assert tax.unit("盘锦市消防救援支队").code == "panjin-zhidui"
    assert "国家消防救援局" in tax.units


def test_a_title_the_sidecar_gives_says_the_kind_the_headings_could_only_guess():
    # A summary typed without a title: its headings make 总结 a guess.
    text = "一、工作情况\n今年以来，大队共检查单位320家，整改隐患410处。\n二、存在的问题\n基层力量仍然薄弱。\n"
    meta, origins, problems, *_ = meta_of(text)
    assert origins["doc_type"].guessed
    overrides = {"title": ("经济区消防大队2020年工作计划", "sidecar")}
    meta, origins, problems, *_ = meta_of(text, overrides=overrides)
    assert meta.doc_type == "计划"
    assert not origins["doc_type"].guessed and origins["doc_type"].origin == "sidecar"
    assert not any("文档类型" in p.message for p in problems)


@pytest.mark.parametrize(
    ("top", "title"),
    [
        # A site's and channel's names between bars: the headline is the next line.
        ("无线济南|济南网 民生 无线济南", "济南部署消防安全排查整治行动"),
        ("某某消防网｜基层动态", "济南部署消防安全排查整治行动"),
        # A column label before the headline, set apart by a bar: the line is the headline.
        ("记者节|“11.8”撞上“119” 新闻媒体记者走进“火焰蓝”体验消防生活",
         "记者节|“11.8”撞上“119”新闻媒体记者走进“火焰蓝”体验消防生活"),
        ("开启新征程 扬帆再出发丨吉林省消防救援总队召开2021年度党委扩大会议",
         "开启新征程扬帆再出发丨吉林省消防救援总队召开2021年度党委扩大会议"),
        # A page's title or keyword line, short phrases joined by _: the headline is the next line.
        ("www视频免费在线观看_911精品国产_海外中文字幕在线观看_高清一区二区", "济南部署消防安全排查整治行动"),
        ("济南部署消防安全排查整治行动_济南新闻_无线济南", "济南部署消防安全排查整治行动"),
        # The same joined by hyphens or bars.
        ("久久精品视频9-久久精品视频5-久久精品三级-五月天天爱-五月天色婷婷在线", "济南部署消防安全排查整治行动"),
        # The same list with commas, and an outlet's name under it: the headline is the line under both.
        ("中文字幕在线乱码，最新官网无码，视频在线观看2，在线免费观看不用下载\n\n人民网", "济南部署消防安全排查整治行动"),
    ],
)
def test_a_site_line_above_the_headline_is_not_the_title(top, title):
    text = f"{top}\n\n济南部署消防安全排查整治行动\n\n8月21日，全市消防工作推进会议召开，会议部署了排查整治工作。\n"
    meta, origins, problems, *_ = meta_of(text)
    assert meta.title.replace(" ", "") == title
    assert not origins["title"].guessed


def test_a_headline_of_clauses_naming_a_unit_is_the_title():
    # Three clauses, one naming the unit: a headline, not a keyword list.
    text = "勿恐慌，别围观，城东消防救援站提醒您\n\n8月21日，城东消防救援站开展消防宣传。\n"
    meta, origins, problems, *_ = meta_of(text)
    assert meta.title == "勿恐慌，别围观，城东消防救援站提醒您"


def test_a_comma_list_over_a_line_naming_nothing_is_flagged():
    # Neither line says who or what: which one is the headline is a guess.
    text = "青草视频在线，最新官网无码，免费观看不用下载\n\n春风十里不如你的笑容和温暖\n\n8月21日，全市开展消防宣传。\n"
    meta, origins, problems, *_ = meta_of(text)
    assert meta.title == "春风十里不如你的笑容和温暖" and origins["title"].guessed


@pytest.mark.parametrize(
    "line",
    ["久久精品视频9-久久精品视频5-久久精品三级-五月天天爱", "济南部署消防安全排查整治行动|济南新闻|无线济南网站",
     "某某新闻－本地要闻－某某网"],
)
def test_a_keyword_line_joined_by_hyphens_or_bars(line):
    from fireportal.metadata.titles import is_keyword_line

    assert is_keyword_line(line)


@pytest.mark.parametrize(
    "line",
    ["消防安全_人人有责", "关于做好2024年冬春火灾防控工作的通知", "附件1_2_3", "a_b_c", "某某支队开展演练，检查_设备_器材_情况",
     # A range, a date, a standard's code, one hyphen or bar: a headline's own.
     "某某支队2024-2025年度冬春火灾防控工作方案", "2025-03-17", "GB-50016-2014", "消防安全-人人有责",
     "记者节|“11.8”撞上“119” 新闻媒体记者走进“火焰蓝”体验消防生活", "2024-2025年冬春-火灾防控-工作"],
)
def test_not_a_keyword_line(line):
    from fireportal.metadata.titles import is_keyword_line

    assert not is_keyword_line(line)


@pytest.mark.parametrize(
    ("opening", "date"),
    [
        # A dateline standing alone above the lead: the lead's bare day is the event's.
        ("东南网3月26日报道（福建日报记者 戴敏 通讯员 李袁辉 摄）\n\n24日，", "2025-03-24"),
        ("中新网福州1月23日电（记者 张三 通讯员 李四 王五 摄）\n\n22日上午，", "2025-01-22"),
        # A dateline short enough to be set as a heading is a dateline all the same.
        ("中新网福州1月23日电\n\n22日上午，", "2025-01-22"),
        # …日报道 is a dateline as …日电 is, on the lead's own line too.
        ("东南网3月26日报道（记者 戴敏） 24日，", "2025-03-24"),
        # Nothing moves when the lead names no other day.
        ("东南网3月26日报道（福建日报记者 戴敏 通讯员 李袁辉 摄）\n\n近日，", "2025-03-26"),
    ],
)
def test_a_datelines_event_day_is_read_from_the_lead_under_it(opening, date):
    text = f"灭火演练\n\n{opening}龙岩支队在上杭开展灭火实战演练，检验队伍扑救森林火灾的能力。\n"
    meta, *_ = meta_of(text, "sources/2025/a.txt")
    assert meta.date == date


@pytest.mark.parametrize(
    ("issue", "title", "lead", "date"),
    [
        # An e-paper's issue date over a lead with its own day: the event's day, the issue's year.
        ("2019年12月26日", "通榆消防联合多部门 开展消防安全检查",
         "为深入推进冬春火灾防控工作，12月4日，白城支队通榆大队开展检查。", "2019-12-04"),
        # A day more than two months after the issue is of the year before.
        ("2020年1月3日", "通榆消防开展消防安全检查", "12月28日上午，通榆大队开展检查。", "2019-12-28"),
        # A day inside a clause is something the text refers to, not its event.
        ("2020年1月26日", "通榆消防开展消防安全检查", "为贯彻落实1月10日会议精神，通榆大队开展检查。", "2020-01-26"),
        # A range or an announcement is not the event's day.
        ("2020年1月26日", "通榆消防开展消防安全检查", "1月20日至25日，通榆大队开展检查。", "2020-01-26"),
        ("2020年1月26日", "通榆消防开展消防安全检查", "1月28日，通榆大队将开展检查。", "2020-01-26"),
        # A report that dates itself: the day its text names is what it reports on.
        ("2020年1月26日", "通榆县一起火灾事故情况通报", "1月20日，通榆县一民房发生火灾。", "2020-01-26"),
        # A paper's 讯 opening before the lead's own day: the day is still the event's.
        ("2023年09月28日", "运城消防召开推进会", "运城晚报讯 9月26日，市消防救援支队召开推进会。", "2023-09-26"),
        ("2023年09月28日", "运城消防召开推进会", "本报讯（记者 张三）9月26日上午，市消防救援支队召开推进会。", "2023-09-26"),
        # …but not a day inside its clause, nor an announcement.
        ("2023年09月28日", "运城消防召开推进会", "本报讯 为落实9月20日会议精神，市消防救援支队召开推进会。", "2023-09-28"),
        ("2023年09月28日", "运城消防召开推进会", "本报讯 10月8日，市消防救援支队将召开推进会。", "2023-09-28"),
    ],
)
def test_a_leads_own_day_under_a_date_line(issue, title, lead, date):
    text = f"{issue}\n\n{title}\n\n{lead}\n\n通过此次检查，消除了一批火灾隐患。\n"
    meta, *_ = meta_of(text, "sources/a.txt")
    assert meta.date == date


@pytest.mark.parametrize(
    ("stamp", "date"),
    [
        # A post's stamp line left in the text (account tag, time, province): the lead's year.
        ("政务   2024-11-14 20:43   内蒙古", "2024-11-14"),
        # No time of day: a date the text writes, not a page's stamp.
        ("政务   2023-11-14   内蒙古", ""),
    ],
)
def test_a_stamp_line_left_in_the_text_gives_the_leads_year(stamp, date):
    text = (f"全区消防救援队伍创建工作推进会在乌兰察布召开\n\n{stamp}\n\n"
            "11月14日，全区消防救援队伍创建工作推进会在乌兰察布召开。总队政治委员出席会议。\n")
    meta, *_ = meta_of(text, "sources/a.txt")
    assert meta.date == date


# A spam keyword line a hijacked page puts above the story.
SPAM = "最新电影在线观看，高清视频免费下载，精品视频一区二区三区等最新内容，好看的电影"


def test_a_picture_note_is_not_one_of_the_first_paragraphs_a_day_is_looked_for_in():
    # As a hijacked page comes out: spam, the headline and the picture's note all
    # paragraphs above the story; the note does not count among the first three.
    from fireportal.model import Block, TitleBlock

    texts = (SPAM, "村民被困洪水中长春消防火速救援", "（资料图片）",
             "8月6日4时50分，长春市消防救援支队抗洪突击队接到命令，在延和乡有一名被困人员，队员火速前往营救。")
    ctx = Context(source="sources/a.txt", head=TitleBlock(), taxonomy=TAX,
                  blocks=tuple(Block(kind="paragraph", text=t) for t in texts),
                  furniture=("来源:中国吉林网 发布:2023-08-08 08:47:28",))
    meta, origins, *_ = extract(ctx, overrides={})
    assert meta.date == "2023-08-06" and origins["date"].guessed


@pytest.mark.parametrize(
    ("above", "opening", "date", "guessed"),
    [
        # A keyword line above the story: the story's own opening day, a guess, with the stamp's year.
        (SPAM, "8月6日4时50分，", "2023-08-06", True),
        # The stamp's own day, or no day opening the paragraph: the stamp, as before.
        (SPAM, "8月8日，", "2023-08-08", False),
        (SPAM, "为落实8月1日会议精神，", "2023-08-08", False),
    ],
)
def test_a_day_opening_one_of_the_first_paragraphs_under_a_stamp(above, opening, date, guessed):
    text = (f"{above}\n\n村民被困洪水中 长春消防火速救援\n\n（资料图片）\n\n"
            f"{opening}长春市消防救援支队抗洪突击队接到命令，在延和乡有一名被困人员，队员火速前往营救。\n")
    shaped = structure(text)
    ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX,
                  furniture=("来源:中国吉林网 发布:2023-08-08 08:47:28",))
    meta, origins, *_ = extract(ctx, overrides={})
    assert meta.date == date
    assert origins["date"].guessed == guessed


@pytest.mark.parametrize(
    ("furniture", "guessed"),
    [
        # A related-links list: each entry stamped by another outlet.
        (("经济日报 2019-04-28 17:53:47", "国际在线 2019-04-28 17:49:29", "央广网 2019-04-28 10:19:55"), True),
        # A column's stamp alone, or the page's own labelled time above such a list.
        (("专题资讯 2019-04-28 10:16:30",), False),
        (("发布时间：2019-04-28 09:00 来源：中国新闻网", "经济日报 2019-04-27 17:53:47", "央广网 2019-04-27 10:19:55"), False),
    ],
)
def test_a_time_among_other_outlets_stamps_is_a_guess(furniture, guessed):
    text = "森林消防局直升机支队是应急管理部唯一一支专业航空消防力量，可在数小时内投入目标区域遂行任务。\n"
    shaped = structure(text)
    ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX, furniture=furniture)
    meta, origins, problems, *_ = extract(ctx, overrides={})
    assert meta.date == "2019-04-28"
    assert origins["date"].guessed == guessed


@pytest.mark.parametrize(
    ("furniture", "body_end", "guessed"),
    [
        # A journal article copied by an aggregator years later: the stamp is the copy's.
        (("发布时间:2022-01-08 13:43",), "【文章来源】：消防界（电子版）。2020,6(11)", True),
        (("发布时间:2022-01-08 13:43", "出处：中国消防 2019年第3期"), "", True),
        # The source line of the same year, or a stamp on the source line itself, says nothing against it.
        (("发布时间:2022-01-08 13:43",), "【文章来源】：消防界（电子版）。2022,8(1)", False),
        (("发布时间:2022-01-08 13:43", "来源:武冈市消防安全委员会 编辑:邓宇 2021-12-22 20:19:22"), "", False),
        (("发布时间:2022-01-08 13:43", "来源：中国新闻网 2021-12-22 10:16"), "", False),
        # A count after the source is no year.
        (("发布时间:2022-01-08 13:43", "来源：某某消防救援大队 浏览：2021次"), "", False),
        (("发布时间:2022-01-08 13:43",), "", False),
    ],
)
def test_a_stamp_later_than_the_cited_sources_year_is_a_guess(furniture, body_end, guessed):
    text = f"森林消防支队组织开展集中训练活动\n\n支队组织开展集中训练，锻造森林灭火尖刀力量。\n\n{body_end}\n"
    shaped = structure(text)
    ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX, furniture=furniture)
    meta, origins, problems, *_ = extract(ctx, overrides={})
    assert meta.date == "2022-01-08"
    assert origins["date"].guessed == guessed


@pytest.mark.parametrize(
    ("caption", "lead", "date"),
    [
        # A picture's caption over the story, dating nothing: the story's day, the stamp's year.
        ("直升机正在进行吊桶洒水作业。李国焘摄", "为提升实战水平，4月27日，林芝市森林消防支队开展演练。", "2022-04-27"),
        ("（记者 张三 摄）", "4月27日上午，林芝市森林消防支队开展演练。", "2022-04-27"),
        # A caption that dates the event keeps its day.
        ("4月21日，消防员在林区开展森林灭火演练。程雪力摄", "连日来，林芝市森林消防支队开展演练。", "2022-04-21"),
    ],
)
def test_a_photo_caption_over_the_story_is_not_its_lead(caption, lead, date):
    text = f"空地协同开展森林灭火演练\n\n{caption}\n\n{lead}\n\n演练检验了队伍的实战能力。\n"
    shaped = structure(text)
    ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX,
                  furniture=("发布时间: 2022-04-29 09:15:00 来源: 中国新闻网",))
    meta, origins, problems, *_ = extract(ctx, overrides={})
    assert meta.date == date


@pytest.mark.parametrize(
    ("text", "caption"),
    [("高原型米-171直升机正在进行吊桶洒水作业。李国焘摄", True), ("（记者 张三 摄）", True),
     ("演习现场，消防员正在地面扑救火灾。王玺 摄", True),
     # A lead of the story, not a caption, however it ends.
     ("4月27日，支队开展演练，检验了队伍的实战能力。", False), ("通过演练，提高了队伍的能力。", False)],
)
def test_captions(text, caption):
    from fireportal.metadata.context import is_caption

    assert is_caption(text) is caption


@pytest.mark.parametrize(
    ("top", "guessed"),
    [
        # A document-sharing site's file details around its upload time.
        ("ID:46044793\n大小:53.00 KB\n页数:3页\n", True),
        ("页数：12页\n", True),
        # A page's own time without them.
        ("", False),
    ],
)
def test_an_upload_time_beside_a_shared_files_details_is_a_guess(top, guessed):
    text = f"{top}\n2019年消防工作计划\n\n2019年是消防大队改革转制的开局之年，我们的计划如下。\n"
    shaped = structure(text)
    ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX,
                  furniture=("时间:2019-11-20",))
    meta, origins, problems, *_ = extract(ctx, overrides={})
    assert meta.date == "2019-11-20"
    assert origins["date"].guessed == guessed
