"""A Sphinx (or Manticore) cluster: where it is, how to talk to it, and a local one to try.

An engine URL ``sphinx://HOST:PORT`` names the SphinxQL port of the node that
holds the distributed index ``zhsearch``, whose agents are the shards: RT
indexes ``shard0`` … on searchd processes of their own. The engine cannot
write through a distributed index, so the node also holds the small RT index
``zhsearch_meta``: a row per shard giving its SphinxQL and agent addresses
(the indexer writes to each shard directly), a row per indexed file (the
manifest of incremental runs: size, mtime, content hash, document ids), and
one saying when a run last changed anything.

The meta index also says where the cluster-wide IDF file is (each shard
ranks with it, ``search.cluster.idf``) and holds the statistics the ranking
needs (``search.cluster.ranking``), both as of the last indexing run.

``start`` writes the configurations of N shards and the node under one
folder and starts their searchd processes on 127.0.0.1; ``stop`` stops them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from typing import TYPE_CHECKING, Any

from search.defaults import DEFAULT_PORT

if TYPE_CHECKING:
    import pymysql

SCHEME = "sphinx"
DISTRIBUTED = "zhsearch"
META = "zhsearch_meta"
# A shard that does not answer in this time is left out of the results (named in them).
AGENT_CONNECT_MS = 1000
AGENT_QUERY_MS = 10000
CONNECT_SECONDS = 3
STOP_SECONDS = 20
START_SECONDS = 20
STRING_ATTRIBUTES = (
    "doc", "path", "file", "title_text", "body_text", "date_iso", "source", "site", "year", "month", "content_hash",
    "group_key",
)
SEARCHD = "searchd"
# The meta rows of the cluster as a whole, above the ids of the shard rows (1…N) and
# of the file rows (60-bit hashes): when an indexing run last changed it, where its
# IDF file is, and its statistics as of that run.
UPDATED_ROW = 2**60 + 1
IDF_ROW = 2**60 + 2
STATISTICS_ROW = 2**60 + 3
IDF_FILE = "global.idf"
# Enough for a shard of 50,000 news articles to stay in its RAM chunk: Sphinx 2.2
# gives the documents of an RT index's disk chunks no global IDF (search.cluster.idf).
RT_MEM_LIMIT = "1024M"


class EngineUnavailable(RuntimeError):
    """The engine, or a shard it needs, cannot be reached; the message says which,
    ``where`` names the engine and ``shards`` the shards that do not answer."""

    def __init__(self, message: str, where: str = "", shards: list[str] | None = None) -> None:
        super().__init__(message)
        self.where = where
        self.shards = shards or []


class ClusterError(RuntimeError):
    """A local cluster cannot be started or stopped; the message says why."""


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def parse(cls, text: str) -> Address:
        host, _, port = text.rpartition(":")
        return cls(host or "127.0.0.1", int(port))


@dataclass(frozen=True)
class Shard:
    name: str
    sql: Address
    # The address the node's distributed index lists it under (the binary protocol's).
    agent: Address
    # Its searchd's pid file, for a shard `start` runs on this machine: signalled to
    # read the IDF file again where the engine has no RELOAD INDEXES (Sphinx 2.2).
    pid_file: str = ""


def is_engine_url(location: str) -> bool:
    return str(location).startswith(f"{SCHEME}://")


def parse_url(url: str) -> Address:
    """The node's address in ``sphinx://HOST:PORT``; ValueError naming the URL otherwise."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != SCHEME or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"engine: {url!r} is not an engine URL such as sphinx://127.0.0.1:{DEFAULT_PORT}")
    return Address(parts.hostname, port or DEFAULT_PORT)


def connect(address: Address, url: str | None = None, read_seconds: float | None = None) -> pymysql.Connection:
    """A SphinxQL connection; EngineUnavailable names ``url`` (or the address) if there is none."""
    # Imported here: engine URLs are parsed by every command, connected to by few.
    import pymysql

    try:
        return pymysql.connect(
            host=address.host, port=address.port, autocommit=True, charset="utf8",
            connect_timeout=CONNECT_SECONDS, read_timeout=read_seconds, write_timeout=read_seconds,
            # The engine speaks no TLS; building a context costs more than a local query.
            ssl_disabled=True,
        )
    except pymysql.MySQLError as error:
        raise EngineUnavailable(f"cannot reach {url or address}: {_reason(error)}", url or str(address)) from None


def _reason(error: Exception) -> str:
    args = getattr(error, "args", ())
    return str(args[1]) if len(args) > 1 else str(error)


def shards(connection: pymysql.Connection) -> list[Shard]:
    """The shards the node lists in its meta index, in order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, value FROM {META} WHERE kind='shard' ORDER BY name ASC LIMIT 1000")
        rows = cursor.fetchall()
    found = []
    for name, value in rows:
        addresses = json.loads(value)
        found.append(
            Shard(name, Address.parse(addresses["sql"]), Address.parse(addresses["agent"]), addresses.get("pid", ""))
        )
    return sorted(found, key=lambda shard: int(shard.name.removeprefix("shard")))


def register_shards(connection: pymysql.Connection, found: list[Shard]) -> None:
    """Record the shards in the node's meta index (what `zhsearch cluster start` does;
    for a cluster over several hosts, run the same REPLACE statements by hand)."""
    with connection.cursor() as cursor:
        for number, shard in enumerate(found, start=1):
            addresses = {"sql": str(shard.sql), "agent": str(shard.agent)}
            value = json.dumps({**addresses, "pid": shard.pid_file} if shard.pid_file else addresses)
            cursor.execute(
                f"REPLACE INTO {META} (id, note, kind, name, value) VALUES (%s, '', 'shard', %s, %s)",
                (number, shard.name, value),
            )


def _record_run(connection: pymysql.Connection, row: int, name: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"REPLACE INTO {META} (id, note, kind, name, value) VALUES (%s, '', 'run', %s, %s)", (row, name, value)
        )


def _run_value(connection: pymysql.Connection, name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {META} WHERE kind='run' AND name=%s LIMIT 1", (name,))
        rows = cursor.fetchall()
    return rows[0][0] if rows else None


def record_update(connection: pymysql.Connection) -> None:
    """Note in the node's meta index that an indexing run changed the cluster now."""
    _record_run(connection, UPDATED_ROW, "updated", datetime.now().isoformat(timespec="seconds"))


def register_idf_file(connection: pymysql.Connection, path: str) -> None:
    """Record where the shards' ``global_idf`` file is (a path each shard's host and
    the indexing machine both reach: `zhsearch cluster start` puts it in its folder)."""
    _record_run(connection, IDF_ROW, "idf", path)


def idf_file(connection: pymysql.Connection) -> str | None:
    """The shards' ``global_idf`` file, if the meta index names one."""
    return _run_value(connection, "idf")


def record_statistics(connection: pymysql.Connection, statistics: dict[str, Any]) -> None:
    """Keep the statistics an indexing run found (``search.cluster.ranking.Statistics``)."""
    _record_run(connection, STATISTICS_ROW, "statistics", json.dumps(statistics))


def recorded_statistics(connection: pymysql.Connection) -> dict[str, Any] | None:
    """The statistics the last indexing run recorded, if any did."""
    value = _run_value(connection, "statistics")
    return json.loads(value) if value else None


def _shard_config(folder: Path, name: str, sql: int, agent: int) -> str:
    from search.cluster.text import CHARSET_TABLE

    attributes = "\n".join(f"    rt_attr_string = {attribute}" for attribute in STRING_ATTRIBUTES)
    fields = "\n".join(
        f"    rt_field = {field}" for field in ("title", "title_parts", "body", "body_parts", "grams", "tags")
    )
    return f"""index {name}
{{
    type = rt
    path = {folder / name / "data"}
{fields}
{attributes}
    rt_attr_bigint = stamp
    rt_attr_bigint = story
    rt_attr_uint = dated
    rt_attr_uint = title_derived
    rt_attr_uint = title_length
    rt_attr_uint = body_length
    rt_attr_uint = grams_length
    charset_table = {CHARSET_TABLE}
    min_word_len = 1
    dict = keywords
    rt_mem_limit = {RT_MEM_LIMIT}
    global_idf = {folder / IDF_FILE}
}}

{_searchd(folder / name, sql, agent)}
"""


def _node_config(folder: Path, sql: int, found: list[Shard]) -> str:
    from search.cluster.text import CHARSET_TABLE

    agents = "\n".join(f"    agent = {shard.agent}:{shard.name}" for shard in found)
    return f"""index {DISTRIBUTED}
{{
    type = distributed
{agents}
    agent_connect_timeout = {AGENT_CONNECT_MS}
    agent_query_timeout = {AGENT_QUERY_MS}
}}

index {META}
{{
    type = rt
    path = {folder / "node" / "meta"}
    rt_field = note
    rt_attr_string = kind
    rt_attr_string = name
    rt_attr_string = value
    charset_table = {CHARSET_TABLE}
}}

{_searchd(folder / "node", sql, None)}
"""


def _searchd(folder: Path, sql: int, agent: int | None) -> str:
    api = f"\n    listen = 127.0.0.1:{agent}" if agent else ""
    return f"""searchd
{{
    listen = 127.0.0.1:{sql}:mysql41{api}
    pid_file = {folder / "searchd.pid"}
    log = {folder / "searchd.log"}
    query_log = {folder / "query.log"}
    binlog_path = {folder}
    workers = threads
    max_packet_size = 32M
    read_timeout = 10
    client_timeout = 60
    seamless_rotate = 0
    # One process a searchd: stopped by its pid, and a shard killed stays down.
    watchdog = 0
}}
"""


def _configs(folder: Path) -> list[Path]:
    """The configurations `start` wrote, shards first and the node last."""
    shard_configs = sorted(folder.glob("shard*/sphinx.conf"), key=lambda path: int(path.parent.name[5:]))
    node = folder / "node" / "sphinx.conf"
    return [*shard_configs, node] if node.is_file() else shard_configs


def free_ports(count: int) -> int:
    """A port of 127.0.0.1 after which ``count`` ports in a row are free, for a local
    cluster beside other servers (the tests, the benchmark)."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        try:
            for port in range(base, min(base + count, 65536)):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        if base + count <= 65536:
            return base
    raise ClusterError(f"no {count} free ports in a row on 127.0.0.1")


def start(folder: str | os.PathLike[str], count: int, port: int = DEFAULT_PORT) -> str:
    """Write the configurations of ``count`` shards and a node under ``folder`` and
    start them: the node's SphinxQL on ``port``, shard N's on port+1+2N and its
    agent port after it. Returns the engine URL."""
    if count < 1:
        raise ClusterError(f"--shards must be 1 or more, not {count}")
    if not 1 <= port <= 65535 - 2 * count - 1:
        raise ClusterError(f"--port must leave room for {2 * count} ports after it, not {port}")
    folder = Path(folder).resolve()
    if _configs(folder):
        raise ClusterError(f"{folder}: holds a cluster already; `zhsearch cluster stop --dir {folder}` it first")
    found = [
        Shard(
            f"shard{number}", Address("127.0.0.1", port + 1 + 2 * number), Address("127.0.0.1", port + 2 + 2 * number),
            str(folder / f"shard{number}" / "searchd.pid"),
        )
        for number in range(count)
    ]
    from search.cluster.idf import write_idf

    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / IDF_FILE).exists():
        # A shard reads the file when it starts: an empty cluster's, until the first run writes it.
        write_idf(folder / IDF_FILE, 0, {})
    for shard in found:
        (folder / shard.name).mkdir(parents=True, exist_ok=True)
        (folder / shard.name / "sphinx.conf").write_text(
            _shard_config(folder, shard.name, shard.sql.port, shard.agent.port), encoding="utf-8"
        )
    (folder / "node").mkdir(parents=True, exist_ok=True)
    (folder / "node" / "sphinx.conf").write_text(_node_config(folder, port, found), encoding="utf-8")
    started: list[Path] = []
    try:
        for config in _configs(folder):
            _run_searchd(config)
            started.append(config)
        with _when_listening(Address("127.0.0.1", port)) as connection:
            register_shards(connection, found)
            register_idf_file(connection, str(folder / IDF_FILE))
    except BaseException:
        for config in started:
            _stop_searchd(config)
        raise
    return f"{SCHEME}://127.0.0.1:{port}"


def _when_listening(address: Address) -> pymysql.Connection:
    """A connection to a searchd that has just been started: it listens a moment after its launcher exits."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return connect(address)
        except EngineUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _run_searchd(config: Path) -> None:
    try:
        done = subprocess.run([SEARCHD, "--config", str(config)], capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise ClusterError("searchd is not installed: `apt-get install sphinxsearch` (or Manticore)") from None
    if done.returncode != 0:
        raise ClusterError(f"searchd did not start with {config}: {(done.stdout + done.stderr).strip()[-500:]}")


def _pid(config: Path) -> int | None:
    try:
        return int((config.parent / "searchd.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _stop_searchd(config: Path) -> bool:
    """Stop the searchd of ``config``; whether one was running."""
    pid = _pid(config)
    if pid is None:
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + STOP_SECONDS
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return True


def stop(folder: str | os.PathLike[str]) -> int:
    """Stop the searchd processes of the cluster in ``folder`` (node first); how many were running."""
    configs = _configs(Path(folder))
    if not configs:
        raise ClusterError(f"{folder}: no cluster here (no shard*/sphinx.conf or node/sphinx.conf)")
    stopped = sum(_stop_searchd(config) for config in reversed(configs))
    for config in configs:
        config.unlink()
    return stopped
