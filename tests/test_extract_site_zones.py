"""A time a page shows without a zone is in its site's zone: Beijing time
unless the site table says otherwise (RFI shows Paris time, the BBC London
time), read with the zone's daylight saving time. A site that writes dates
day first (06/02/2022) is read so, on HTML pages and in text dumps; elsewhere
such a date is no date rather than a guess between 6 February and 2 June."""

from __future__ import annotations

from datetime import datetime

import pytest

from indexer.extract.dates import best_date, find_stamp, from_unix, parse_iso, year_first
from indexer.extract import extract_bytes

TEXT = [
    "各位好，欢迎收听法国报纸摘要。法国总统马克龙下星期访问莫斯科和基辅，目的是要降低乌克兰危机造成的紧张局势。",
    "法国星期天报说，马克龙对莫斯科和基辅的访问是在与欧盟伙伴国家协商的情况下访问的，他在前几天已经和普京通过电话。",
]


@pytest.mark.parametrize(
    ("shown", "zone", "beijing"),
    [
        ("2022-02-06 13:48", "Europe/Paris", datetime(2022, 2, 6, 20, 48)),  # winter: UTC+1
        ("2022-07-06 13:48", "Europe/Paris", datetime(2022, 7, 6, 19, 48)),  # summer: UTC+2
        ("2022-07-06 13:48", "Europe/London", datetime(2022, 7, 6, 20, 48)),
        ("2022-07-06 13:48", "", datetime(2022, 7, 6, 13, 48)),
    ],
)
def test_a_time_without_a_zone_is_in_the_sites_zone(shown, zone, beijing):
    assert best_date([find_stamp(shown)], zone) == beijing


def test_a_time_with_its_zone_is_not_moved_again():
    stated = [parse_iso("2022-02-06T12:48:06+00:00"), from_unix("1644151686"), find_stamp("2022年2月6日, 格林尼治标准时间12:48")]
    assert {best_date([found], "Europe/Paris") for found in stated} == {datetime(2022, 2, 6, 20, 48, 6), datetime(2022, 2, 6, 20, 48)}


def test_a_day_alone_stays_that_day():
    assert best_date([find_stamp("2022年2月6日")], "America/New_York") == datetime(2022, 2, 6)


def test_day_first_dates_are_written_year_first():
    assert year_first("发表时间： 06/02/2022 - 13:48") == "发表时间： 2022/02/06 13:48"
    assert year_first("2022/02/06 13:48 第06/02期") == "2022/02/06 13:48 第06/02期"


def dump(*footer: str) -> str:
    return "\n".join(["法国报纸摘要", "马克龙星期一在莫斯科与普京会面", "发表时间： 06/07/2025 - 13:48", *TEXT, *footer])


def test_a_dump_naming_a_day_first_site_has_its_date_in_its_zone():
    record = extract_bytes("page.txt", dump("© 2025 RFI – 版权所有").encode("utf-8"))
    assert record.date == datetime(2025, 7, 6, 19, 48)


def test_a_dump_naming_no_site_has_no_day_first_date():
    assert extract_bytes("page.txt", dump("© 2025 某某 版权所有").encode("utf-8")).date is None


def html(url: str) -> bytes:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in TEXT)
    return (
        f'<html><head><meta property="og:url" content="{url}"><title>马克龙星期一在莫斯科与普京会面</title></head>'
        f'<body><h1>马克龙星期一在莫斯科与普京会面</h1><p>发表时间： 06/02/2022 - 13:48</p><div class="text">{body}</div></body></html>'
    ).encode("utf-8")


def test_an_html_page_of_the_site_reads_its_byline_the_same_way():
    assert extract_bytes("page.html", html("https://www.rfi.fr/cn/20220206-x")).date == datetime(2022, 2, 6, 20, 48)
    assert extract_bytes("page.html", html("https://example.com/cn/20220206-x")).date is None
