"""Load the repository table (code, name, country, aliases) into the database."""
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mosaic.archives.models import Repository
from mosaic.lib.source_lines import RepositoryTable


@transaction.atomic
def load_repositories(path: Path | None = None) -> tuple[int, int]:
    """Create or update every repository in the table; return (created, updated)."""
    table = RepositoryTable.from_tsv(path or settings.DATA_DIR / "repositories.tsv")
    created = updated = 0
    for entry in table:
        values = {"name": entry.name, "country": entry.country, "aliases": list(table.aliases(entry.code))}
        repository, was_created = Repository.objects.get_or_create(code=entry.code, defaults=values)
        if was_created:
            created += 1
        elif any(getattr(repository, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(repository, field, value)
            repository.save()
            updated += 1
    return created, updated
