"""What one line of page text is: article text, page chrome, the start of the
page's tail, or a byline.

The rules describe how Chinese news pages are laid out in general, whatever
the site: share bars and counters above the text, editor and copyright lines
and recommendation lists below it. Both readers use them: the text-dump reader
on every line of the dump, the HTML reader on the lines of the content block.
Every pattern is anchored and has no nested quantifiers, so a line costs time
linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.extract.dates import find_stamp
from indexer.extract.outlets import opens_with_credit

_SPACE = re.compile(r"\s+")
# A line break inside Chinese text is a wrapping artefact of the page source,
# not a space the reader sees.
_CJK_BREAK = re.compile(r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])\s*\n\s*(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])")

# Alternatives inside a repetition never share a first character, so each
# position matches one way and the pattern stays linear.
_SHARE = re.compile(
    r"^(?:\d*\s*分享(?:到|至)?(?:[:：\sA-Za-z\d+]|微信|朋友圈|微博|空间|新浪|腾讯|豆瓣|复制链接|人人网|跟贴|跟帖|小字号|大字号)*"
    r"|(?:微信|朋友圈|微博|QQ空间|QQ|复制链接)(?:\s*(?:微信|朋友圈|微博|QQ空间|QQ|复制链接))+)$"
)
_COUNTER = re.compile(r"^\d{1,7}$")
_ROLES = (
    r"责任编辑|责编|编辑|校对|审核|审校|监制|图片编辑|值班编辑|编审|统筹|策划|终审|二审|三审|初审|主编|出品人|制作|美编|流程编辑"
    r"|責任編輯|責編|編輯|校對|審核|監製|主編"
)
_EDITOR = re.compile(
    rf"^(?:【纠错】\s*)?[\[【(（]?\s*(?:本文来源[:：].{{0,40}}?)?(?:{_ROLES})\s*[:：/／]\s*[^。]{{1,80}}$"
)
_READ_STATS = re.compile(
    r"^(?:阅读|浏览|评论|点赞|在看|收藏|转发|喜欢|閱讀|瀏覽|評論|點閱|點讚|人氣|人气)\s*(?:数|數|量|次数|次數)?\s*[:：(（]?\s*[\d.,]+\s*[万萬千wk+]*\s*(?:次)?[)）]?$"
)

# Lines that are page furniture wherever they stand; one alternation, so a
# line is matched once rather than once per pattern.
_CHROME_LINES = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in (
            r"^!\[[^\]]*\]\([^)]*\)$",  # image placeholder left by "save as text"
            r"^ad\d*\s+webp$",  # ad slot markers
            r"^声明[:：].{0,30}$",  # the author's own one-line copyright notice
            r"^(?:展开全文|返回搜狐[，,]\s*查看更多|打开网易新闻\s*查看精彩图片|阅读原文|轻触阅读原文|继续滑动看下一个|向上滑动看下一个"
            r"|预览时标签不可点|微信扫一扫关注该公众号|微信扫一扫\s*使用小程序|微信扫一扫可打开此内容.*|使用完整服务|知道了|取消|允许"
            r"|【纠错】|纠错|\[?打印\]?|\[?关闭(?:窗口)?\]?|(?:字号|字號|字级|字級|字体|字體|文字大小)(?:設定|设定|设置|調整|调整)?[:：]?\s*[大中小特\s]+|查看全文|点击加载更多|加载更多|返回顶部"
            r"|收藏|举报|投诉|写评论|我要评论|发表评论|点击进入专题|进入专题.*|更多\s*[>»]+|打开APP.{0,10}|(?:A\+|A-|A)(?:\s+(?:A\+|A-|A))+)$",
            # a row of page tools: 【打印】 【关闭】, 【字体：大 中 小】
            r"^(?:[【\[]?\s*(?:打印|列印|关闭|關閉|关闭窗口|收藏|纠错|糾錯|返回顶部|字体[:：]?\s*[大中小\s]+)\s*[】\]]?\s*)+$",
            r"^[^。]{0,16}(?:下载|下載|打开|打開|安装|安裝)[^。]{0,12}(?:客户端|客戶端|APP|App|应用程序|應用程式)[^。]{0,16}$",  # app-download prompts
            r"^[^。]{0,24}(?:新闻信|新聞信|newsletter)[^。]{0,24}$",  # newsletter sign-ups
            r"^(?:广告|廣告|AD|推广|推廣)$",  # an ad slot's label
            r"^[^。]{0,24}(?:上一页|下一页|上一頁|下一頁)[^。]{0,24}$",  # a pager
            r"^[（(]\s*[^()（）。]{0,12}(?:编辑|編輯|责编|責編)\s*[:：]?\s*[^()（）。]{1,16}[)）]$",  # (某网编辑 张三)
            r"^[^。]{0,12}(?:扫码|扫一扫|长按识别|长按二维码)[^。]{0,24}$",  # QR-code prompts
            r"^(?:关注|点击关注).{0,12}(?:公众号|微信号).{0,16}$",
            r"^原标题[:：].{0,80}$",  # the headline the story first ran under
            r"^(?:短网址|短網址|本文网址|本文網址|分享网址|分享網址|复制链接|複製連結)[:：]?\s*(?:https?://\S*)?$",  # link tools
            r"^(?:无障碍浏览\s*)?进入关怀版$|^无障碍浏览$",
            # one share button a line, as a dump writes a share bar
            r"^(?:facebook|messenger|line|weibo|twitter|telegram|plurk|whatsapp|linkedin|threads|微博|微信|朋友圈|QQ空间|複製連結|复制链接)$",
        )
    ),
    re.IGNORECASE,
)

# Lines after which nothing belongs to the article any more.
_TAIL_HEADINGS = {
    "相关推荐", "热点推荐", "相关阅读", "推荐阅读", "相关新闻", "延伸阅读", "热门推荐", "猜你喜欢", "精彩推荐",
    "热门评论", "网友评论", "最新评论", "全部评论", "评论", "往期回顾", "往期推荐", "往期精彩", "热门文章",
    "热文推荐", "大家都在看", "为您推荐", "相关文章", "更多精彩", "更多阅读", "今日推荐", "热点新闻", "精选推荐",
    "相关专题", "相关报道", "热门新闻", "推荐新闻", "精彩图片", "阅读排行", "新闻排行", "点击排行", "热门排行",
    "无障碍浏览 进入关怀版",
    # as Taiwan and Hong Kong sites write them
    "相關新聞", "相關閱讀", "延伸閱讀", "推薦閱讀", "熱門新聞", "猜你喜歡", "網友評論", "熱門評論", "相關報導", "更多新聞",
}
# Links to the previous and next story: the article is over.
_NEXT_STORY = re.compile(r"^[【\[]?\s*(?:上一篇|下一篇|上一則|下一則|上一条|下一条|上一條|下一條|阅读下一篇|閱讀下一篇)\s*(?:[:：】\]]|$)")
_COUNT = re.compile(r"\s*[(（]?\d+\s*(?:条|條|则|則)?[)）]?$")
_HEADING_DECORATION = "【】[]■▲▼●◆◇○□★☆>»›：:|｜/\\-—_ 　"
_TAIL_STARTS = (
    "特别声明", "免责声明", "平台声明", "版权声明", "郑重声明", "反侵权公告", "侵权公告", "法律声明", "如果您喜欢", "Notice: The content above", "本文为澎湃号作者",
    "声明：该文观点仅代表作者本人", "声明:该文观点仅代表作者本人",
)
# Boxes that follow a story rather than belong to it: suicide-prevention
# hotlines after a crime report, a paywall's notice, the footer's licences.
_AFTERWORD = re.compile(
    r"(?:自殺防治|自杀防治|自殺諮詢|自杀咨询|生命線|生命线|張老師|张老师|安心專線|安心专线)[^。，]{0,10}[:：]\s*\d"
    r"|^[^。，]{0,12}(?:關心您|关心您)(?:[:：][^。]{0,16})?$|(?:付費|付费)(?:會員|会员)|(?:已過|已过)(?:查詢|查询)(?:時效|时效)"
    # a site's or paper's footer: licence and registration numbers
    r"|ICP备|ICP證|ICP证|公网安备|公網安備|统一刊号|統一刊號|邮发代号|郵發代號"
)
_COPYRIGHT = re.compile(
    r"^(?:copyright\b|©|\(c\)\s*\d{4}|版权所有|版權所有).{0,200}$|^.{0,100}(?:版权所有|版權所有|all rights reserved"
    r"|(?:未经|未經|非经|非經).{0,12}(?:授权|授權|许可|許可)[，,、]?\s*(?:不得|禁止|严禁|嚴禁|请勿|請勿)"
    r"(?:转载|轉載|使用|复制|複製|摘编|摘編)).{0,100}$",
    re.IGNORECASE,
)
# Calls to action: what a page asks its reader to do (download, subscribe,
# follow, click), and what it offers them (an app, a newsletter, a page on a
# social network, a promotion). Wording that recurs across outlets; whether a
# line is chrome is decided by where it stands and its shape (see _is_call).
_ASKS = re.compile(
    r"訂閱|订阅|下載|下载|追蹤|追踪|關注|关注|加入|收看|收聽|收听|點我|点我|按我|點擊|点击|點此|点此|掃描|扫描|按讚|讚好|"
    r"登入|登录|登錄|註冊|注册|輸入|输入|立即|馬上|马上|搜尋|搜索|查詢"
)
_INSISTENT_ASKS = re.compile(r"訂閱|订阅|下載|下载|點我|点我|按我|點擊|点击|點此|点此|登入|登录|登錄|註冊|注册|輸入|输入")
_OFFERS = re.compile(
    r"app\b|(?<![a-z])fb(?![a-z])|應用程式|應用程序|应用程序|客戶端|客户端|電子報|电子报|專頁|专页|粉絲團|粉丝团|粉專|facebook|telegram|line\b|youtube|"
    r"instagram|twitter|plurk|頻道|频道|公眾號|公众号|信箱|邮箱|優惠|优惠|中獎|中奖|抽獎|抽奖|活動辦法|活动办法|熱線|热线|"
    r"https?://|www\.|@[a-z0-9-]+\.[a-z]",
    re.IGNORECASE,
)
_CALL_LONGEST = 80  # a call to action is a short line; a story's sentence may mention an app
_EDGE_CALL_LONGEST = 60
_SHORT_OFFER = 30
_ADDRESS = re.compile(r"https?://|www\.|[\w.-]+@[\w-]+\.[a-z]", re.IGNORECASE)  # a link or an e-mail address
_BARE_CALL_LONGEST = 24
_CREDIT_LONGEST = 20  # "記者：陳子謙" under the text, which may stay


def _is_call(line: str, *, at_edge: bool) -> bool:
    """A call to action: a short line that asks the reader to do something
    with an app, a newsletter or a social page (wherever it stands), or, at the
    article's end, one that only asks or only offers, and is no sentence of the story."""
    if len(line) > _CALL_LONGEST:
        return False
    if at_edge and _ADDRESS.search(line) and _OFFERS.search(line):
        return True  # "提供新聞訊息…煩請email至公用信箱：news@example.com。": a notice, whatever its ending
    asks, offers = _ASKS.search(line), _OFFERS.search(line)
    if line.endswith("。"):
        # "蘋果日報fb，每日分享精選新聞及網絡新鮮事。": a short offer under the story
        return at_edge and bool(offers) and len(line) <= _SHORT_OFFER
    if asks and offers:
        return True
    return at_edge and bool(asks or offers) and len(line) <= _EDGE_CALL_LONGEST


def _is_bare_ask(line: str) -> bool:
    """A short line that only asks ("感謝您的訂閱！", "立即點擊"): chrome beside a call to action."""
    return len(line) <= _BARE_CALL_LONGEST and "，" not in line and bool(_INSISTENT_ASKS.search(line))


def drop_trailing_calls(paragraphs: list[str]) -> list[str]:
    """The article without the calls to action after its last paragraph (a
    reporter's credit among them stays)."""
    end = len(paragraphs)
    kept_credits: list[str] = []
    while end > 1:
        line = paragraphs[end - 1]
        if _is_call(line, at_edge=True):
            end -= 1
        elif len(line) <= _CREDIT_LONGEST and is_byline(line, has_date=False) and not kept_credits:
            kept_credits.append(line)
            end -= 1
        else:
            break
    return [*paragraphs[:end], *kept_credits]


# A summary box over a story, in its brackets: "[摘要：…]", "【导读】…".
_SUMMARY_BOX = re.compile(r"^[\[【]\s*(?:摘要|内容摘要|內容摘要|内容提要|內容提要|导读|導讀|核心提示)\s*[:：\]】)）]")
AUTHOR_STATS = re.compile(r"^\d+\s*文章数\s*\d+\s*关注度$")
# "首页 > 新闻 > 正文"; old pages draw the arrow as "-->" and end with the headline.
_BREADCRUMB = re.compile(r"^[^\s>»›]{1,12}(?:\s*(?:-*>+|»|›)\s*(?:[^\s>»›]{1,12}|[^\s>»›-]{13,40}$)?){1,6}(?:\s+\S{1,8})?$")

# Section names of site menus: a line naming three of them is a menu, even
# when "save as text" ran its links together without spaces.
_MENU_WORDS = (
    "首页", "新闻", "体育", "娱乐", "财经", "科技", "汽车", "房产", "教育", "时尚", "军事", "国际", "国内", "社会",
    "视频", "图片", "登录", "注册", "首頁", "政治", "國際", "兩岸", "產經", "生活", "登入",
)
# Menu items stand apart by spaces or by bars between them ("首页|商学院|高端阅读|评论").
_ITEM_BREAK = r"(?:\s+|\s*[|｜]\s*)"
_SHORT_TOKENS = re.compile(rf"^(?:[^\s|｜]{{1,4}}{_ITEM_BREAK}){{2,}}[^\s|｜]{{1,4}}$")  # "首页 新闻 体育", "原创 周末 小城观察"
# "国家重点实验室 环球网 海外网 人民图片 人民视觉"
_LINK_ROW = re.compile(rf"^(?:[^\s|｜！？!?]{{1,8}}{_ITEM_BREAK}){{3,}}[^\s|｜！？!?]{{1,8}}$")

_BYLINE_MARKERS = (
    "来源：", "来源:", "作者：", "作者:", "记者：", "记者:", "发布时间", "发布于", "发表于", "时间：", "时间:",
    "编辑：", "编辑:", "日期：", "日期:", "更新时间", "文/", "文|", "稿源",
    # as Taiwan and Hong Kong pages write them
    "來源：", "來源:", "記者：", "記者:", "發布時間", "發佈時間", "發表於", "更新時間", "時間：", "時間:", "編輯：", "編輯:",
)
# A reporter's credit line: "記者王小明／台北報導", "大陸中心／李育道報導", "编译 张三/综合报道".
_REPORT_CREDIT = re.compile(r"^[^，。]{1,24}[／/]\s*[^，。／/]{0,12}(?:報導|报道|報道|报导|編譯|编译)$")
# The header's clock: today's date beside the weather or the lunar calendar, never a publish date.
_CLOCK = re.compile(r"天气|天氣|气温|氣溫|℃|°C|农历|農曆|阴历|陰曆")
SENTENCE_END = "。！？!?…"


# The label a breadcrumb opens with.
WHERE = re.compile(r"^(?:当前位置|您的位置|你的位置|您所在的位置|您现在的位置|當前位置|目前位置|位置)[:：\s]\s*")


_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


def visible(text: str) -> str:
    """``text`` without the zero-width characters templates leave in titles."""
    return _INVISIBLE.sub("", text)


def clean(text: str) -> str:
    """One line of text as a reader sees it: runs of white space are one space."""
    return _SPACE.sub(" ", _CJK_BREAK.sub("", text)).strip()


def split_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each cleaned."""
    lines = (clean(line) for line in text.replace("\u00a0", " ").splitlines())
    return [line for line in lines if line and visible(line).strip()]


def is_share(line: str) -> bool:
    return len(line) <= 60 and bool(_SHARE.match(line))


def is_counter(lines: Sequence[str], index: int) -> bool:
    """A bare number right before a share bar: the page's share count."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return bool(_COUNTER.match(lines[index])) and is_share(following)


def is_editor(line: str) -> bool:
    return len(line) <= 120 and bool(_EDITOR.match(line))


def is_chrome(line: str) -> bool:
    """Page furniture that can stand anywhere: share bars, prompts, editor lines."""
    if len(line) > 160:
        return False  # Furniture is short; a long line is somebody's text.
    return (
        is_share(line)
        or is_editor(line)
        or bool(_READ_STATS.match(line))
        or bool(_CHROME_LINES.match(line))
    )


def is_tail(line: str) -> bool:
    """A line that starts the page's tail: recommendations, comments, disclaimers, copyright."""
    heading = _COUNT.sub("", line.strip(_HEADING_DECORATION).removesuffix("更多")).strip(_HEADING_DECORATION)
    if heading in _TAIL_HEADINGS:  # "相关推荐", "网友评论 0 条"
        return True
    if line.startswith(_TAIL_STARTS) or AUTHOR_STATS.match(line):
        return True
    if len(line) <= 80 and _NEXT_STORY.match(line):
        return True
    if len(line) <= 120 and _AFTERWORD.search(line):
        return True
    return len(line) <= 300 and (is_editor(line) or bool(_COPYRIGHT.match(line)))


def is_byline(line: str, *, has_date: bool) -> bool:
    """A short line of metadata above the text: date, 来源, 作者 and the like."""
    if len(line) > 100 or "。" in line or _CLOCK.search(line):
        return False
    # A dated line with a Chinese comma is the first sentence of a story, not a byline.
    return (has_date and "，" not in line) or any(marker in line for marker in _BYLINE_MARKERS) or bool(_REPORT_CREDIT.match(line))


def is_breadcrumb(line: str) -> bool:
    """``网易首页 > 网易号 > 正文``, ``您所在的位置 首页 专题``: where the page sits in the site."""
    return len(line) <= 100 and bool(_BREADCRUMB.match(line) or WHERE.match(line))


def is_menu(line: str) -> bool:
    """A row of section links or of short labels, not a headline."""
    if len(line) > 120 or "。" in line or "，" in line:
        return False
    return (
        bool(_SHORT_TOKENS.match(line) or _LINK_ROW.match(line))
        or sum(1 for word in _MENU_WORDS if word in line) >= 3
    )


def is_head_furniture(line: str, title: str | None) -> bool:
    """What stands between a headline and the text: bylines, share bars, menus, the headline repeated."""
    return (
        line == title
        or is_menu(line)
        or bool(_COUNTER.match(line))
        or is_chrome(line)
        or is_breadcrumb(line)
        or is_byline(line, has_date=find_stamp(line) is not None)
    )


# How many lines a story's opening credit may stand under the start of its
# text (a lead photo's caption, a crosshead above it), and how long they are.
_CREDIT_REACH = 4
_LEAD_IN_LONGEST = 200


def from_credit(paragraphs: list[str]) -> list[str]:
    """The paragraphs from the one that opens with the story's credit
    (〔記者…／台北報導〕, 【明報專訊】, 新华社…电) on, when only a caption or a
    crosshead stands above it: the story starts at its credit."""
    for at, paragraph in enumerate(paragraphs[: _CREDIT_REACH + 1]):
        if opens_with_credit(paragraph):
            return paragraphs[at:] if all(len(lead) <= _LEAD_IN_LONGEST for lead in paragraphs[:at]) else paragraphs
    return paragraphs


def article_paragraphs(lines: Sequence[str], dense: Sequence[bool] | None = None) -> list[str]:
    """The article's paragraphs among ``lines``, which start where its text starts.

    Chrome lines are dropped wherever they stand; the first tail line after
    some text ends the article. ``dense`` marks lines made mostly of links
    (lists of other articles), which are never text.
    """
    paragraphs: list[str] = []
    summary: list[str] = []
    after_call = False
    for index, line in enumerate(lines):
        if is_tail(line):
            if paragraphs:
                break
            continue
        if not paragraphs and _SUMMARY_BOX.match(line):
            summary.append(line)  # the summary box over the story
            continue
        if (dense and dense[index]) or is_chrome(line) or is_counter(lines, index):
            continue
        # A sign-up box: the call, then the form's own lines ("感謝您的訂閱！").
        call = _is_call(line, at_edge=False) or (after_call and _is_bare_ask(line))
        after_call = call
        if not call:
            paragraphs.append(line)
    # A story written as one paragraph under a lead-in mark ("【导读】7月进入月底，…")
    # is no summary over a story: it is the story.
    return drop_trailing_calls(paragraphs or summary)
