"""The search index's background upkeep: on PostgreSQL under RUM, moving the words written since
the last merge into the RUM-indexed table (backends/postgres.py says why they wait apart)."""
from __future__ import annotations

from django_tasks import task


@task()
def keep_index_up() -> int:
    """Do the backend's upkeep a short transaction at a time until none is left (or what is left
    is held by a writer, whose commit queues this job again); returns how many transactions did
    something. Killed half way, it leaves every finished transaction done and the
    rest waiting, still found by searches, for the next run."""
    from mosaic.search.index import get_backend

    backend = get_backend()
    rounds = 0
    while backend.do_upkeep():
        rounds += 1
    return rounds
