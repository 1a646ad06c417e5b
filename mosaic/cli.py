"""The `mosaic` command: Django's management commands under the archive's own name.

`mosaic init`, `mosaic demo`, `mosaic serve`, `mosaic ingest`, `mosaic cite parse`, `mosaic worker`
(background jobs, mosaic/jobs/), and every Django command (`mosaic createsuperuser`, `mosaic migrate`, ...).

Mosaic's own commands that read or write the archive first check that its database has every
migration of this version, and otherwise say in one line what to run, instead of failing later on
a missing table with a traceback.
"""
import os
import sys

# The commands that need the archive's tables as this version of Mosaic makes them.
NEEDS_CURRENT_SCHEMA = {
    "audit", "backup", "changepassword", "cite", "createsuperuser", "demo", "index", "ingest", "lens",
    "lens_markers", "names", "ocr", "roles", "search", "serve", "subjects", "worker",
}
NO_ARCHIVE_NEEDED = {("cite", "parse")}  # reads a printed citation, nothing stored


def schema_problem() -> str | None:
    """What keeps the archive's database from being used by this version, or None."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"cannot read the archive's database: {str(error).strip().splitlines()[0]}"
    if not pending:
        return None
    if not executor.loader.applied_migrations:
        return "this archive has not been set up yet: run `mosaic init` first"
    return (f"this archive was set up by an earlier version of Mosaic ({len(pending)} database "
            "changes not applied yet): run `mosaic init` to bring it up to date (nothing stored is lost)")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
    arguments = sys.argv[1:] if argv is None else argv
    command = arguments[0] if arguments else ""
    if command in NEEDS_CURRENT_SCHEMA and tuple(arguments[:2]) not in NO_ARCHIVE_NEEDED and not (
            {"-h", "--help"} & set(arguments)):
        import django
        from django.conf import settings

        django.setup()
        if problem := schema_problem():
            print(f"mosaic {command}: {problem} (archive: {settings.MOSAIC_HOME})", file=sys.stderr)
            sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mosaic", *arguments])


if __name__ == "__main__":
    main()
