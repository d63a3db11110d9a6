"""Every migration runs on an empty database, up to head and back down, on SQLite and PostgreSQL;
and head matches the models, so nobody forgets to write one."""
from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from community import create_app
from community.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrate.db'}"}
        return
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL not set: the PostgreSQL pass runs this")
    schema = f"m_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield {"SQLALCHEMY_DATABASE_URI": PG_URL,
           "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def _app(tmp_path, database):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SECRET_KEY": "x" * 40, **database})


def _meaningful(diffs):
    # Expression indexes (lower(email)) cannot be reflected on SQLite; they are checked below.
    return [d for d in diffs if not (isinstance(d, tuple) and d[0] in ("add_index", "remove_index")
                                     and d[1].name.startswith(("uq_", "ix_members_name_lower")))]


def _index_names(conn) -> set[str]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return set(conn.execute(text(query)).scalars())


# SQLite cannot reflect expression indexes; _index_names checks those instead.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection", "ignore:autogenerate skipping")
def test_upgrade_to_head_matches_models_and_downgrades_to_empty(tmp_path, empty_database):
    app = _app(tmp_path, empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), db.metadata)
            assert _meaningful(diffs) == []
            indexes = _index_names(conn)
            assert {"uq_members_email_lower", "ix_members_name_lower",
                    "uq_organisations_name_lower"} <= indexes
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade()  # and up again: downgrades leave nothing behind that blocks a re-run
        db.engine.dispose()
