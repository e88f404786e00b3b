"""A first import's search index and rows, built beside the roster while the file is still being read.

Tokenising the documents is the largest part of writing a big import. When the roster's
search index is empty, a worker thread inserts each chunk's documents into a TEMP FTS5 table
of the same definition — one `INSERT … SELECT` over `json_each` per chunk, so SQLite does the
work without the GIL while the main thread goes on parsing and matching, and a TEMP table
takes no lock on the database file. Under the write lock the staged index's shadow tables are
copied into the roster's (empty) ones: copying rows, not tokenising again.

When the roster holds nobody yet (every change is an addition), the chunk's students,
guardians and links are staged too, by the main thread as it matches them, into a private
in-memory database holding the values the roster's write path stores (`writes.student_values`,
`guardian_values`); a row the file changes again later is staged again under the same rowid.
That database is then attached to the import's connection (before its write), and under the
lock `RosterWrite.add_staged` copies them with one `INSERT … SELECT` a table instead of binding
300,000 rows there.

The rows are bound by the main thread, which waits for the parsing child a third of its time
anyway; the worker thread could not: binding row by row needs the GIL, which the main thread's
matching holds, and as one statement over a JSON array (as the documents go) SQLite spent a
CPU second taking 255,000 rows apart again, a second the parsing child, the longest of the
import's three strands, lost on a two-core machine.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from functools import partial
from operator import itemgetter

import sqlite_utils

from outreach.roster.importing.identity import Resolver
from outreach.roster.writes import (
    GUARDIAN_VALUES,
    LINK_VALUES,
    STUDENT_VALUES,
    RosterWrite,
    guardian_values,
    student_values,
)
from outreach.store.search import DOC_FIELDS, search_doc

SEARCH_TABLE = "guardian_search"
STAGE_TABLE = "import_search"
STAGE_CACHE_KIB = 64 * 1024  # TEMP pages stay in memory rather than in a temporary file (100k rows: 46 MiB)
# A run of consecutive ids (a chunk's new guardians): the first id and a flat array of documents.
_INSERT_RUN = f"INSERT INTO temp.{STAGE_TABLE}(rowid, doc) SELECT ? + key, value FROM json_each(?)"
_REPLACE = (f"INSERT OR REPLACE INTO temp.{STAGE_TABLE}(rowid, doc) SELECT value ->> 0, value ->> 1"
            " FROM json_each(?)")
# The staged rows: table → its columns (students and guardians keyed by their id, links by the
# order they were first made, as the roster's write would have inserted them), in the database
# attached to the import's connection under this name.
STAGED_ROWS = {"import_students": STUDENT_VALUES, "import_guardians": GUARDIAN_VALUES,
               "import_links": ("rowid", *LINK_VALUES)}
ROWS_SCHEMA = "import_rows"


class SearchStage:
    """The TEMP search table of one import and the worker thread that fills it; for a first
    import beside a parsing child, also the private database its rows are staged in.

    The worker uses the import's connection; the main thread does not touch the connection
    until `finish()` returns (it parses and matches in Python meanwhile)."""

    def __init__(self, db: sqlite_utils.Database, resolver: Resolver, *, rows: bool):
        """Stage the documents; and the rows too if asked and the resolver's roster holds nobody."""
        self._conn = db.conn
        definition = self._conn.execute("SELECT sql FROM main.sqlite_master WHERE name = ?",
                                        [SEARCH_TABLE]).fetchone()[0]
        self._conn.execute(f"PRAGMA temp.cache_size=-{STAGE_CACHE_KIB}")
        self._conn.execute(f"DROP TABLE IF EXISTS temp.{STAGE_TABLE}")
        self._conn.execute(definition.replace(f" {SEARCH_TABLE} ", f" temp.{STAGE_TABLE} ", 1))
        # (a caller's open transaction would forbid attaching the staged rows, and an SQLite
        # built without `serialize` could not move them: not staged then)
        self.rows = (rows and resolver.empty and not self._conn.in_transaction
                     and hasattr(self._conn, "serialize"))
        self._rows_db: sqlite3.Connection | None = None
        self._attached = False
        if self.rows:
            resolver.tracking = True
            self._rows_db = _rows_database()
        self._links: dict[tuple[int, int], int] = {}  # a staged link → its rowid
        self._staged: set[int] = set()
        self._jobs: queue.SimpleQueue[Callable[[], object] | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._skip = False
        self._thread = threading.Thread(target=self._run, name="import-search-stage", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """Every statement in one transaction of the worker's own (committed at the end), or
        in the import's write transaction when that is already open."""
        own = False
        while (job := self._jobs.get()) is not None:
            if self._error is None and not self._skip:
                try:
                    if not self._conn.in_transaction:
                        self._conn.execute("BEGIN")
                        own = True
                    job()
                except BaseException as error:  # noqa: BLE001 - raised again by finish()
                    self._error = error
        if own:
            self._conn.commit()

    def add(self, resolver: Resolver) -> None:
        """Queue the documents of the guardians the resolver changed since the last call."""
        runs: list[list[int]] = []
        again: list[tuple[int, str]] = []
        for gid in sorted(resolver.take_docs()):
            if gid in self._staged:
                again.append((gid, guardian_doc(resolver, gid)))
            elif runs and runs[-1][-1] == gid - 1:
                runs[-1].append(gid)
            else:
                runs.append([gid])
        for run in runs:
            self._staged.update(run)
            docs = [guardian_doc(resolver, gid) for gid in run]
            self._execute(_INSERT_RUN, [run[0], json.dumps(docs, ensure_ascii=False)])
        if again:
            self._execute(_REPLACE, [json.dumps(again, ensure_ascii=False)])
        if self.rows:
            self._add_rows(resolver, [gid for run in runs for gid in run] + [gid for gid, _ in again])

    def _add_rows(self, resolver: Resolver, guardians: list[int]) -> None:
        """Stage the rows of the students, guardians and links changed since the last call."""
        changes = resolver.changes
        students, links = resolver.take_touched()
        self._many("import_students", [student_values(
            (sid, changes.students[sid], changes.student_groups[sid], changes.student_keys[sid]))
            for sid in students])
        self._many("import_guardians", [guardian_values(gid, changes.guardians[gid], changes.guardian_keys.get(gid))
                                        for gid in guardians if gid in changes.new_guardians])
        numbered = self._links
        self._many("import_links", [(numbered.setdefault(pair, len(numbered) + 1), *pair, changes.new_links[pair])
                                    for pair in links])

    def _execute(self, sql: str, values: Sequence[object]) -> None:
        self._jobs.put(partial(self._conn.execute, sql, values))

    def _many(self, table: str, rows: list[tuple[object, ...]]) -> None:
        """Stage `rows` in `table` of the rows database (bound here, in the main thread)."""
        assert self._rows_db is not None
        columns = STAGED_ROWS[table]
        self._rows_db.executemany(f"INSERT OR REPLACE INTO {table}({', '.join(columns)})"
                                  f" VALUES ({', '.join('?' * len(columns))})", rows)

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def finish(self) -> None:
        """Wait for the worker: the staged index is complete (or the worker's error raised);
        attach the staged rows to the import's connection (outside its write: a transaction
        forbids it)."""
        self._stop()
        if self._error is not None:
            raise self._error
        if self._rows_db is not None:
            self._attach_rows(self._rows_db)

    def _attach_rows(self, rows_db: sqlite3.Connection) -> None:
        rows_db.commit()
        self._conn.execute(f"ATTACH DATABASE ':memory:' AS {ROWS_SCHEMA}")
        self._attached = True
        self._conn.deserialize(rows_db.serialize(), name=ROWS_SCHEMA)
        rows_db.close()
        self._rows_db = None

    def copy_into_empty_index(self) -> None:
        """Replace the roster's empty search index by the staged one (inside the write).
        Same definition, same SQLite: the shadow tables (segments, content, sizes, structure)
        are the index."""
        self.finish()
        shadows = [name.removeprefix(f"{STAGE_TABLE}_") for (name,) in self._conn.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'table'")
            if name.startswith(f"{STAGE_TABLE}_")]
        for shadow in shadows:
            self._conn.execute(f"DELETE FROM main.[{SEARCH_TABLE}_{shadow}]")
            self._conn.execute(f"INSERT INTO main.[{SEARCH_TABLE}_{shadow}]"
                               f" SELECT * FROM temp.[{STAGE_TABLE}_{shadow}]")

    def copy_rows(self, write: RosterWrite) -> None:
        """Insert the staged rows into the roster (inside the write; `rows` must be on)."""
        self.finish()
        write.add_staged(*(f"{ROWS_SCHEMA}.{table}" for table in STAGED_ROWS))

    def close(self) -> None:
        """Stop the worker (skipping what is left) and drop the staged index and rows (outside
        the import's write: an attached database is detached only then)."""
        self._skip = True
        self._stop()
        own = not self._conn.in_transaction
        self._conn.execute(f"DROP TABLE IF EXISTS temp.{STAGE_TABLE}")
        if own:
            self._conn.commit()
        if self._rows_db is not None:
            self._rows_db.close()
            self._rows_db = None
        if self._attached:
            self._conn.execute(f"DETACH DATABASE {ROWS_SCHEMA}")
            self._attached = False


def _rows_database() -> sqlite3.Connection:
    """A private in-memory database with the staged rows' tables, in one open transaction."""
    rows_db = sqlite3.connect(":memory:", isolation_level=None)
    for table, (key, *rest) in STAGED_ROWS.items():
        rows_db.execute(f"CREATE TABLE {table}({key} INTEGER PRIMARY KEY, {', '.join(rest)})"
                        if key != "rowid" else f"CREATE TABLE {table}({', '.join(rest)})")
    rows_db.execute("BEGIN")
    return rows_db


def guardian_doc(resolver: Resolver, gid: int) -> str:
    """The guardian's search document as `search.reindex` builds it in SQL (the children's
    surnames and names after the guardian's own fields), from the resolver's view."""
    students = resolver.changes.students
    children = " ".join(f"{students[sid][0]} {students[sid][1]}"
                        for sid in resolver.children.get(gid, ()))
    return search_doc(*_doc_fields(resolver.current(gid)), children or None)


_doc_fields: Callable[[dict[str, str | None]], tuple[str | None, ...]] = itemgetter(*DOC_FIELDS)
