"""The few statements whose SQL differs between SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db


def upsert(model, values: dict, *, index: list[str], set_: dict | None = None) -> None:
    """INSERT ... ON CONFLICT (index) DO UPDATE SET set_ (or DO NOTHING)."""
    session = db.session()
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model).values(**values)
    statement = (insert.on_conflict_do_update(index_elements=index, set_=set_) if set_
                 else insert.on_conflict_do_nothing(index_elements=index))
    session.execute(statement)
