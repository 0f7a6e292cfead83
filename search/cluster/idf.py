"""Cluster-wide IDF: every keyword's count of documents over all shards, in the
file each shard ranks with (Sphinx's and Manticore's ``global_idf``).

A shard counts a keyword's documents among its own, so each would weigh a
word by its own share of the archive. Given ``global_idf = FILE`` in its index
and ``OPTION global_idf=1`` in the search, the engine reads the counts from
the file instead: the number of documents (64 bits), then each keyword's
64-bit FNV-1a hash and count (32 bits), sorted by hash: the layout
``indextool --buildidf`` writes. That tool reads ``indextool --dumpdict``,
which sees only an RT index's disk chunks, never its RAM chunk; so the counts
come from the shards themselves over SphinxQL: ``CALL KEYWORDS(…, 1)`` gives
a keyword's documents on one shard, RAM chunk included.

At the end of each indexing run that changed the cluster, the writer asks
every shard for the counts of every keyword the cluster has held (listed
beside the file in ``keywords.txt``: this run's are added, those no shard
holds any more left out), writes the file, has each shard read it again
(``RELOAD INDEXES`` on Manticore; on Sphinx 2.2, which has no such statement,
the signal on which ``searchd`` rotates, for a shard on this machine) and
checks that it ranks with the new counts. The file holds each count plus
one, so that the engine's log(N/n) is Whoosh's log(N/(df+1)).

Where a shard cannot rank with the file (it runs elsewhere and the statement
is missing; it did not take the new counts; or its RT index has disk chunks,
whose documents Sphinx 2.2 gives no global IDF at all, an IDF of 0) the run
warns, and the cluster ranks with each shard's own counts.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import struct
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pymysql

from search.cluster.ranking import GLOBAL_IDF

if TYPE_CHECKING:
    from search.cluster.nodes import Shard

KEYWORDS_FILE = "keywords.txt"
_FNV_OFFSET, _FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3
_DOCUMENTS = struct.Struct("<q")
_ENTRY = struct.Struct("<QI")
# Keywords a CALL KEYWORDS statement asks about: far below max_packet_size.
BATCH = 10_000
RELOAD_SECONDS = 10
# The probe's IDF is read as an integer weight: to a millionth.
_PROBE_SCALE = 1_000_000
_PROBE_TOLERANCE = 5
# Keywords tried in turn until one is in a live document.
_PROBES = 50

log = logging.getLogger(__name__)


def fnv64(keyword: str) -> int:
    """The engine's hash of a keyword in the file (64-bit FNV-1a of its UTF-8 bytes)."""
    value = _FNV_OFFSET
    for byte in keyword.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFF_FFFF_FFFF_FFFF
    return value


def write_idf(path: Path, documents: int, counts: Mapping[str, int]) -> None:
    """Write the IDF file at ``path``: ``documents`` in all, ``counts`` the documents holding each keyword."""
    entries = sorted((fnv64(keyword), count + 1) for keyword, count in counts.items() if count)
    # The engine does not load a file without an entry: an empty cluster's holds the empty keyword's.
    entries = entries or [(fnv64(""), 1)]
    _replace(path, _DOCUMENTS.pack(documents) + b"".join(_ENTRY.pack(*entry) for entry in entries))


def read_idf(path: Path) -> tuple[int, dict[int, int]]:
    """The documents and, by keyword hash, the count (plus one) in the IDF file at ``path``; (0, {}) if none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return 0, {}
    (documents,) = _DOCUMENTS.unpack_from(data)
    return documents, dict(_ENTRY.iter_unpack(data[_DOCUMENTS.size :]))


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".new")
    temporary.write_bytes(data)
    # The engine reads a file again only if its mtime, in whole seconds, changed.
    previous = path.stat().st_mtime if path.exists() else 0.0
    stamp = max(time.time(), previous + 1)
    os.utime(temporary, (stamp, stamp))
    os.replace(temporary, path)


def _shard_counts(connection: pymysql.Connection, name: str, keywords: list[str]) -> tuple[Counter[str], int, int]:
    """The documents holding each of ``keywords`` on one shard, its documents and its disk chunks."""
    counts: Counter[str] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW INDEX {name} STATUS")
        status = dict(cursor.fetchall())
        for start in range(0, len(keywords), BATCH):
            cursor.execute(f"CALL KEYWORDS(%s, '{name}', 1)", (" ".join(keywords[start : start + BATCH]),))
            for _, _, normalized, documents, _ in cursor.fetchall():
                if int(documents):
                    counts[normalized] += int(documents)
    return counts, int(status.get("indexed_documents", 0)), int(status.get("disk_chunks", 0))


def _reload(connection: pymysql.Connection, shard: Shard) -> bool:
    """Have the shard read its IDF file again; whether it could be asked to."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("RELOAD INDEXES")
        return True
    except pymysql.MySQLError:
        pass
    try:
        os.kill(int(Path(shard.pid_file).read_text().strip()), signal.SIGHUP)
    except (OSError, ValueError):
        return False
    return True


def _ranks_with(connection: pymysql.Connection, name: str, probes: list[str], documents: int, counts: Counter[str]) -> bool:
    """Whether the shard ranks with the file's ``counts``, read off the first of
    ``probes`` (keywords whose count changed) that a live document of it holds."""
    deadline = time.monotonic() + RELOAD_SECONDS
    with connection.cursor() as cursor:
        for probe in probes[:_PROBES]:
            count = counts[probe] + 1
            expected = math.log(documents / count) / (2 * math.log(documents + 1)) * _PROBE_SCALE
            while True:
                cursor.execute(
                    f"SELECT WEIGHT() FROM {name} WHERE MATCH(%s) LIMIT 1 "
                    f"OPTION ranker=expr('top(max_idf) * {_PROBE_SCALE}'), {GLOBAL_IDF}",
                    (probe,),
                )
                rows = cursor.fetchall()
                if not rows:
                    break  # counted in documents since deleted or replaced only: the next
                if abs(rows[0][0] - expected) <= _PROBE_TOLERANCE:
                    return True
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.05)
    return False


def update(where: str | None, connections: list[pymysql.Connection], shards: list[Shard], added: set[str]) -> bool:
    """Bring the cluster's IDF file (at ``where``, as the node's meta index names it)
    up to date after a run that wrote the keywords ``added``; whether every shard
    (``connections`` to each of ``shards``) now ranks with it."""
    if where is None:
        log.warning("the cluster names no IDF file: each shard ranks with its own IDF")
        return False
    path = Path(where)
    listed = path.with_name(KEYWORDS_FILE)
    known = set(listed.read_text(encoding="utf-8").split()) if listed.exists() else set()
    keywords = sorted(known | added)
    total: Counter[str] = Counter()
    per_shard: list[Counter[str]] = []
    live: list[int] = []
    documents = 0
    on_disk = []
    for connection, shard in zip(connections, shards):
        counts, held, chunks = _shard_counts(connection, shard.name, keywords)
        total.update(counts)
        per_shard.append(counts)
        live.append(held)
        documents += held
        if chunks:
            on_disk.append(shard.name)
    before_documents, before = read_idf(path)
    _replace(listed, "\n".join(sorted(total)).encode("utf-8"))
    write_idf(path, documents, total)
    if on_disk:
        log.warning(
            "%s: documents in RT disk chunks, which the engine ranks without the cluster's IDF: "
            "each shard ranks with its own", ", ".join(on_disk),
        )
        return False
    ranked = True
    for connection, shard, counts, held in zip(connections, shards, per_shard, live):
        # A keyword whose count changed tells the new file from the old (any, if the documents did);
        # this run's words are in live documents, and a common word surely is, unless it is in all.
        changed = [
            word for word in counts
            if total[word] + 1 < documents
            and (documents != before_documents or before.get(fnv64(word)) != total[word] + 1)
        ]
        if not held or not changed:
            continue
        changed.sort(key=lambda word: (word not in added, -total[word], word))
        if not (_reload(connection, shard) and _ranks_with(connection, shard.name, changed, documents, total)):
            log.warning("%s does not rank with the cluster's IDF file %s: each shard ranks with its own", shard.name, path)
            ranked = False
    return ranked
