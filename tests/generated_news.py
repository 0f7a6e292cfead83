"""Generated but realistic Chinese news pages, for tests that need more than the five seeds.

The pages are saved-as-text dumps the way news sites lay them out (a
breadcrumb naming the site, the headline, a byline with date and source, the
paragraphs), spread over six months and five sources, on a handful of topics.
The same seed always gives the same pages, so counts in tests are stable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

# (source, breadcrumb naming the site): the text reader takes the site from the breadcrumb.
SOURCES = (
    ("新华社", "新华网 > 国际 > 正文"),
    ("人民日报", "人民网首页 > 时政 > 正文"),
    ("中新社", "中国新闻网 > 财经 > 正文"),
    ("史政先锋", "网易 > 网易号 > 军事"),
    ("寄星夜幕星河", "网易 > 网易号 > 历史"),
)
SOURCE_WEIGHTS = (6, 4, 3, 2, 1)
# Uneven on purpose, so that facet counts differ and histogram bars have different heights.
MONTHS = (("2025-09", 2), ("2025-10", 3), ("2025-11", 5), ("2025-12", 4), ("2026-01", 7), ("2026-02", 3))
CITIES = ("北京", "上海", "广州", "成都", "武汉", "西安", "杭州", "哈尔滨", "昆明", "乌鲁木齐")


@dataclass(frozen=True)
class Topic:
    name: str
    titles: tuple[str, ...]
    sentences: tuple[str, ...]


TOPICS = (
    Topic(
        "能源",
        (
            "{city}加快建设新型能源体系 储能项目陆续投产",
            "冬季能源保供有序推进 {city}天然气供应平稳",
            "{city}光伏装机突破{number}万千瓦 能源结构持续优化",
        ),
        (
            "记者从{city}市发展改革委获悉，今年以来全市新增储能装机{number}万千瓦，能源保供能力明显增强。",
            "业内人士表示，天然气价格回落为冬季能源保供创造了有利条件。",
            "国家能源局有关负责人介绍，电网调峰能力提升后，新能源消纳比例达到{percent}%。",
            "{city}供热企业已完成管网检修，确保居民安全温暖过冬。",
            "专家认为，能源转型需要统筹发展与安全，稳步推进煤电清洁化改造。",
        ),
    ),
    Topic(
        "外交",
        (
            "外长会谈聚焦地区局势 双方同意加强沟通",
            "多国呼吁通过谈判实现停火 人道援助持续进入",
            "{city}举办国际论坛 与会代表探讨全球治理",
        ),
        (
            "双方外长在会谈中就双边关系和共同关心的国际地区问题深入交换意见。",
            "联合国秘书长发言人表示，停火协议的落实需要各方保持克制。",
            "与会代表认为，对话协商是化解分歧的唯一正确途径。",
            "外交部发言人在例行记者会上回答了有关问题，重申了一贯立场。",
            "分析人士指出，谈判取得进展将为地区和平带来新的希望。",
        ),
    ),
    Topic(
        "体育",
        (
            "全国田径锦标赛{city}落幕 多名选手刷新个人最好成绩",
            "{city}马拉松鸣枪开跑 {number}名跑者参赛",
            "青年运动员夺得女子铅球金牌",
        ),
        (
            "本届锦标赛共有{number}名运动员参赛，比赛持续四天。",
            "在女子铅球决赛中，年轻选手最后一投锁定金牌。",
            "组委会介绍，赛事期间志愿者提供了周到的服务保障。",
            "教练表示，队员们冬训刻苦，状态正在逐步回升。",
        ),
    ),
    Topic(
        "科技",
        (
            "{city}发布人工智能产业行动方案 支持大模型应用落地",
            "无人驾驶公交在{city}开通试运营",
            "国产芯片企业营收增长{percent}% 研发投入持续加大",
        ),
        (
            "方案提出，到明年底全市人工智能核心产业规模力争突破{number}亿元。",
            "试运营期间，无人驾驶车辆配备安全员，乘客可通过手机预约乘车。",
            "企业负责人表示，芯片设计能力的提升离不开长期的研发投入。",
            "专家提醒，新技术的推广应用要同步完善安全监管。",
        ),
    ),
    Topic(
        "农业",
        (
            "{city}秋粮收获过半 粮食生产再获丰收",
            "高标准农田建设提速 {city}灌溉条件明显改善",
        ),
        (
            "农业农村部门数据显示，全市秋粮已收获{percent}%，单产稳中有升。",
            "种粮大户算了一笔账，今年每亩增收约{number}元。",
            "高标准农田建成后，灌溉用水效率提高，机械化作业更加方便。",
        ),
    ),
)

# Sentences any story may carry, so that articles differ in length and wording.
GENERAL = (
    "据了解，相关工作已纳入今年的重点任务清单。",
    "{city}市民表示，希望有关举措尽快落到实处。",
    "截至目前，已有{number}家单位参与其中。",
    "有关负责人强调，要把群众满意作为检验工作成效的标准。",
    "下一步，{city}将进一步完善配套政策，加强督促检查。",
    "相关部门表示，将继续做好后续工作，有关情况将适时向社会公布。",
)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(city=rng.choice(CITIES), number=rng.randint(12, 980), percent=rng.randint(3, 96))


def _reference(seed: int, serial: int) -> str:
    """A sentence only this page has: without it the pages of a topic, made of the
    same sentences, would be near-duplicates, copies of one story."""
    own = random.Random(f"reference-{seed}-{serial}")
    digits = " ".join(f"{own.randrange(10**6):06d}" for _ in range(16))
    return f"本稿数据核验编号为{digits}。"


def _page(rng: random.Random, seed: int, serial: int) -> tuple[str, str]:
    """One page's file name and text."""
    topic = TOPICS[serial % len(TOPICS)]
    source, breadcrumb = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
    month = rng.choices([month for month, _ in MONTHS], weights=[weight for _, weight in MONTHS])[0]
    day, hour, minute = rng.randint(1, 28), rng.randint(6, 22), rng.randint(0, 59)
    title = _fill(rng.choice(topic.titles), rng)
    sentences = rng.sample(topic.sentences, k=len(topic.sentences)) + rng.sample(GENERAL, k=rng.randint(1, 3))
    paragraphs = []
    while sentences:
        size = rng.randint(1, 3)
        taken, sentences = sentences[:size], sentences[size:]
        paragraphs.append("".join(_fill(sentence, rng) for sentence in taken))
    paragraphs[-1] += _reference(seed, serial)
    text = "\n".join(
        [breadcrumb, title, f"{month}-{day:02d} {hour:02d}:{minute:02d} 来源：{source}", *paragraphs]
    )
    return f"{serial:04d}_{topic.name}.txt", text + "\n"


def write_news(folder: Path, count: int = 150, seed: int = 6) -> list[Path]:
    """Write ``count`` generated pages into ``folder``; the same seed gives the same pages."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for serial in range(count):
        name, text = _page(rng, seed, serial)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
