"""Who a story comes from: the names of outlets, and the credits that name them.

A wire or newspaper story opens with its dateline credit, ``新华社北京8月12日电``,
``中新网约翰内斯堡8月10日电``, ``（中央社記者邱俊欽桃園19日電）``, ``本报讯``: the
outlet, a place, a day, and 电 or 讯. A reprint runs it into whatever stood
above (``原标题：…扬子晚报网7月24日讯``), so a known outlet's name is found
anywhere in the head of the text; an unknown one only where the credit opens a
line or follows punctuation, and only when the name ends the way outlets' names
end (社, 网, 报, 新闻, 客户端…). A name read from a byline or a 来源 line is
checked the same way, so a clause of the text ("上午", "在上海举行") is never
taken for a source.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_OUTLETS_FILE = Path(__file__).with_name("outlets.txt")
# How outlets' names end: agencies, sites, papers, broadcasters, apps.
_ENDINGS = (
    "通讯社|通訊社|社|网|網|报|報|新闻|新聞|客户端|客戶端|电视台|電視台|广播|廣播|电台|電台|日报|日報|晚报|晚報|"
    "时报|時報|周刊|週刊|杂志|雜誌|经纬|經緯|财经|財經|在线|在線|快讯|快訊|报道|報導|传媒|傳媒"
)
_OUTLET_END = re.compile(rf"(?:{_ENDINGS})(?:\s*[A-Za-z.]+)?$")  # "中央社 CNA", "三立新聞網 SETN.COM"
_CJK = r"\u3400-\u9fff"
# Between the outlet and the day: a place, or a reporter's credit and a place.
_GAP = rf"\s?(?:[{_CJK}]{{0,12}}?)\s?"
_DAY = r"(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日\s*"
_WIRE = r"[电電讯訊]"
_UNLISTED_LONGEST = 8  # longer, and a caption or headline ran into an unlisted outlet's credit
_BRAND = re.compile(r"[A-Z]{3,12}")
_LOGO = 12  # a site's name standing alone (a logo, a footer) is no longer
_HEAD = 160  # how far into a story its credit may stand
# What may stand before an unknown outlet's credit.
_BOUNDARY = r"(?:^|(?<=[\s，。；：:、（(【\[〔）)】\]〕|｜]))"
# Labels and words that name no outlet at all.
_NOT_OUTLETS = re.compile(
    r"^(?:转载|轉載|转载文章|轉載文章|转自|本站|本网|本網|原创|原創|网络|網絡|网友|網友|互联网|互聯網|综合|綜合|未知|"
    r"网友投稿|投稿|其他|其它|整理|编辑|編輯|记者|記者|作者|佚名|匿名)$"
)
_DECORATION = " []【】〔〕<>《》「」『』|｜:：·-—_"
# What may follow an outlet's name in a 来源 field: a place or a channel.
_QUALIFIER = re.compile(r"\s*(?:[（(][^）)]{1,12}[）)]|[－\-—·•_|｜ ]\s*[^\s，,。]{1,8}?(?:频道|頻道|分社|版))?\s*")
_DOMAIN = re.compile(r"\.(?:com|net|org|cn|tw|hk)\b", re.IGNORECASE)  # "BUSINESS.SOHU.COM" is an address
_NAME_CHARACTERS = re.compile(rf"^[{_CJK}A-Za-z0-9·•（）()\-－—_ .]+$")
# A sentence's clause, not a name: times of day and words of running text.
_CLAUSE_WORDS = re.compile(
    r"(?:上午|下午|中午|晚上|傍晚|凌晨|早上|今天|昨天|明天|今日|昨日|近日|日前|目前|发布|發布|举行|舉行|表示|认为|認為|"
    r"获悉|獲悉|报道|報導|报导|记者|記者|通讯员|通訊員|摄影|攝影|编辑|編輯|责编|責編|以来|以來|告诉|告訴|现场|現場|图片|圖片|"
    r"进入|進入|去年|今年|明年|主办|主辦|时间|時間|日期|更新|发表|發表|出版|刊出|正在|原创稿|原創稿|作者|转自|轉自|星期|"
    # a page's controls: print, font size, log in, share
    r"列印|打印|字體|字体|字號|字号|字級|字级|文字大小|登入|登录|登錄|註冊|注册|分享|收藏|回到|返回)"
)
# China's provinces and regions: the IP-location label beside a byline's date
# ("2024年12月18日 18:08 江苏"), never a source.
_REGIONS = frozenset(
    "北京 天津 上海 重庆 重慶 河北 山西 辽宁 遼寧 吉林 黑龙江 黑龍江 江苏 江蘇 浙江 安徽 福建 江西 山东 山東 河南 湖北 湖南 广东 廣東 "
    "海南 四川 贵州 貴州 云南 雲南 陕西 陝西 甘肃 甘肅 青海 台湾 台灣 臺灣 内蒙古 內蒙古 广西 廣西 西藏 宁夏 寧夏 新疆 香港 澳门 澳門 海外".split()
)
# Particles of running text; names hold them too (自由時報, 和讯网), so only a
# name that does not end like an outlet's is judged by them.
_PARTICLES = re.compile(r"[的了在是将將据據由均和与與]")
# Those no outlet's name holds before its ending (自由時報 and 和讯网 hold 由 and 和).
_STEM_PARTICLES = re.compile(r"[的了在是将將据據均与與]")


@cache
def known_outlets() -> tuple[str, ...]:
    """The listed outlets, longest first so that 中国日报网 wins over 中国日报."""
    names = (line.strip() for line in _OUTLETS_FILE.read_text(encoding="utf-8").splitlines())
    return tuple(sorted({name for name in names if name and not name.startswith("#")}, key=len, reverse=True))


@cache
def _known_credit() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in known_outlets())
    # "新华社北京8月12日电", "本报讯", "新华社拉萨电", "央视网消息：", and in brackets
    # opening a story "【环球时报综合报道】", "【环球网报道 记者 张三】" (unbracketed,
    # "据环球时报报道" cites another outlet in the running text).
    return re.compile(
        rf"(?:(?P<open>【)|据|據)?(?P<outlet>{names})(?:{_GAP}{_DAY}{_WIRE}|{_WIRE}|[{_CJK}]{{1,8}}{_WIRE}(?![{_CJK}])"
        rf"|消息(?=[：:（(\s])|(?(open)(?:综合|綜合)?(?:报道|報導)(?=[\s】])|(?!)))"
    )


# Without a day, only a short name before 讯 or 电 is a credit ("本报讯"), not a clause.
_UNKNOWN_CREDIT = re.compile(
    rf"{_BOUNDARY}(?:据|據)?(?:(?P<outlet>[{_CJK}A-Za-z·]{{1,12}}(?:{_ENDINGS})){_GAP}{_DAY}{_WIRE}"
    rf"|(?P<short>[{_CJK}]{{1,4}}(?:{_ENDINGS})){_WIRE}(?![{_CJK}]))"
)
_REPORTER = re.compile(
    rf"{_BOUNDARY}(?P<outlet>[{_CJK}A-Za-z·]{{1,12}}?(?:{_ENDINGS}))(?:首席|特约|特約|见习|見習|全媒体|全媒體)?(?:记者|記者)"
)


def _outlet(credit: re.Match[str]) -> str:
    return credit.group("outlet") or credit.group("short")


def _credit(text: str) -> re.Match[str] | None:
    found = [match for match in (_known_credit().search(text), _UNKNOWN_CREDIT.search(text)) if match]
    # The credit that ends first is the one; of two ending together, the known name.
    return min(found, key=lambda match: (match.end(), match.re is _UNKNOWN_CREDIT), default=None)


def _settle(name: str) -> str | None:
    """An outlet's name as a credit gave it: a listed outlet's name at its end is
    the outlet ("林森环球时报" ran a reporter's name into it); a clause is no name."""
    name = re.sub(r"^(?:据|據)", "", name)
    known = _known_at_end(name)
    if known:
        return known
    # An unlisted outlet's name is short; a longer one has a caption run into it ("川农大供图四川在线").
    return name if len(name) <= _UNLISTED_LONGEST and is_name(name) else None


def _known_at_end(name: str) -> str | None:
    """The listed outlet ``name`` ends with: text ran into it ("拥军优属叙真情安青网")."""
    return next((outlet for outlet in known_outlets() if name.endswith(outlet)), None)


def dateline_source(text: str) -> str | None:
    """The outlet a story's dateline credit names (``新华社北京8月12日电`` → 新华社), if it opens with one."""
    match = _credit(text[:_HEAD])
    return _settle(_outlet(match)) if match else None


_REPORTERS = re.compile(r"^\s*[（(][^（）()]{0,40}[）)]\s*")


def strip_credit(text: str) -> str:
    """``新华社北京8月12日电（记者张三）今天…`` → ``今天…``: a story's text without the credit opening it."""
    credit = _credit(text[:_HEAD])
    if credit is None or text[: credit.start()].strip(" 　【】[]（(") != "":
        return text
    rest = text[credit.end() :]
    if credit.re is _known_credit() and credit.group("open") and "】" in rest[:_HEAD]:
        return rest[rest.index("】") + 1 :]  # "【环球网报道 记者 张三】…": the reporters are in the brackets
    return _REPORTERS.sub("", rest.lstrip("）) "), count=1)


# A bracketed report credit opening a story, whoever's: "〔記者施曉光／台北報導〕",
# "〔即時新聞／綜合報導〕", "【本報記者報道】", "（某某社記者張三台北23日電）".
_BRACKETED_CREDIT = re.compile(
    r"^\s*(?:[〔【\[][^〔〕【】\[\]]{1,40}?(?:報導|报道|報道|报导|專訊|专讯|快訊|快讯|電|电|訊|讯)\s*[〕】\]]"
    r"|[（(][^（）()]{2,40}?[電电][）)])"
)


def opens_with_credit(text: str) -> bool:
    """Whether ``text`` opens with a story's dateline or report credit: the story starts there."""
    return bool(_BRACKETED_CREDIT.match(text)) or strip_credit(text) != text


def reporter_outlet(text: str) -> str | None:
    """The outlet of a reporter's credit at the head of a story (``本报记者 葛灵丹`` → 本报)."""
    match = _REPORTER.search(text[:_HEAD])
    return _settle(match.group("outlet")) if match else None


def outlet_name(text: str) -> str | None:
    """The outlet a 来源 field or a byline's name names, cut from text run into it; None for a non-name."""
    name = text.strip(_DECORATION)
    credit = _credit(name)
    if credit and credit.start() == 0:
        return _settle(_outlet(credit))
    if credit:
        name = name[: credit.start()].strip(_DECORATION)  # "人民网－湖南频道人民网长沙7月26日电"
    reporter = _REPORTER.search(name)
    if reporter:
        return _settle(reporter.group("outlet"))  # "羊城晚报全媒体记者"
    known = next((outlet for outlet in known_outlets() if name.startswith(outlet)), None)
    if known:
        if not _QUALIFIER.fullmatch(name[len(known) :]) and not _OUTLET_END.search(name):
            return known  # "华尔街见闻美元指数走弱": the text ran on
        return name if is_name(name) else known  # "人民网－湖南频道", "21世纪经济报道(广州)"
    return _known_at_end(name) or (name if is_name(name) else None)


def is_outlet(text: str) -> bool:
    """Whether ``text`` is a listed outlet's name or ends the way outlets' names end."""
    name = text.strip()
    return name in known_outlets() or (is_name(name) and bool(_OUTLET_END.search(name)))


def is_brand(name: str) -> bool:
    """Whether ``name`` is a brand in capitals (CTWANT, RTHK, CSDN), as no person's name is written."""
    return bool(_BRAND.fullmatch(name.strip()))


def is_credited_outlet(name: str) -> bool:
    """Whether a credit naming ``name`` names an outlet rather than a person."""
    return is_outlet(name) or is_brand(name)


def is_logo(text: str) -> bool:
    """Whether ``text`` is a site's name standing alone (a logo, a footer), never a headline or a paragraph."""
    return len(text.strip()) <= _LOGO and is_outlet(text)


def is_name(text: str) -> bool:
    """Whether ``text`` reads as the name of an outlet, an account or a person, not a clause of a sentence."""
    name = text.strip()
    if not 2 <= len(name) <= 24 or name in _REGIONS or _NOT_OUTLETS.match(name) or not _NAME_CHARACTERS.match(name) or _DOMAIN.search(name):
        return False
    if name in known_outlets() or re.fullmatch(r"[A-Za-z][A-Za-z0-9_ .\-]{1,23}", name):
        return True
    ending = _OUTLET_END.search(name)
    # Judged without its ending: "网易商业报道" ends like an outlet, "据新华社报道" is a clause.
    stem = name[: ending.start()] if ending else name
    if _CLAUSE_WORDS.search(stem) or _STEM_PARTICLES.search(stem) or re.search(r"\d", name):
        return False
    # An outlet's name, or a short one: a person or an account.
    return bool(ending) or (len(name) <= 8 and not _PARTICLES.search(name))
