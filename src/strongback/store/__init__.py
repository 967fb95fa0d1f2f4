"""Persistence: SQLAlchemy 2 models, the repository and Alembic migrations.

SQLite file under STRONGBACK_HOME by default; PostgreSQL when STRONGBACK_DATABASE_URL says so.
Importing this package is what pulls in SQLAlchemy, so the CLI imports it only inside commands.
"""
