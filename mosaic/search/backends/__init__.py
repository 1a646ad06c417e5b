"""The search backends, one per database Mosaic runs on; `backend_for_vendor` picks the one that
keeps its index in the archive's own database, so the index commits with the data."""
from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from mosaic.search.backends.base import SearchBackend


def backend_for_vendor(vendor: str) -> SearchBackend:
    """The backend for a Django database vendor ("sqlite", "postgresql")."""
    if vendor == "sqlite":
        from mosaic.search.backends.sqlite_fts import SqliteFtsBackend

        return SqliteFtsBackend()
    if vendor == "postgresql":
        from mosaic.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise ImproperlyConfigured(f"Mosaic's search runs on SQLite and PostgreSQL; there is no search backend for a {vendor} database")
