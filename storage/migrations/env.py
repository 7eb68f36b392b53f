"""Alembic environment: the models' metadata and the Slack installation tables (slack_sdk's
OAuth stores), the URL from the caller's config."""

from alembic import context
from sqlmodel import SQLModel

from storage import models  # noqa: F401  (registers the tables)
from storage.db import make_engine
from storage.installation_tables import slack_metadata
from storage.types import UTCDateTime

config = context.config


def render_item(type_, obj, autogen_context):
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("import storage.types")
        return "storage.types.UTCDateTime()"
    return False


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=[SQLModel.metadata, slack_metadata()],
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
