"""Text pages as a reader expects them: the headline line, however short,
without a lead-in, a title made from the text without its credit; the text of
a browser's save-as-text from its first paragraph to its last, lists and
tables inside it kept, lists after it left out."""

from __future__ import annotations

import pytest

from indexer.extract import extract_bytes
from indexer.extract.text import derive_title

VERDICT = "2023年7月1日，被告人张某酒后驾驶机动车在城区道路行驶，被交警查获。法院审理认为，张某构成危险驾驶罪。"


def read(text: str):
    return extract_bytes("page.txt", text.encode("utf-8"))


def test_a_short_first_line_is_the_title_and_not_dropped():
    record = read(f"醉驾案\n{VERDICT}\n")
    assert (record.title, record.title_derived, record.body) == ("醉驾案", False, VERDICT)


def test_a_page_opening_with_the_original_headline_has_it_as_title():
    record = read(f"原标题：暴雨来袭 多地发布预警\n{VERDICT}\n")
    assert (record.title, record.body) == ("暴雨来袭 多地发布预警", VERDICT)


def test_the_first_line_names_the_headline_below_the_menus():
    page = "\n".join(["醉驾男子获刑_法治频道_某某网", "首页 新闻 体育 财经", "当前位置：首页 > 法治", "醉驾男子获刑",
                      "2023-07-02 10:00 来源：", "某某日报", VERDICT, "相关新闻", "另一起醉驾案宣判"])
    record = read(page)
    assert (record.title, record.source, record.body) == ("醉驾男子获刑", "某某日报", VERDICT)
    assert record.date.isoformat() == "2023-07-02T10:00:00"


def test_a_derived_title_leaves_out_the_credit():
    assert derive_title(["新华社北京8月12日电（记者张三）今天，国家统计局发布数据。"]) == "今天，国家统计局发布数据"
    assert derive_title(["（中央社記者邱俊欽桃園19日電）桃園市平鎮區一家輪胎行今天清晨發生大火。"]) == "桃園市平鎮區一家輪胎行今天清晨發生大火"


def dump(*body: str) -> str:
    return "\n".join(["退休年龄怎么算_财经频道_某某网", "首页 新闻 财经 汽车", "退休年龄怎么算", *body])


def test_a_caption_under_the_headline_is_not_the_first_paragraph():
    record = read(dump("士林一年邁母子在住處上吊身亡。", "友善列印", "小字型", "2018-09-16 15:31 中時", VERDICT))
    assert (record.body, record.date.isoformat(), record.source) == (VERDICT, "2018-09-16T15:31:00", "中時")


FORMULA = ["女职工退休年龄=50+3×（50+出生年份-2021）/12", "女干部退休年龄=55+3×（55+出生年份-2021）/12",
           "男性退休年龄=60+3×（60+出生年份-2021）/12"]
CLOSING = "我们选取同为1980年出生的女职工、女干部和男性来计算，结果各不相同，差距最大的是女职工。"


def test_short_lines_the_text_resumes_after_are_the_storys_own():
    record = read(dump(VERDICT, *FORMULA, CLOSING, "相关阅读", "延迟退休最新消息"))
    assert record.body.split("\n") == [VERDICT, *FORMULA, CLOSING]


def test_a_list_the_text_does_not_resume_after_ends_it():
    others = ["美媒：中国延迟退休需周详规划", "“延迟退休”真的是世界潮流？", "有国企退休后比退休前收入高", "网易首页新闻首页"]
    assert read(dump(VERDICT, CLOSING, *others)).body.split("\n") == [VERDICT, CLOSING]


def test_a_row_of_fields_under_the_text_names_the_source():
    record = read(dump("2005-07-18 13:03:17", VERDICT, "编辑： 金金 来源： 21世纪经济报道 作者：宋怡 杨志华", "我要说说 打印 推荐"))
    assert (record.source, record.body) == ("21世纪经济报道", VERDICT)


def test_a_paper_footer_ends_the_text():
    record = read(dump(VERDICT, "西藏日报社出版|国内统一刊号：CN54—0002|邮发代号：67—1"))
    assert record.body == VERDICT


def test_a_quote_closed_with_an_exclamation_is_a_paragraph():
    quote = "“你是不知道，每天看着孩子们仰着小脸儿等你表扬，那种成就感，真的太棒了！”"
    assert read(dump(quote, VERDICT)).body.split("\n") == [quote, VERDICT]


def test_a_platform_named_in_the_story_is_not_the_site():
    story = "近日，多家网贷平台“爆雷”，投资者损失惨重。监管部门表示，将依法严厉打击。"
    notice = "特别声明：以上内容为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。"
    assert read(f"网贷平台爆雷\n{story}\n").site is None
    assert read(f"网贷平台爆雷\n{story}\n{notice}\n").site == "网易号"


def test_a_dump_without_its_title_line_skips_the_logo_tools_and_addresses():
    page = "\n".join(["某城晚报", "首页 本地 国内 国际 财经", "![]()", "居家养老有“医”靠 安宁疗护有温度",
                      "http://www.example.com 2021-12-20 08:30", "分享到：", "![]()", VERDICT, "某城晚报"])
    record = read(page)
    assert (record.title, record.date.isoformat(), record.body) == ("居家养老有“医”靠 安宁疗护有温度", "2021-12-20T08:30:00", VERDICT)


def test_a_headline_over_a_row_of_share_buttons_saved_one_a_line():
    buttons = ["分享", "Facebook", "Twitter", "分享至Google+", "人人", "开心网", "新浪微博", "qq空间", "豆瓣", "转寄朋友", "打印文稿"]
    page = "\n".join(["您所在的位置 首页 国际 两岸", "港特首梁振英就住宅违建事件道歉", "更新时间 2012年12月10日, 格林尼治标准时间10:41",
                      *buttons, "![]()", VERDICT])
    record = read(page)
    assert (record.title, record.date.isoformat(), record.body) == ("港特首梁振英就住宅违建事件道歉", "2012-12-10T18:41:00", VERDICT)


# Self-media stories are often written a clause a line, with few full stops.
CLAUSES = ["下周一，", "京沪高速施工就将进入第二阶段，", "也是对无锡市民出行影响最大的一段。", "什么？", "你还不知道？",
           "快点击这里了解一下！", "5月10日起，江阴大桥将半幅封闭施工22天！", "5月20日至31日，", "京沪高速北京方向，", "将进行封闭施工！！！",
           "01", "相关路段强制分流，听从交警指挥疏导",
           "5月20日-31日，无锡枢纽、峭岐枢纽转京沪高速往北京方向匝道，璜塘、江阴南、江阴、江阴北4个收费站将利用隔离设施进行封闭。",
           "请大家听从现场民警指挥，关注道路电子显示屏、交通广播、指示牌诱导进行绕行。", "请大家互相转告通知，", "平安出行，安全到家。"]


@pytest.mark.parametrize("title_line", [True, False])
def test_a_story_written_a_clause_a_line_starts_at_its_first_clause(title_line):
    head = ["京沪高速无锡段封闭施工_网易订阅"] if title_line else []
    page = "\n".join([*head, "网易号", "京沪高速无锡段封闭施工", "2019-05-17 · 苏皖城市报道", "分享到", "19", "跟贴", *CLAUSES,
                      "特别声明：以上内容为自媒体平台“网易号”用户上传并发布。"])
    record = read(page)
    assert (record.title, record.source, record.body.split("\n")) == ("京沪高速无锡段封闭施工", "苏皖城市报道", CLAUSES)


def test_a_summary_box_over_the_story_is_left_out():
    record = read(f"醉驾案宣判\n2023-07-02 10:00\n【导读】张某醉驾被判拘役。\n{VERDICT}\n")
    assert record.body == VERDICT


def test_a_story_written_as_one_lead_in_paragraph_is_kept():
    """Market reports open their one paragraph with the mark: no article is lost for it."""
    story = f"【导读】7月进入月底，{VERDICT}"
    record = read(f"【导读】7月进入月底\n2023-07-31 00:00\n{story}\n")
    assert record.body == story
