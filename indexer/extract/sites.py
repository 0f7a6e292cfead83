"""The news sites the reader knows by name, and what their pages hold besides
the article.

Content scoring finds the article on any page; this table only says, per
site, which elements are chrome (so scoring never has to weigh them), where
the byline and the source's name stand, and which script variable holds the
publish time on pages that fill the byline in with JavaScript; and, for a
site outside China, the zone of the times its pages show without one and how
it orders a date. A site is recognised by the page's own URL (``og:url``,
canonical link, the browser's ``saved from url`` comment) or, failing that,
by an element only its article pages have; a text dump, by a name the site
goes by where the dump names its site (the title line, the footer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import NamedTuple

from indexer.extract.dom import Element, select


@dataclass(frozen=True)
class Site:
    name: str
    urls: str  # pattern searched in "host/path"
    fingerprint: str = ""  # CSS selector found only on this site's article pages; none: by URL alone
    aliases: tuple[str, ...] = ()  # other names the site goes by in breadcrumbs and meta tags
    byline: str = ""  # CSS selector of the elements holding date and 来源
    source: str = ""  # CSS selector of the element naming the source or account
    date_script: str = ""  # pattern whose group 1 is the publish time inside a <script>
    chrome: str = ""  # CSS selectors of chrome blocks
    zone: str = ""  # IANA zone of the times its pages show without a zone; Beijing time if empty
    day_first: bool = False  # writes dates day first and year last: 06/02/2022 is 6 February
    # Publishes its own stories (a broadcaster's service, not a portal): its name is their origin.
    own_stories: bool = False


_NETEASE_CHROME = (
    ".post_crumb, .post_top_share, .post_statement, .post_author, .post_next, .post_recommends, "
    ".post_comment, .post_side, .post_tie_top, .post_rec, .post_wemedia, #ne_wrap, .N-nav-channel"
)

SITES: tuple[Site, ...] = (
    Site(
        name="网易号",
        urls=r"163\.com/dy/article/|dy\.163\.com/v2/article/",
        fingerprint=".post_wemedia, #contain[data-wemediaid]",
        aliases=("网易号", "NetEase Hao"),
        byline=".post_info",
        source=".post_wemedia_name a, .post_info a",
        chrome=_NETEASE_CHROME,
    ),
    Site(
        name="网易新闻",
        urls=r"163\.com/(?:news/article/|\d{2}/\d{4}/)",
        fingerprint=".post_main .post_title, #epContentLeft",
        aliases=("网易", "网易新闻", "网易首页", "网易新闻中心"),
        byline=".post_info, .post_time_source",
        source=".post_info a, #ne_article_source",
        chrome=_NETEASE_CHROME + ", .ep-source",
    ),
    Site(
        name="新浪新闻",
        urls=r"sina\.com\.cn/|sina\.cn/",
        fingerprint="#artibody",
        aliases=("新浪", "新浪网", "新浪新闻", "新浪首页", "新浪新闻中心"),
        byline=".date-source, .time-source",
        source=".date-source .source, .time-source .source",
        chrome=(
            "#sina-top-bar, .top-bar-wrap, .path, .show_author, #article-bottom, .article-bottom, .keywords, "
            "#keywords, .sina-comment-wrap, #sina-comment-wrap, .blk-related, #tab_related, .feed-card, "
            ".page-right-bar, .appendQr_wrap, .article-notice"
        ),
    ),
    Site(
        name="搜狐",
        urls=r"sohu\.com/a/",
        fingerprint="#mp-editor",
        aliases=("搜狐", "搜狐网", "搜狐新闻", "搜狐号"),
        byline=".article-info",
        source=".article-info [data-role=original-link] a, .user-info h4 a",
        chrome=(
            "#articleAllsee, .statement, [data-role=original-title], [data-role=editor-name], #backsohucom, "
            ".article-do, #comment_area, .comment, .bottom-relate, .hot-article, #god_bottom_banner, "
            ".left-bottom-float, .user-info, .groom-read"
        ),
    ),
    Site(
        name="腾讯新闻",
        urls=r"(?:new|news|view\.inews)\.qq\.com/",
        fingerprint="#ArticleContent, .LEFT .content-article",
        aliases=("腾讯", "腾讯网", "腾讯新闻"),
        byline=".article-author, .media-meta",
        source=".media-name",
        date_script=r"[\"']pubtime[\"']\s*:\s*[\"']([^\"']{8,30})[\"']",
        chrome=".qq-top, .article-share, .related-article, .comment-wrap, #Comment, .article-tips, .qq-footer",
    ),
    Site(
        name="凤凰网",
        urls=r"ifeng\.com/",
        fingerprint="[class*=index_main_content], [class*=index_text_]",
        aliases=("凤凰网", "凤凰", "凤凰网资讯", "凤凰新闻"),
        byline="[class*=index_timeBref], [class*=index_info_]",
        source="[class*=index_source] a, [class*=index_source]",
        date_script=r"[\"']newsTime[\"']\s*:\s*[\"']([^\"']{8,30})[\"']",
        chrome=(
            "[class*=index_recommend], [class*=index_comment], [class*=index_share], [class*=index_statement], "
            "[class*=index_footer], [class*=index_editor], [class*=index_nav]"
        ),
    ),
    Site(
        name="澎湃新闻",
        urls=r"thepaper\.cn/",
        fingerprint=".news_txt, [class*=index_cententWrap]",
        aliases=("澎湃", "澎湃新闻", "澎湃号"),
        byline=".news_about, [class*=index_headerContent]",
        source="[class*=index_source], .news_about .source",
        chrome=".news_editor, .news_keyword, .news_love, .news_share, [class*=index_editor], [class*=index_tags], #comment",
    ),
    Site(
        name="人民网",
        urls=r"people\.com\.cn/",
        fingerprint=".rm_txt_con, #rwb_zw",
        aliases=("人民网", "人民网首页", "人民日报"),
        byline=".col-1-1, .channel",
        source=".col-1-1 a",
        chrome=".edit, .rm_relevant, .rm_ranking, .share, .copyright, .paper_num, .box_pic, .zdfy, #rwb_navpath",
    ),
    Site(
        name="新华网",
        urls=r"(?:news\.cn|xinhuanet\.com)/",
        fingerprint="#detailContent",
        aliases=("新华网", "新华网首页", "新华社"),
        byline=".header-time, .header-cont .source",
        source=".header-cont .source",
        chrome="#articleEdit, .share, .fix-ewm, .nav, .foot, #relatedNews, .xhwx-ewm",
    ),
    Site(
        name="微信公众号",
        urls=r"mp\.weixin\.qq\.com/",
        fingerprint="#js_content, .rich_media_content",
        aliases=("微信公众号", "微信公众平台", "微信"),
        byline="#meta_content, #publish_time",
        source="#js_name, .profile_nickname",
        date_script=r"var\s+ct\s*=\s*[\"'](\d{9,10})[\"']|var\s+createTime\s*=\s*[\"']([^\"']{8,30})[\"']",
        chrome=(
            "#js_pc_qr_code, .qr_code_pc, #js_tags, .rich_media_tool, #js_cmt_area, .reward_area, "
            "#js_sponsor_ad_area, #js_article_bottom_bar, .rich_media_area_extra, #js_profile_card"
        ),
    ),
    Site(
        name="法国国际广播电台",
        urls=r"rfi\.fr/",
        aliases=("RFI", "法广", "法廣", "法國國際廣播電台"),
        zone="Europe/Paris",  # "发表时间： 06/02/2022 - 13:48", Paris time with no zone
        day_first=True,
        own_stories=True,
    ),
    Site(
        name="BBC中文网",
        urls=r"bbc\.(?:com|co\.uk)/zhongwen/",
        aliases=("BBC", "BBC Chinese"),
        zone="Europe/London",
        own_stories=True,
    ),
)

# Portals carry other outlets' stories: a page there names its source, and the
# portal's own name never is one.
PORTALS = (
    "网易", "新浪", "搜狐", "腾讯", "雅虎", "凤凰网", "今日头条", "头条号", "百度", "一点资讯", "微信公众平台", "微信公众号",
    "Yahoo", "MSN", "Sina", "Sohu", "NetEase",
)



class SiteTable(NamedTuple):
    """The sites the reader knows, and each by every name it goes by."""

    sites: tuple[Site, ...]
    by_alias: dict[str, Site]


def _table(sites: tuple[Site, ...]) -> SiteTable:
    return SiteTable(sites, {alias: site for site in sites for alias in (site.name, *site.aliases)})


# The table in force: SITES, unless a caller reads pages as from outlets it
# does not know (``without_site_table``), which is how the general rules are measured.
_KNOWN: ContextVar[SiteTable] = ContextVar("known_sites", default=_table(SITES))


@contextmanager
def without_site_table() -> Iterator[None]:
    """Read pages, within the block, by the general rules alone: no site is known."""
    token = _KNOWN.set(_table(()))
    try:
        yield
    finally:
        _KNOWN.reset(token)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S{1,2000})")
# Where a page names its own address, most trusted first.
_ADDRESSES = ('meta[property="og:url"]', "link[rel~=canonical]", "meta[name=url]")
_SCHEME = re.compile(r"^[a-z]+://", re.IGNORECASE)
_SELECTOR_NAME = re.compile(r"(?:[#.]|\*=)([\w-]+)")


def canonical_name(name: str | None) -> str | None:
    """The one name a known site goes by, so a facet counts its pages together."""
    if not name:
        return None
    known = _KNOWN.get().by_alias.get(name.strip())
    return known.name if known else name.strip()


def site_named(names: Iterable[str]) -> Site | None:
    """The known site the first of ``names`` that is one of its names belongs to."""
    by_alias = _KNOWN.get().by_alias
    return next((by_alias[name.strip()] for name in names if name.strip() in by_alias), None)


def is_portal(name: str) -> bool:
    """Whether ``name`` is a portal's, whose pages carry other outlets' stories."""
    return any(portal.lower() in name.lower() for portal in PORTALS)


def page_url(root: Element, html: str) -> str | None:
    """The address the page says it came from."""
    for selector in _ADDRESSES:
        value = next((element.get("content") or element.get("href") for element in select(root, selector, limit=1)), None)
        if value and value.strip():
            return value.strip()
    saved = _SAVED_FROM.search(html[:4096])
    return saved.group(1) if saved else None


def site_for_url(url: str | None) -> Site | None:
    """The known site an address belongs to."""
    if not url:
        return None
    address = _SCHEME.sub("", url)
    return next((site for site in _KNOWN.get().sites if re.search(site.urls, address)), None)


def _present(selector: str, html: str) -> str:
    """The alternatives of ``selector`` whose class and id names the page's source mentions.

    Matching CSS on a whole page is slow, and an alternative naming what the
    page never mentions cannot match: a site's table lists the elements of
    all its layouts, a page has one layout, and most pages are on no known site.
    """
    alternatives = [part.strip() for part in selector.split(",") if part.strip()]
    return ", ".join(part for part in alternatives if all(name in html for name in _SELECTOR_NAME.findall(part)))


def for_page(site: Site, html: str) -> Site:
    """``site`` with only the selectors that may match on this page."""
    return replace(
        site,
        byline=_present(site.byline, html),
        source=_present(site.source, html),
        chrome=_present(site.chrome, html),
    )


def identify(root: Element, url: str | None, html: str) -> Site | None:
    """The known site a page comes from: by its URL, else by an element only that site has."""
    known = site_for_url(url)
    if known:
        return known
    for site in _KNOWN.get().sites:
        fingerprint = _present(site.fingerprint, html)
        if fingerprint and select(root, fingerprint, limit=1):
            return site
    return None
