"""Content scoring on a page whose class names say nothing: the story just
under its headline wins over a longer block of prose further down (a
comment policy), as a reader would see it."""

from __future__ import annotations

from indexer.extract import extract_bytes

STORY = [
    "北市士林區一處民宅今天下午驚傳母子身亡，警方獲報後到場處理，初步排除外力介入，詳細死因仍待檢察官相驗釐清。",
    "鄰居表示，母子兩人平日深居簡出，兒子長年照顧年邁母親，近來經濟狀況不佳，令人不勝唏噓。",
]
POLICY = [
    "本網站保留刪除留言的權利，使用者如有疑問，請與客服聯繫，我們將儘速處理，謝謝合作。",
    "本網站對留言系統使用者發布的文字、圖片或檔案保有修改或移除的權利，使用者使用本網站留言服務時，表示已詳細閱讀並同意下述規定。",
    "請勿重覆刊登一樣的文章，或大意內容相同、類似的文章，也請不要刊登與主題無相關之內容，違者刪除。",
    "發言涉及攻擊、侮辱、影射或其他有違社會善良風俗、社會正義、國家安全、政府法令之內容，本網站將逕行刪除。",
]


def test_the_story_under_its_headline_beats_a_longer_block_further_down():
    links = "".join(f"<div><a href='/n/{n}'>其他新聞標題第{n}則</a></div>" for n in range(30))
    html = (
        "<html><head><meta charset='utf-8'><title>母子身亡 | 某某新聞網</title></head><body>"
        "<header><h1>母子身亡</h1></header><div><div>" + "".join(f"<p>{p}</p>" for p in STORY) + "</div></div>"
        + links + "<div><div>留言規則</div>" + "".join(f"<div>{p}</div>" for p in POLICY) + "</div></body></html>"
    ).encode("utf-8")
    record = extract_bytes("page.html", html)
    assert (record.title, record.body.split("\n")) == ("母子身亡", STORY)


def test_a_page_without_title_or_h1_reads_its_headline_and_byline_at_the_head_of_the_block():
    html = (
        "<html><head><meta charset='gbk'></head><body><table><tr><td>"
        "<div>多数夫妻生活有名无实 日本无性婚姻问题严重(图)</div><div>2005-04-05 06:40更新 来源：转载文章</div>"
        + "".join(f"<p>{p}</p>" for p in STORY) + "<p>来源：新闻晨报</p></td></tr></table></body></html>"
    ).encode("gbk")
    record = extract_bytes("page.html", html)
    assert (record.title, record.title_derived) == ("多数夫妻生活有名无实 日本无性婚姻问题严重(图)", False)
    assert (record.date.isoformat(), record.source) == ("2005-04-05T06:40:00", "新闻晨报")
    assert record.body.split("\n")[:2] == STORY
