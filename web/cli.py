"""The `zhsearch` command: index, extract, search, serve, stats.

Each command imports what it uses when it runs: the extractor, the engine,
jieba and Flask take about a second to import together, and `zhsearch --help`
or `zhsearch stats` need none of most of it. Module level holds only click and
the light modules the options' help is made from (bench/cli_bench.py measures).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from search.defaults import DEFAULT_PORT, ENGINE_VARIABLE, with_zone
from web.config import CONFIG_VARIABLE, SETTINGS

if TYPE_CHECKING:
    from indexer.extract import ExtractError
    from search.engine import Engine

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
# What a query word that looks like a long option is: a mistyped option (`--limt`).
_LONG_OPTION = re.compile(r"--[A-Za-z]")

index_option = click.option(
    "--index",
    "index_dir",
    default=None,
    help="Index folder (default: $ZHSEARCH_INDEX, else ./zhsearch-index).",
)


engine_option = click.option(
    "--engine",
    default=None,
    metavar="URL",
    help=f"Search engine: sphinx://HOST:PORT for a Sphinx or Manticore cluster "
    f"(default: ${ENGINE_VARIABLE}, else the index folder).",
)


synonyms_option = click.option(
    "--synonyms",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    envvar="ZHSEARCH_SYNONYMS",
    help="Synonyms file added to the shipped one (one group of words a line). [env: ZHSEARCH_SYNONYMS]",
)


class _PageLimitOption(click.Option):
    """An option whose default is the extractor's page size limit, read when a
    command runs or shows its help, so that `zhsearch --help` loads no extractor."""

    def get_default(self, ctx: click.Context, call: bool = True) -> float:
        from indexer.extract import MAX_BYTES

        return MAX_BYTES / 2**20


max_mb_option = click.option(
    "--max-mb", cls=_PageLimitOption, show_default=True, type=click.FloatRange(0, min_open=True),
    help="Refuse pages (and JSON Lines lines) larger than this many MiB.",
)


def _open(index_dir: str | None, synonyms: str | None = None, engine: str | None = None) -> Engine:
    from search import IndexNotFound, SynonymsError
    from search.cluster.nodes import EngineUnavailable
    from search.engine import engine_location, open_engine

    try:
        return open_engine(engine_location(engine, index_dir), synonyms)
    except (IndexNotFound, SynonymsError, EngineUnavailable, ValueError) as error:
        raise click.ClickException(str(error)) from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhsearch", prog_name="zhsearch", message="%(prog)s %(version)s")
def main() -> None:
    """Full-text search for saved Chinese news pages."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@engine_option
@click.option("--rebuild", is_flag=True, help="Start from an empty index instead of updating.")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: one per core)."
)
@click.option(
    "--userdict",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="jieba user dictionary for names the default dictionary splits; kept with the index.",
)
@max_mb_option
def index(
    paths: tuple[str, ...],
    index_dir: str | None,
    engine: str | None,
    rebuild: bool,
    workers: int | None,
    userdict: str | None,
    max_mb: float,
) -> None:
    """Index the pages in PATHS (files or folders, recursively): .txt text dumps,
    .html/.htm pages and .jsonl feeds (one article a line)."""
    from collections import Counter

    from indexer.build import index_paths
    from indexer.extract import listed
    from indexer.files import folders_without_pages
    from search import IndexBusy, IndexLocationError, SchemaChanged, resolve_index_dir
    from search.cluster.nodes import EngineUnavailable, is_engine_url
    from search.engine import engine_location

    # Checked before anything is written: a folder named by mistake, or a share
    # that is not mounted, is an error, not a reason to empty the index.
    empty = folders_without_pages(paths)
    for folder in empty:
        click.echo(f"error: no pages found in {folder} (looked for {listed()})", err=True)
    if empty:
        sys.exit(1)
    try:
        location = engine_location(engine, index_dir)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    target = location if is_engine_url(location) else resolve_index_dir(index_dir)

    def report_failure(error: ExtractError) -> None:
        click.echo(f"error: {error}", err=True)

    def report_note(note: str) -> None:
        click.echo(f"note: {note}", err=True)

    try:
        common = dict(
            rebuild=rebuild, workers=workers, show_progress=True, on_failure=report_failure,
            on_note=report_note, max_bytes=int(max_mb * 2**20),
        )
        report = index_paths(paths, target, userdict=userdict, **common)
    except (FileNotFoundError, IndexBusy, IndexLocationError, SchemaChanged, ValueError, EngineUnavailable) as error:
        raise click.ClickException(str(error)) from error
    if not report.changed:
        click.echo(f"{target}: nothing changed; {report.summary()}")
    else:
        click.echo(f"{target}: {report.summary()}")
    for reason, count in Counter(failure.reason for failure in report.failures).most_common():
        click.echo(f"  failed: {count} × {reason}")
    if report.failures:
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "output", type=click.Choice(["json", "text"]), default="json", show_default=True,
    help="json: one JSON object per line; text: the record laid out for reading.",
)
@max_mb_option
def extract(files: tuple[str, ...], output: str, max_mb: float) -> None:
    """Print the records extracted from each FILE: .txt text dumps, .html/.htm
    pages, .jsonl feeds (one record a line); a folder's pages as `index` reads them."""
    from indexer.extract import ExtractError, Records, extract_records
    from indexer.progress import counted

    records = failures = 0
    pages = 0
    for name in _page_files(files):
        pages += 1
        try:
            if isinstance(name, ExtractError):
                raise name
            found = extract_records(name, max_bytes=int(max_mb * 2**20))
        except ExtractError as error:
            found = Records(errors=[error])
        for record in found:
            click.echo(json.dumps(record.to_json(), ensure_ascii=False) if output == "json" else record.to_text())
        for error in found.errors:
            click.echo(f"error: {error}", err=True)
        records += len(found)
        failures += len(found.errors)
    # One good page needs no summary, and its output stays one JSON document.
    if failures or records != 1 or pages > 1:
        click.echo(f"extracted {counted(records, 'record')} from {counted(pages, 'file')}, failed {failures}", err=True)
    if failures:
        sys.exit(1)


def _page_files(paths: tuple[str, ...]) -> Iterator[str | ExtractError]:
    """The files named and the page files in the folders named, as ``index``
    finds them, each under the name given (a folder's files below it); a
    folder or file that cannot be read as an ExtractError."""
    from indexer.extract import ExtractError
    from indexer.files import UnreadableFolder, find_files
    from search.manifest import Root

    for given in paths:
        root = Root.of(given)
        for found in find_files([root]):
            if isinstance(found, UnreadableFolder):
                yield found.error
            elif isinstance(found, ExtractError):
                yield found
            elif found.name == root.path:
                yield given
            else:
                yield os.path.join(given, os.path.relpath(found.name, root.path))


def _terminal(marked: str) -> str:
    """A highlighted HTML fragment as terminal text, matches in bold."""
    pieces = _MARK.split(marked)  # plain text at even places, matches at odd ones
    return "".join(
        click.style(html.unescape(piece), bold=True) if place % 2 else html.unescape(piece)
        for place, piece in enumerate(pieces)
    )


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, required=True)
@index_option
@engine_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="Results to show.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page of results.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--all", "everything", is_flag=True,
    help="Print every matching page (up to export_limit, default 10000) as --format, one row per page.",
)
@click.option(
    "--format", "format_name", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True,
    help="With --all: CSV (UTF-8 with a byte-order mark) or JSON Lines.",
)
@click.option(
    "--collapse/--no-collapse", default=True, show_default=True,
    help="One result a story, with the outlets that copied it; --no-collapse lists every page.",
)
@synonyms_option
def search(
    words: tuple[str, ...], index_dir: str | None, engine: str | None, limit: int, page: int, sort: str,
    as_json: bool, everything: bool, format_name: str, collapse: bool, synonyms: str | None,
) -> None:
    """Search the index for WORDS (every word after the options, as typed:
    `普京 特朗普`, `普京 -特朗普`, `"能源停火"`) and print ranked results."""
    from indexer.progress import counted
    from search import SearchError
    from search.cluster.nodes import EngineUnavailable

    mistyped = next((word for word in words if _LONG_OPTION.match(word)), None)
    if mistyped:
        raise click.UsageError(f"no such option: {mistyped.split('=')[0]} (put `--` before a query that starts with --)")
    query = " ".join(words)
    searchable = _open(index_dir, synonyms, engine)
    if everything:
        _export(searchable, query, sort, format_name)
        return
    try:
        results = searchable.search(query, page=page, per_page=limit, sort=sort, collapse=collapse)
    except (SearchError, EngineUnavailable) as error:
        raise click.ClickException(str(error)) from error
    if results.missing_shards:
        click.echo(f"warning: partial results: {', '.join(results.missing_shards)} did not answer", err=True)
    respelt = None
    if not results.complete and query.strip():
        from web.params import SearchRequest
        from web.suggest import did_you_mean

        respelt = did_you_mean(searchable, SearchRequest(query=query))
    if as_json:
        data = {**results.to_json(), "did_you_mean": respelt.to_json() if respelt else None}
        for hit in data["hits"]:
            for page_data in (hit, *hit["copies"]):
                page_data["date"] = with_zone(page_data["date"]).isoformat() if page_data["date"] else None
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for ignored in results.ignored:
        click.echo(f"ignored: {ignored}", err=True)
    grades = f": {results.complete} with every word, {results.partial} with some" if results.partial else ""
    told = f"{results.stories} {'story' if results.stories == 1 else 'stories'}"
    stories = f" in {told}" if results.stories != results.total else ""
    click.echo(f"{counted(results.total, 'result')}{stories}{grades} ({results.took_ms:.1f} ms)")
    if respelt:
        click.echo(f"did you mean: {respelt.request.query} ({counted(respelt.total, 'result')})")
    if results.beyond_last_page:
        click.echo(f"page {page} is past the end: the last page is {results.pages} ({counted(limit, 'result')} a page)")
    for rank, hit in enumerate(results.hits, start=(page - 1) * limit + 1):
        when = hit.date[:16].replace("T", " ") if hit.date else "undated"
        grade = "some of the words" if hit.partial else None
        meta = " · ".join(part for part in (when, hit.source, hit.site, grade) if part)
        click.echo("")
        click.echo(f"{rank}. {_terminal(hit.title_html)}")
        click.echo(f"   {meta}")
        click.echo(f"   {_terminal(hit.snippet)}")
        click.echo(f"   {hit.path}")
        if hit.copies:
            outlets = f": {', '.join(hit.outlets)}" if hit.outlets else ""
            click.echo(f"   also carried by {counted(len(hit.copies), 'other page')}{outlets}")


def _export(searchable: Engine, query: str, sort: str, format_name: str) -> None:
    from search import SearchError
    from search.cluster.nodes import EngineUnavailable
    from web.config import ConfigError, load_settings
    from web.export import formatted, start_export

    try:
        export = start_export(searchable, query, {}, sort, load_settings().export_limit)
        for piece in formatted(export, format_name):
            click.echo(piece, nl=False)
    except (SearchError, EngineUnavailable, ConfigError) as error:
        raise click.ClickException(str(error)) from error
    if export.cut:
        click.echo(
            f"note: {export.total:,} pages match; printed the first {export.exported:,} (export_limit)", err=True
        )


def _setting_options(command):
    """One option per web setting (``--cors-origins`` for ``cors_origins``), each
    unset by default so that the config file and the environment can supply it."""
    for setting in reversed(SETTINGS):
        if setting.name == "index_dir":
            command = index_option(command)
            continue
        flag = "--" + setting.name.replace("_", "-")
        listed = setting.name in ("cors_origins", "frame_ancestors")
        command = click.option(
            flag,
            setting.name,
            default=None,
            multiple=listed,
            metavar=setting.metavar,
            help=setting.help + (" Repeat for more." if listed else "") + f" [env: {setting.env}]",
        )(command)
    return command


@main.command()
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help=f"TOML file of settings (default: ${CONFIG_VARIABLE}, if set).",
)
@_setting_options
def serve(config_file: str | None, **flags: Any) -> None:
    """Serve the search page, embed pages, widget and JSON API with gunicorn
    (worker processes, each with threads).

    Settings come from the TOML file, then the environment, then these flags.
    """
    from search import IndexNotFound
    from search.cluster.nodes import EngineUnavailable
    from web import create_app
    from web.config import ConfigError, load_settings
    from web.server import AddressUnavailable, check_address, serve as run_server

    try:
        settings = load_settings(config_file, flags)
        # Before anything says it serves: a busy port is the likeliest failure.
        check_address(settings.host, settings.port)
        app = create_app(settings)
    except (ConfigError, IndexNotFound, EngineUnavailable, AddressUnavailable) as error:
        raise click.ClickException(str(error)) from error
    address = f"http://{settings.host}:{settings.port}{settings.url_prefix}/"
    click.echo(
        f"zhsearch: serving {settings.engine or settings.index_dir} on {address} "
        f"with {settings.workers} worker processes of {settings.threads} threads"
    )
    try:
        run_server(app, settings)
    except AddressUnavailable as error:
        raise click.ClickException(str(error)) from error


@main.command()
@index_option
@engine_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(index_dir: str | None, engine: str | None, as_json: bool) -> None:
    """Print document count, index size, date span, top sources and last update."""
    from search.cluster.nodes import EngineUnavailable

    try:
        figures = _open(index_dir, engine=engine).stats()
    except EngineUnavailable as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"index:      {figures.index_dir}")
    click.echo(f"documents:  {figures.documents}")
    click.echo(f"size:       {figures.size_bytes / 1024 / 1024:.1f} MiB")
    span = f"{figures.first_date} … {figures.last_date}" if figures.first_date else "no dated documents"
    click.echo(f"dates:      {span}")
    click.echo(f"updated:    {figures.updated or 'never'}")
    if figures.top_sources:
        click.echo("top sources:")
        for source in figures.top_sources:
            click.echo(f"  {source.count:>7}  {source.value}")


@main.group()
def cluster() -> None:
    """Start or stop a local Sphinx cluster (shards and a node) for trying it and for tests."""


cluster_dir_option = click.option(
    "--dir", "folder", required=True, type=click.Path(file_okay=False), help="Folder of the cluster's configurations and data."
)


@cluster.command("start")
@click.option("--shards", "count", default=2, show_default=True, type=click.IntRange(1, 64), help="Shard processes.")
@cluster_dir_option
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
    help="The node's SphinxQL port; shard N uses port+1+2N and port+2+2N.",
)
def cluster_start(count: int, folder: str, port: int) -> None:
    """Write the configurations and start the shards' searchd processes and the node's;
    print the engine URL."""
    from search.cluster.nodes import ClusterError, EngineUnavailable, start

    try:
        click.echo(start(folder, count, port))
    except (ClusterError, EngineUnavailable) as error:
        raise click.ClickException(str(error)) from error


@cluster.command("stop")
@cluster_dir_option
def cluster_stop(folder: str) -> None:
    """Stop the searchd processes of the cluster in DIR (its data stays)."""
    from search.cluster.nodes import ClusterError, stop

    try:
        stopped = stop(folder)
    except ClusterError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"stopped {stopped} searchd {'process' if stopped == 1 else 'processes'}")
