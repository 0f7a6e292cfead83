"""Saved article pages as the big Chinese news sites lay them out.

Each builder wraps a Story in its site's real page structure: the meta tags,
the class names and ids, the byline, the way paragraphs and image captions
are marked up, and the chrome around the article (navigation, breadcrumb,
share bars, editor lines, disclaimers, related lists, comments, sidebars,
app prompts, copyright), encoded the way the site serves it. The tests check
that the reader gets the story back and none of the chrome; the extraction
benchmark wraps real articles in the same pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape

from stories import Story

CHINA = timezone(timedelta(hours=8))

# Text that appears only in chrome; none of it may reach a body.
RELATED = (
    "日本央行宣布维持超宽松货币政策不变",
    "国际油价连续三日下跌 布伦特原油跌破70美元",
    "联合国安理会就中东局势召开紧急会议",
    "美联储官员称年内降息次数或少于市场预期",
    "韩国总统就经济政策发表新年演说",
    "多地出台新政支持首套住房贷款",
)
RELATED_TRADITIONAL = ("總統出席書展開幕典禮", "出版業年度報告出爐", "立法院三讀通過文化預算", "故宮新展下週登場")
COMMENTS = (
    "这篇分析很到位，期待后续的深度报道。",
    "希望各方早日坐下来谈，受苦的始终是老百姓。",
    "写得不错，已经转发给朋友们看了。",
)
NAV = ("首页", "新闻", "体育", "娱乐", "财经", "科技", "汽车", "房产", "教育", "时尚")
NAV_TRADITIONAL = ("首頁", "即時", "政治", "國際", "兩岸", "產經", "證券", "科技", "生活", "社會")
CHROME = (
    *RELATED, *RELATED_TRADITIONAL, *COMMENTS, "非經授權", "登入", "责任编辑", "责编", "分享到", "Copyright", "版权所有", "客户端", "相关阅读", "相关新闻",
    "相关推荐", "热点推荐", "推荐阅读", "网友评论", "热门评论", "特别声明", "免责声明", "平台声明", "返回搜狐",
    "文章关键词", "举报", "纠错", "扫一扫", "扫码", "阅读原文", "往期推荐", "在看", "编辑：", "登录", "注册",
    "文章数", "关注度", "跟贴", "原标题", "24小时", "大家都在看", "延伸閱讀", "相關新聞", "編輯：", "版權所有",
    "新浪首页", "网易首页", "人民网首页", "正文",
)


@dataclass(frozen=True)
class Page:
    name: str
    data: bytes
    encoding: str  # what the reader should report having decoded
    story: Story
    date: datetime  # what the page says, to the precision it says it
    source: str
    site: str | None


def _links(headlines: tuple[str, ...], *, dated: bool = True, base: str = "https://example.com/a/") -> str:
    items = []
    for number, headline in enumerate(headlines, start=1):
        when = f'<span class="time">2026-01-{10 + number:02d} 0{number}:15</span>' if dated else ""
        items.append(f'<li><a href="{base}{number:04d}.html" target="_blank">{headline}</a>{when}</li>')
    return "<ul>" + "".join(items) + "</ul>"


def _nav(home: str, css: str, tag: str = "div", names: tuple[str, ...] = NAV) -> str:
    items = "".join(f'<a href="https://www.example.com/{n}/">{name}</a>' for n, name in enumerate(names))
    login = "<a>登入</a><a>註冊</a>" if names is NAV_TRADITIONAL else '<a class="login">登录</a><a>注册</a>'
    return f'<{tag} class="{css}"><a class="logo" href="/">{home}</a>{items}{login}</{tag}>'


def _comments(css: str, heading: str) -> str:
    rows = "".join(
        f'<div class="item"><span class="user">网友{n}</span><p class="txt">{text}</p><span>2026-01-2{n} 10:0{n}</span> '
        f"<a>回复</a> <a>举报</a></div>"
        for n, text in enumerate(COMMENTS, start=1)
    )
    return f'<div class="{css}" id="{css}"><h3>{heading}</h3><textarea placeholder="文明上网理性发言"></textarea>{rows}</div>'


def _article(story: Story, paragraph: Callable[[str], str], figure: Callable[[str], str]) -> str:
    parts = [paragraph(escape(text)) for text in story.paragraphs]
    if story.caption:
        parts.insert(2, figure(escape(story.caption)))
    return "\n".join(parts)


def _page(head: str, body: str, charset_meta: str, *, doctype: str = "<!DOCTYPE html>") -> str:
    return f"{doctype}\n<html>\n<head>\n{charset_meta}\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"


def _open_graph(story: Story, kind: str, url: str) -> str:
    return (
        f'<meta property="og:type" content="{kind}">\n<meta property="og:title" content="{story.title}">\n'
        f'<meta property="og:url" content="{url}">'
    )


def _described(story: Story) -> str:
    return (
        f'<meta name="keywords" content="{",".join(story.keywords)}">\n'
        f'<meta name="description" content="{story.paragraphs[0][:60]}">'
    )


def _ymd(moment: datetime, pattern: str) -> str:
    return moment.strftime(pattern)


def netease_news(story: Story) -> Page:
    when = story.published
    head = f"""<title>{story.title}_网易新闻</title>
{_described(story)}
{_open_graph(story, "article", "https://www.163.com/news/article/KL3M0ABC000189FH.html")}
<meta property="og:release_date" content="{_ymd(when, '%Y-%m-%d %H:%M:%S')}">
<link rel="stylesheet" href="https://static.ws.126.net/163/f2e/post_nodejs/static/css/main.css">
<script>var _ntes_nacc = "news";</script>"""
    body = f"""{_nav("网易首页", "N-nav-channel")}
<div class="container clearfix" id="container">
<div class="post_main">
  <div class="post_crumb"><a href="https://www.163.com/">网易首页</a> &gt; <a href="https://news.163.com/">新闻中心</a> &gt; <a href="https://news.163.com/domestic/">国内新闻</a> &gt; 正文</div>
  <h1 class="post_title">{story.title}</h1>
  <div class="post_info">{_ymd(when, '%Y-%m-%d %H:%M:%S')}　来源: <a href="https://www.chinanews.com.cn/" rel="nofollow">{story.source}</a> <a class="post_jubao">举报</a></div>
  <div class="post_top_share"><span>分享到</span> <a>微信</a> <a>微博</a> <a>QQ空间</a> <a class="post_top_tie">0 跟贴</a></div>
  <div class="post_content" id="content">
    <div class="post_body">
{_article(story, lambda t: f"<p>{t}</p>", lambda c: f'<p class="f_center"><img src="https://nimg.ws.126.net/?url=a.jpg" alt="{c}"><br>{c}</p>')}
      <p></p>
      <div class="post_author">本文来源：{story.source} 责任编辑：王晓_NN1234</div>
    </div>
  </div>
  <div class="post_next"><a href="https://www.163.com/news/article/KL3M0ABD000189FH.html">下一篇：{RELATED[0]}</a></div>
  {_comments("post_comment", "热门跟贴")}
  <div class="post_recommends"><h2>相关推荐</h2>{_links(RELATED[1:])}</div>
</div>
<div class="post_side"><div class="side_hot"><h3>热点新闻</h3>{_links(RELATED, dated=False)}</div><div class="side_rank"><h3>24小时排行</h3>{_links(RELATED[::-1])}</div></div>
</div>
<div class="N-footer"><p>About NetEase - 公司简介 - 联系方法 - 招聘信息 - 客户服务 - 隐私政策</p><p>网易公司版权所有 &copy;1997-2026</p></div>"""
    html = _page(head, body, '<meta charset="utf-8">')
    return Page("netease_news", html.encode("utf-8"), "utf-8", story, when, story.source, "网易新闻")


def netease_hao(story: Story) -> Page:
    when = story.published
    bio = "专注国际时事，理性解读热点"
    head = f"""<title>{story.title}|无人机|和谈_网易订阅</title>
<meta name="keywords" content="{','.join(story.keywords)}">
{_open_graph(story, "article", "https://www.163.com/dy/article/KM1A2B3C0553ABCD.html")}
<meta property="og:release_date" content="{_ymd(when, '%Y-%m-%d %H:%M:%S')}">"""
    body = f"""{_nav("网易首页", "N-nav-channel")}
<div class="container clearfix">
<div class="post_main">
  <div class="post_crumb"><a href="https://www.163.com/">网易首页</a> &gt; <a href="https://www.163.com/dy/">网易号</a> &gt; 正文 <a class="post_crumb_apply">申请入驻</a></div>
  <h1 class="post_title">{story.title}</h1>
  <div class="post_info">{_ymd(when, '%Y-%m-%d %H:%M:%S')}　来源: <a href="https://www.163.com/dy/media/T1500000000000.html">{story.source}</a></div>
  <div class="post_top_share"><span class="post_top_tie_count">0</span><span>分享至</span></div>
  <div class="post_content">
    <div class="post_body">
{_article(story, lambda t: f"<p>{t}</p>", lambda c: f'<p class="f_center"><img src="https://nimg.ws.126.net/?url=b.jpg"></p><p class="f_center">{c}</p>')}
      <p>声明：个人原创，仅供参考</p>
    </div>
    <div class="post_statement"><p>特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。</p><p>Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services.</p></div>
  </div>
  <div class="post_recommends"><h2>相关推荐</h2><h2>热点推荐</h2>{_links(RELATED)}</div>
</div>
<div class="post_side">
  <div class="post_wemedia"><div class="post_wemedia_time">{_ymd(when, '%Y-%m-%d %H:%M:%S')}</div><div class="post_wemedia_name"><a href="https://www.163.com/dy/media/T1500000000000.html">{story.source}</a> <span class="icon">incentive-icons</span></div><p class="post_wemedia_info">{bio}</p><p>1623文章数 36200关注度</p></div>
  <div class="side_news"><h3>往期回顾</h3>{_links(RELATED[:3], dated=False)}</div>
  <div class="side_yaowen"><h3>头条要闻</h3>{_links(RELATED[3:], dated=False)}</div>
</div>
</div>
<div class="N-footer"><p>无障碍浏览 进入关怀版</p></div>"""
    html = _page(head, body, '<meta charset="utf-8">')
    return Page("netease_hao", html.encode("utf-8"), "utf-8", story, when, story.source, "网易号")


def sina(story: Story) -> Page:
    when = story.published
    head = f"""<title>{story.title}|欧盟|制裁_新浪新闻</title>
{_described(story)}
<meta name="tags" content="欧盟,制裁,能源" />
{_open_graph(story, "news", "https://news.sina.com.cn/w/2026-01-25/doc-inakxyzw1234567.shtml")}
<meta property="og:image" content="https://n.sinaimg.cn/news/crawl/1/w550h300/20260125/ab12-cd34.jpg" />
<meta name="weibo: article:create_at" content="{_ymd(when, '%Y-%m-%d %H:%M:%S')}" />
<meta name="mediaid" content="{story.source}" />
<meta name="sudameta" content="allCIDs:51923,56264;dataid:inakxyzw1234567" />
<meta property="article:published_time" content="{_ymd(when, '%Y-%m-%dT%H:%M:%S')}+08:00" />
<meta property="article:author" content="{story.source}" />
<link rel="stylesheet" type="text/css" href="//n.sinaimg.cn/news/post/css/article_2019.css" />"""
    body = f"""<div class="top-bar-wrap" id="sina-top-bar">{_nav("新浪首页", "top-bar-inner")}</div>
<div class="main-content w1240">
  <div class="path"><a href="https://news.sina.com.cn/">新浪新闻</a> &gt; <a href="https://news.sina.com.cn/world/">国际新闻</a> &gt; 正文</div>
  <h1 class="main-title">{story.title}</h1>
  <div class="top-bar-inner clearfix" id="top_bar">
    <div class="date-source"><span class="date">{_ymd(when, '%Y年%m月%d日 %H:%M')}</span><a href="http://www.news.cn/" class="source" target="_blank" rel="nofollow">{story.source}</a></div>
    <div class="share-wrap"><span>分享到：</span><a>微博</a><a>微信</a><a>复制链接</a></div>
  </div>
  <div class="article-content clearfix" id="article_content">
    <div class="article-content-left">
      <div class="article" id="artibody" data-sudaclick="blk_content">
{_article(story, lambda t: f"<p>　　{t}</p>", lambda c: f'<div class="img_wrapper"><img id="0" src="//n.sinaimg.cn/news/crawl/1/w550h300/20260125/ab12-cd34.jpg" alt="{c}"><span class="img_descr">{c}</span></div>')}
        <p class="show_author">责任编辑：李墨 </p>
      </div>
      <div class="article-bottom clearfix" id="article-bottom">
        <div class="keywords" id="keywords"><i>文章关键词：</i><a>欧盟</a><a>制裁</a></div>
        <div class="appendQr_wrap"><p>扫描二维码下载新浪新闻客户端</p></div>
      </div>
      <div class="blk-related"><h2>相关新闻</h2>{_links(RELATED[:3])}</div>
      {_comments("sina-comment-wrap", "我要评论")}
      <div class="feed-card"><h2>猜你喜欢</h2>{_links(RELATED[3:])}</div>
    </div>
    <div class="article-content-right"><div class="page-right-bar"><h2>热门推荐</h2>{_links(RELATED, dated=False)}</div></div>
  </div>
</div>
<div class="footer"><p>新浪简介 | About Sina | 广告服务 | 联系我们 | 招聘信息 | 网站律师 | SINA English | 通行证注册 | 产品答疑</p><p>Copyright &copy; 1996-2026 SINA Corporation, All Rights Reserved</p><p>新浪公司 版权所有</p></div>"""
    html = _page(head, body, '<meta http-equiv="Content-type" content="text/html; charset=gb2312" />')
    return Page("sina", html.encode("gbk"), "gb18030", story, when, story.source, "新浪新闻")


def sohu(story: Story) -> Page:
    when = story.published
    head = f"""<title>{story.title}_中亚_峰会_合作</title>
<meta name="keywords" content="{','.join(story.keywords)}">
{_open_graph(story, "news", "https://www.sohu.com/a/862000001_162758")}
<meta property="og:release_date" content="{_ymd(when, '%Y-%m-%d %H:%M')}">
<meta name="mediaid" content="{story.source}">
<meta property="og:site_name" content="搜狐">
<meta itemprop="dateUpdate" content="{_ymd(when, '%Y-%m-%d %H:%M')}">"""
    body = f"""<header id="header" class="header">{_nav("搜狐", "head-nav")}</header>
<div class="location-without-nav"><a href="https://www.sohu.com/">搜狐首页</a> &gt; 新闻</div>
<div class="area clearfix" id="article-container">
  <div class="column left"><div class="user-info" id="user-info"><div class="user-pic"><img src="//p5.itc.cn/a.png"></div><h4><a href="https://mp.sohu.com/profile?xpt=abc">{story.source}</a></h4><ul><li>文章<em>25万</em></li><li>总阅读<em>80亿</em></li></ul><a class="attention">关注</a></div></div>
  <div class="left main">
    <div class="text">
      <div class="text-title">
        <h1>{story.title} <span class="article-tag"></span></h1>
        <div class="article-info"><span class="time" id="news-time">{_ymd(when, '%Y-%m-%d %H:%M')}</span><span data-role="original-link">来源: <a href="https://www.huanqiu.com/" target="_blank">{story.source}</a></span></div>
      </div>
      <article class="article" id="mp-editor">
        <p data-role="original-title" style="display:none">原标题：{story.title}</p>
{_article(story, lambda t: f"<p>{t}</p>", lambda c: f'<p><img src="//p3.itc.cn/q_70/images03/20260203/abc.jpeg"></p><p>{c}</p>')}
        <p><a href="//www.sohu.com/?strategyid=00001 " target="_blank" title="点击进入搜狐首页" id="backsohucom"><span class="backword"><i class="backsohu"></i>返回搜狐，查看更多</span></a></p>
        <p data-role="editor-name">责任编辑：<span>王洁</span></p>
      </article>
      <div class="statement">平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</div>
      <div class="article-do"><span class="read-num">阅读 (<em>2万</em>)</span><a class="report">举报</a></div>
      <div class="bottom-relate"><h3>推荐阅读</h3>{_links(RELATED[:4])}</div>
      {_comments("comment", "网友评论")}
    </div>
  </div>
  <div class="sidebar right" id="right-side-bar"><div class="hot-article"><h3>24小时热文</h3>{_links(RELATED, dated=False)}</div></div>
</div>
<footer><p>Copyright &copy; 2026 Sohu All Rights Reserved. 搜狐公司 版权所有</p></footer>"""
    html = _page(head, body, '<meta charset="utf-8">')
    return Page("sohu", html.encode("utf-8"), "utf-8", story, when, story.source, "搜狐")


def tencent(story: Story) -> Page:
    when = story.published
    data = (
        f'{{"article_id":"20260128A08XYZ00","title":"{story.title}","media":"{story.source}",'
        f'"pubtime":"{_ymd(when, "%Y-%m-%d %H:%M:%S")}","catalog1":"world"}}'
    )
    head = f"""<title>{story.title}_腾讯新闻</title>
{_described(story)}
<script>window.DATA = {data};</script>"""
    body = f"""<div id="TopNav" class="qq-top">{_nav("腾讯网", "qq-top-nav")}</div>
<div class="qq-main">
  <div class="LEFT">
    <h1>{story.title}</h1>
    <div class="article-author">
      <a class="author" href="https://new.qq.com/omn/author/5123456"><img class="media-avatar" src="//inews.gtimg.com/a.png"><div class="media-info"><p class="media-name">{story.source}</p><p class="media-meta"><span class="media-time">{_ymd(when, '%Y-%m-%d %H:%M')}</span><span class="media-location">发布于北京</span></p></div></a>
      <div class="article-share"><span>分享</span><a>微信</a><a>QQ</a><a>微博</a></div>
    </div>
    <div class="content clearfix">
      <div id="ArticleContent" class="content-article">
{_article(story, lambda t: f'<p class="qnt-p">{t}</p>', lambda c: f'<div class="qnt-img"><img src="//inews.gtimg.com/newsapp_bt/0/123/640"></div><p class="qnt-p">{c}</p>')}
      </div>
    </div>
    <div class="article-tips">免责声明：本内容来自腾讯平台创作者，不代表腾讯新闻或腾讯网的观点和立场。</div>
    <div class="related-article"><h3>相关阅读</h3>{_links(RELATED[:3])}</div>
    {_comments("comment-wrap", "热门评论")}
  </div>
  <div class="RIGHT"><div class="hot-list"><h3>热点精选</h3>{_links(RELATED, dated=False)}</div><div class="app-download"><p>下载腾讯新闻客户端</p></div></div>
</div>
<div class="qq-footer"><p>Copyright &copy; 1998 - 2026 Tencent. All Rights Reserved</p><p>腾讯公司 版权所有</p></div>"""
    html = _page(head, body, '<meta charset="utf-8">')
    return Page("tencent", html.encode("utf-8"), "utf-8", story, when, story.source, "腾讯新闻")


def ifeng(story: Story) -> Page:
    when = story.published
    head = f"""<title>{story.title}_凤凰网资讯_凤凰网</title>
<meta name="keywords" content="{' '.join(story.keywords)}">
<meta property="og:url" content="https://news.ifeng.com/c/8WqAbCdEfGh">
<meta property="og:title" content="{story.title}">
<meta property="og:description" content="{story.paragraphs[0][:60]}">
<meta name="og:category " content="凤凰网资讯">
<meta name="og:time " content="{_ymd(when, '%Y-%m-%d %H:%M:%S')}">
<script>var allData = {{"docData":{{"title":"{story.title}","newsTime":"{_ymd(when, '%Y-%m-%d %H:%M:%S')}","source":"{story.source}"}}}};</script>"""
    body = f"""<div id="root">
<div class="index_header_XkT0k">{_nav("凤凰网", "index_nav_1u3Aa")}</div>
<div class="index_artical_b_u-a">
  <div class="index_leftContent_z6xk5">
    <div class="index_crumbs_3Wq7P"><a href="https://www.ifeng.com/">凤凰网首页</a> &gt; <a>资讯</a> &gt; 正文</div>
    <h1 class="index_topic_5hyUE">{story.title}</h1>
    <div class="index_timeBref_20hzr"><p class="index_time_1tqz7"><span>{_ymd(when, '%Y年%m月%d日 %H:%M:%S')}</span></p><span class="index_source_3qJ5k">来源：<a href="https://www.ce.cn/">{story.source}</a></span></div>
    <div class="index_main_content_j-HoG">
      <div class="index_text_D0U1y">
{_article(story, lambda t: f"<p>{t}</p>", lambda c: f'<p class="detailPic"><img src="https://d.ifengimg.com/w600/x0.ifengimg.com/a.jpg"></p><p class="picIntro"><span>{c}</span></p>')}
      </div>
    </div>
    <p class="index_editor_2Rr4o">[责任编辑：刘鹏 PN142]</p>
    <div class="index_statement_1Zt7m">特别声明：以上文章内容仅代表作者本人观点，不代表凤凰网观点或立场。如有关于作品内容、版权或其它问题请于作品发表后的30日内与凤凰网联系。</div>
    <div class="index_share_2bYtY"><span>分享到</span><a>微信</a><a>微博</a></div>
    <div class="index_recommend_Ly8fv"><h3>相关推荐</h3>{_links(RELATED[:4])}</div>
    {_comments("index_comment_5Xcy6", "评论")}
  </div>
  <div class="index_rightContent_vEkqX"><h3>大家都在看</h3>{_links(RELATED, dated=False)}</div>
</div>
<div class="index_footer_8nrrS"><p>Copyright &copy; 2026 Phoenix New Media Limited All Rights Reserved.</p></div>
</div>"""
    html = _page(head, body, '<meta charset="utf-8">')
    return Page("ifeng", html.encode("utf-8"), "utf-8", story, when, story.source, "凤凰网")


def thepaper(story: Story) -> Page:
    when = story.published
    head = f"""<title>{story.title}_财经上下游_澎湃新闻-The Paper</title>
<meta name="Keywords" content="{','.join(story.keywords)}">
<meta name="Description" content="{story.paragraphs[0][:60]}">
<meta property="og:url" content="https://www.thepaper.cn/newsDetail_forward_30000001">"""

    def text(story: Story) -> str:
        # The Paper's classic layout: paragraphs are runs of text between <br> pairs.
        figure = f'<div class="contheight"></div><img src="https://imagecloud.thepaper.cn/a.jpg"><br><span class="image_desc">{escape(story.caption)}</span><br><br>'
        runs = [f"{escape(paragraph)}<br><br>" for paragraph in story.paragraphs]
        runs.insert(2, figure)
        return "".join(runs)

    body = f"""<div class="head_banner">{_nav("澎湃新闻", "head_nav")}<a class="app">下载客户端</a></div>
<div class="bdwd main clearfix">
  <div class="main_lt">
    <div class="newscontent">
      <h1 class="news_title">{story.title}</h1>
      <div class="news_about"><p>澎湃新闻记者 {story.author}</p><p>{_ymd(when, '%Y-%m-%d %H:%M')}<span>　来源：{story.source}</span></p></div>
      <div class="news_txt" data-size="standard">{text(story)}</div>
      <div class="news_editor">责任编辑：宦艳红</div>
      <div class="news_keyword">关键词 &gt;&gt; 国家电网，特高压</div>
      <div class="news_love"><a>点赞</a> <a>收藏</a></div>
      <div class="copyright">澎湃新闻报料：021-962866<br>澎湃新闻，未经授权不得转载</div>
    </div>
    <div class="mainCon"><h2>相关推荐</h2>{_links(RELATED[:4])}</div>
    {_comments("comment", "热门评论")}
  </div>
  <div class="main_rt"><h2>热新闻</h2>{_links(RELATED, dated=False)}</div>
</div>
<div class="foot"><p>沪ICP备14003370号</p><p>&copy; 2014-2026 上海东方报业有限公司</p></div>"""
    html = _page(head, body, '<meta charset="utf-8">')
    return Page("thepaper", html.encode("utf-8"), "utf-8", story, when, story.source, "澎湃新闻")


def people(story: Story) -> Page:
    when = story.published
    head = f"""<meta http-equiv="Content-Language" content="utf-8" />
<meta content="all" name="robots" />
<title>{story.title}--财经--人民网 </title>
{_described(story)}
<meta name="filetype" content="0" />
<meta name="publishedtype" content="1" />
<meta name="pagetype" content="1" />
<meta name="catalogs" content="1004" />
<meta name="contentid" content="40123456" />
<meta name="publishdate" content="{_ymd(when, '%Y-%m-%d')}" />
<meta name="author" content="104520" />
<meta name="source" content="来源：{story.source}" />"""
    body = f"""<div class="rm_topnav" id="rwb_navpath"><a href="http://www.people.com.cn/">人民网首页</a>{_nav("人民网", "w1000")}</div>
<div class="main">
<div class="layout rm_txt cf">
  <div class="col col-1 fl">
    <div class="channel cf"><a href="http://www.people.com.cn/">人民网</a>&gt;&gt;<a href="http://finance.people.com.cn/">财经频道</a></div>
    <h3 class="pre"></h3>
    <h1>{story.title}</h1>
    <h4 class="sub"></h4>
    <div class="col-1-1 fl">{_ymd(when, '%Y年%m月%d日%H:%M')} | 来源：<a href="http://www.people.com.cn/" target="_blank">{story.source}</a></div>
    <div class="col-1-2 fr"><a class="share">分享到：</a><a>微信</a><a>微博</a> <span>小字号</span></div>
    <div class="rm_txt_con cf">
{_article(story, lambda t: f'<p style="text-indent: 2em;">{t}</p>', lambda c: f'<p style="text-align: center;"><img src="/NMediaFile/2026/0210/MAIN1707000000123.jpg" width="600"></p><p style="text-align: center;">{c}</p>')}
      <div class="edit cf">(责编：杜燕飞、孙阳)</div>
    </div>
    <div class="rm_relevant cf"><h2>相关新闻</h2>{_links(RELATED[:3])}</div>
    <div class="rm_ranking"><h2>点击排行</h2>{_links(RELATED[3:], dated=False)}</div>
  </div>
  <div class="col col-2 fr"><h2>推荐阅读</h2>{_links(RELATED, dated=False)}</div>
</div>
</div>
<div class="copyright"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明 | 网站律师 | 信息保护 | 联系我们</p><p>人民网版权所有，未经书面授权禁止使用</p><p>Copyright &copy; 1997-2026 by www.people.com.cn. all rights reserved</p></div>"""
    doctype = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
    html = _page(head, body, '<meta http-equiv="content-type" content="text/html;charset=GB2312"/>', doctype=doctype)
    return Page("people", html.encode("gbk"), "gb18030", story, when, story.source, "人民网")


def xinhua(story: Story) -> Page:
    when = story.published
    head = f"""{_described(story)}
<meta name="pagetype" content="1" />
<title>{story.title}-新华网</title>"""
    body = f"""<div class="header domPC">
  {_nav("新华网", "header-top")}
  <div class="header-cont clearfix">
    <div class="header-time left"><span class="year"><em> {when:%Y}</em></span><span class="day"><em> {when:%m}</em>/<em>{when:%d}</em></span><span class="time"> {when:%H:%M:%S}</span></div>
    <div class="source"> 来源：{story.source} </div>
    <div class="head-line clearfix"><h1><span class="title">{story.title}</span></h1><div class="share"><span>分享</span><a>微信</a><a>微博</a></div></div>
  </div>
</div>
<div class="main clearfix">
  <div class="main-left left">
    <div id="detail"><span id="detailContent">
{_article(story, lambda t: f"<p>　　{t}</p>", lambda c: f'<p style="text-align: center;"><img src="202602031234_1.jpg"></p><p style="text-align: center;"><font color="navy">　　{c}</font></p>')}
    </span></div>
    <div id="articleEdit"><span class="tiyi1 domPC"><a href="javascript:void(0);" class="advise">【纠错】</a></span><span class="editor">【责任编辑:刘阳】</span></div>
    <div class="fix-ewm domPC"><p>扫一扫在手机打开当前页</p></div>
  </div>
  <div class="main-right right"><div id="relatedNews"><h3>相关新闻</h3>{_links(RELATED[:4])}</div></div>
</div>
<div class="foot"><p>Copyright &copy; 2000-2026 XINHUANET.com All rights reserved.</p><p>制作单位：新华网股份有限公司 版权所有 新华网股份有限公司</p></div>"""
    html = _page(head, body, '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />')
    return Page("xinhua", html.encode("utf-8"), "utf-8", story, when, story.source, "新华网")


def wechat(story: Story) -> Page:
    when = story.published
    stamp = int(when.replace(tzinfo=CHINA).timestamp())
    head = f"""<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover">
<meta property="og:title" content="{story.title}" />
<meta property="og:url" content="http://mp.weixin.qq.com/s?__biz=MzA3MDM3NjE5NQ==&amp;mid=2650000000&amp;idx=1&amp;sn=0123456789abcdef" />
<meta property="og:image" content="https://mmbiz.qpic.cn/mmbiz_jpg/abc/0?wx_fmt=jpeg" />
<meta property="og:description" content="{story.paragraphs[0][:40]}" />
<meta property="og:site_name" content="微信公众平台" />
<meta property="og:type" content="article" />
<meta property="og:article:author" content="{story.source}" />
<meta property="twitter:card" content="summary" />
<title>{story.title}</title>
<script nonce="123456">
var biz = "MzA3MDM3NjE5NQ==" || "";
var ct = "{stamp}";
var nickname = htmlDecode("{story.source}");
var user_name = "gh_0123456789ab";
var createTime = '{_ymd(when, '%Y-%m-%d %H:%M')}';
</script>"""
    body = f"""<div id="js_article" class="rich_media">
<div class="rich_media_inner">
  <div id="page-content" class="rich_media_area_primary">
    <div class="rich_media_area_primary_inner">
      <h1 class="rich_media_title" id="activity-name">{story.title}</h1>
      <div id="meta_content" class="rich_media_meta_list">
        <span class="rich_media_meta rich_media_meta_text">原创</span>
        <span class="rich_media_meta rich_media_meta_text">{story.author}</span>
        <span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">{story.source}</a></span>
        <em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>
      </div>
      <div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
{_article(story, lambda t: f'<section style="margin-bottom: 16px;"><span style="font-size: 15px;letter-spacing: 1px;">{t}</span></section>', lambda c: f'<section style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/a.jpg"></section><p style="text-align: center;"><span style="color: rgb(136, 136, 136);font-size: 12px;">{c}</span></p>')}
        <p><span style="font-size: 12px;">编辑：周末　审核：林夕</span></p>
        <p><strong>往期推荐</strong></p>
        <p><a href="https://mp.weixin.qq.com/s/abc1">{RELATED[0]}</a></p>
        <p><a href="https://mp.weixin.qq.com/s/abc2">{RELATED[1]}</a></p>
      </div>
      <div id="js_tags" class="article-tag__list"><span>#县城消费</span></div>
      <div class="rich_media_tool" id="js_toobar3"><a id="js_view_source">阅读原文</a><span>阅读 3.2万</span><span>在看</span></div>
    </div>
  </div>
  <div class="rich_media_area_extra"><div id="js_cmt_area"><h3>留言</h3><p>{COMMENTS[0]}</p></div></div>
  <div id="js_pc_qr_code" class="qr_code_pc_outer"><p>微信扫一扫</p><p>关注该公众号</p></div>
</div>
</div>"""
    html = _page(head, body, '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    return Page("wechat", html.encode("utf-8"), "utf-8", story, when, story.source, "微信公众号")


def cna_big5(story: Story) -> Page:
    """An unknown site (Taiwan's CNA layout), in Big5, with JSON-LD."""
    when = story.published
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","mainEntityOfPage":{"@type":"WebPage","@id":"https://www.cna.com.tw/news/acul/202602040123.aspx"},'
        f'"headline":"{story.title}","datePublished":"{_ymd(when, "%Y-%m-%dT%H:%M:%S")}+08:00","dateModified":"{_ymd(when, "%Y-%m-%dT%H:%M:%S")}+08:00",'
        '"author":{"@type":"Organization","name":"中央社"},"publisher":{"@type":"Organization","name":"中央社","logo":{"@type":"ImageObject","url":"https://www.cna.com.tw/img/logo.png"}}}'
    )
    head = f"""<title>{story.title} | 文化 | 中央社 CNA</title>
<meta property="og:title" content="{story.title} | 文化 | 中央社 CNA">
<meta property="og:site_name" content="中央社 CNA">
<meta property="og:type" content="article">
<script type="application/ld+json">{ld}</script>"""
    body = f"""<div class="menu">{_nav("中央社", "main-menu", names=NAV_TRADITIONAL)}</div>
<div class="wrapper">
 <div class="centralContent">
  <div class="breadcrumb"><a>首頁</a> &gt; <a>文化</a></div>
  <h1><span>{story.title}</span></h1>
  <div class="updatetime"><span>{_ymd(when, '%Y/%m/%d %H:%M')}</span></div>
  <div class="shareBar"><a>分享</a><a>Facebook</a><a>LINE</a></div>
  <div class="paragraph">
{_article(story, lambda t: f"<p>{t}</p>", lambda c: f'<div class="floatImg center"><figure><img src="a.jpg"><figcaption>{c}</figcaption></figure></div>')}
   <p>（編輯：張若瑜）1150204</p>
   <div class="moreArticle"><h2>延伸閱讀</h2>{_links(RELATED_TRADITIONAL[:2], dated=False)}</div>
  </div>
  <div class="paragraph-bottom"><p>本網站之文字、圖片及影音，非經授權，不得轉載、公開播送或公開傳輸及利用。</p></div>
 </div>
 <div class="sideContent"><h2>相關新聞</h2>{_links(RELATED_TRADITIONAL[2:], dated=False)}</div>
</div>
<div class="footer"><p>中央通訊社 版權所有 &copy; 2026 Central News Agency</p></div>"""
    html = _page(head, body, '<meta charset="big5">')
    return Page("cna_big5", html.encode("big5"), "big5hkscs", story, when, "中央社", "中央社")


def blog(story: Story) -> Page:
    """An unknown site on a blog CMS: <article>, a <time> tag, share and related plug-ins."""
    when = story.published
    head = f"""<title>{story.title} - 小城观察</title>
<meta name="generator" content="WordPress 6.7">
<meta property="og:site_name" content="小城观察">
<meta property="og:type" content="article">
<link rel="canonical" href="https://xiaocheng.example.cn/2026/02/12/coffee/">"""
    body = f"""<header id="masthead" class="site-header"><p class="site-title"><a href="/">小城观察</a></p>{_nav("小城观察", "main-navigation", tag="nav")}</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
<article id="post-1024" class="post-1024 post type-post status-publish">
  <header class="entry-header">
    <h1 class="entry-title">{story.title}</h1>
    <div class="entry-meta"><time class="entry-date published" datetime="{_ymd(when, '%Y-%m-%dT%H:%M:%S')}+08:00">{when.year}年{when.month}月{when.day}日</time> <span class="byline">作者：<a href="/author/zhoumo/">{story.author}</a></span> <span class="source">来源：{story.source}</span></div>
  </header>
  <div class="entry-content">
{_article(story, lambda t: f"<p>{t}</p>", lambda c: f'<figure class="wp-block-image"><img src="/wp-content/uploads/2026/02/cafe.jpg"><figcaption>{c}</figcaption></figure>')}
    <div class="sharedaddy sd-sharing-enabled"><h3>分享到：</h3><a>微信</a><a>微博</a></div>
    <div id="jp-relatedposts" class="jp-relatedposts"><h3>相关阅读</h3>{_links(RELATED[:3])}</div>
  </div>
</article>
<div id="comments" class="comments-area"><h2>网友评论</h2>{"".join(f"<p>{text}</p>" for text in COMMENTS)}</div>
</main>
<aside id="secondary" class="widget-area"><h2>热门文章</h2>{_links(RELATED, dated=False)}</aside>
</div>
<footer class="site-footer"><p>&copy; 2026 小城观察 版权所有</p></footer>"""
    html = _page(head, body, '<meta charset="UTF-8">')
    return Page("blog", html.encode("utf-8"), "utf-8", story, when, story.source, "小城观察")


def city_portal(story: Story) -> Page:
    """An unknown city news portal on the TRS CMS many government sites use; byline text only."""
    when = story.published
    head = f"""<title>{story.title}_滨江新闻网</title>
<meta name="SiteName" content="滨江新闻网">
<meta name="ColumnName" content="本地新闻">"""
    paragraphs = "".join(f'<p style="text-indent:2em">{escape(text)}</p>' for text in story.paragraphs[:2])
    paragraphs += f'<p style="text-align:center"><img src="W020260122.jpg"></p><p style="text-align:center">{escape(story.caption)}</p>'
    paragraphs += "".join(f'<p style="text-indent:2em">{escape(text)}</p>' for text in story.paragraphs[2:])
    body = f"""<table width="1000" align="center"><tr><td>{_nav("滨江新闻网", "topnav")}</td></tr></table>
<table width="1000" align="center" class="position"><tr><td>当前位置：<a href="/">首页</a> &gt; <a href="/bdxw/">本地新闻</a></td></tr></table>
<table width="1000" align="center">
<tr>
<td width="700" valign="top">
  <div class="article-title">{story.title}</div>
  <div class="article-info">发布时间：{_ymd(when, '%Y-%m-%d %H:%M:%S')}　来源：{story.source}　作者：{story.author}　浏览次数：1024　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
  <div class="TRS_Editor">{paragraphs}</div>
  <div class="article-foot"><p>【打印】 【关闭】</p></div>
  <div class="xgxw"><p>相关新闻：</p>{_links(RELATED[:3], dated=False)}</div>
</td>
<td width="300" valign="top"><div class="right-list"><p>图片新闻</p>{_links(RELATED[3:], dated=False)}</div></td>
</tr>
</table>
<div class="bottom"><p>主办：滨江日报社　版权所有：滨江新闻网　未经授权禁止转载</p></div>"""
    html = _page(head, body, '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    return Page("city_portal", html.encode("utf-8"), "utf-8", story, when, story.source, "滨江新闻网")
