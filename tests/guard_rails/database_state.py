"""Every row of every table in `db.metadata`: to tell whether a request changed anything, say
what, and put the database back as it was.

Reading it is one plain `SELECT *` a table on a connection of its own (no ORM, no type
conversion: values are compared and written back as the driver gives them), so a test may compare
before and after each of a thousand requests and still run in seconds. Putting it back undoes
only what changed (on PostgreSQL a sequence stays where it got to: later rows get new ids).
"""
from __future__ import annotations

from operator import itemgetter

from sqlalchemy import Table
from sqlalchemy.engine import Engine

from community.extensions import db

Rows = dict[object, tuple]   # primary key (a tuple if composite) -> the row
State = dict[str, Rows]


def _tuple(key) -> tuple:
    return key if isinstance(key, tuple) else (key,)


class DatabaseState:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.tables: list[Table] = list(db.metadata.sorted_tables)   # parents before children
        self._reader = engine.raw_connection()
        # A row's key: its primary key value, or a tuple of them for a composite key.
        self._keys = {t.name: itemgetter(*[list(t.columns).index(c) for c in t.primary_key.columns])
                      for t in self.tables}
        self._quote = engine.dialect.identifier_preparer.quote

    def version(self) -> int | None:
        """On SQLite, a number that moves whenever another connection commits (PRAGMA
        data_version): the same number before and after a request means it wrote nothing, and the
        tables need not be read. None elsewhere (read the tables)."""
        if self.engine.dialect.name != "sqlite":
            return None
        cursor = self._reader.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return cursor.fetchone()[0]
        finally:
            cursor.close()

    def close(self) -> None:
        self._reader.close()

    def read(self) -> State:
        cursor = self._reader.cursor()
        state: State = {}
        try:
            for table in self.tables:
                columns = ", ".join(self._quote(c.name) for c in table.columns)
                cursor.execute(f"SELECT {columns} FROM {self._quote(table.name)}")
                key = self._keys[table.name]
                state[table.name] = {key(row): tuple(row) for row in cursor.fetchall()}
        finally:
            cursor.close()
            self._reader.commit()   # end the read transaction: the next read sees the next commit
        return state

    @staticmethod
    def changes(before: State, after: State) -> list[str]:
        """What changed, table by table: '+2 -0 ~1 posts' (rows added, removed, changed)."""
        out = []
        for name, rows in before.items():
            now = after[name]
            if now == rows:
                continue
            added, removed = len(now.keys() - rows.keys()), len(rows.keys() - now.keys())
            changed = sum(1 for k in rows.keys() & now.keys() if rows[k] != now[k])
            if added or removed or changed:
                out.append(f"+{added} -{removed} ~{changed} {name}")
        return out

    def restore(self, before: State, after: State) -> None:
        """Back to `before`: removed rows return (parents first), changed rows get their old
        values, added rows go (children first), so foreign keys hold at every step. Plain SQL,
        so the values go back exactly as the driver gave them."""
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        cursor = self._reader.cursor()
        try:
            for table in self.tables:
                old, now = before[table.name], after[table.name]
                if old == now:
                    continue
                name, names = self._quote(table.name), [self._quote(c.name) for c in table.columns]
                returning = [old[k] for k in old.keys() - now.keys()]
                if returning:
                    returning = [_adapted(row) for row in returning]
                    cursor.executemany(f"INSERT INTO {name} ({', '.join(names)}) "
                                       f"VALUES ({', '.join(mark for _ in names)})", returning)
                for k in old.keys() & now.keys():
                    if old[k] != now[k]:
                        cursor.execute(f"UPDATE {name} SET {', '.join(f'{n} = {mark}' for n in names)} "
                                       f"WHERE {self._where(table, mark)}", (*_adapted(old[k]), *_tuple(k)))
            for table in reversed(self.tables):
                old, now = before[table.name], after[table.name]
                added = [_tuple(k) for k in now.keys() - old.keys()]
                if added:
                    cursor.executemany(f"DELETE FROM {self._quote(table.name)} WHERE {self._where(table, mark)}", added)
            self._reader.commit()
        except BaseException:
            self._reader.rollback()
            raise
        finally:
            cursor.close()

    def _where(self, table: Table, mark: str) -> str:
        return " AND ".join(f"{self._quote(c.name)} = {mark}" for c in table.primary_key.columns)


def _adapted(row: tuple) -> tuple:
    """The row's values as the driver takes them back: psycopg reads a JSON column as a dict or a
    list, but writes neither without being told it is JSON (sqlite3 reads JSON as text)."""
    if not any(isinstance(value, (dict, list)) for value in row):
        return row
    from psycopg.types.json import Json
    return tuple(Json(value) if isinstance(value, (dict, list)) else value for value in row)
