"""The `mosaic` command: Django's management commands under the archive's own name.

`mosaic init`, `mosaic demo`, `mosaic serve`, `mosaic ingest`, `mosaic cite parse`, `mosaic worker`
(background jobs, mosaic/jobs/), and every Django command (`mosaic createsuperuser`, `mosaic migrate`, ...).

Mosaic's own commands that read or write the archive first check that its database has every
migration of this version, and otherwise say in one line what to run, instead of failing later on
a missing table with a traceback. The commands that write much or for long then take the writer
lock, waiting their turn behind another (mosaic/common/writer_lock.py); those that store files
first clear what an interrupted one left (mosaic/preservation/import_journal.py). Ctrl-C and SIGTERM
end Mosaic's commands in one line (mosaic/common/interrupts.py).
"""
import contextlib
import os
import sys

# The commands that need the archive's tables as this version of Mosaic makes them.
NEEDS_CURRENT_SCHEMA = {
    "audit", "backup", "changepassword", "cite", "createsuperuser", "demo", "export", "index", "ingest", "lens",
    "lens_markers", "names", "ocr", "roles", "search", "serve", "subjects", "worker",
}
# Actions that read only their input or a shipped file, never the archive: they run before `mosaic init`.
NO_ARCHIVE_NEEDED = {("cite", "parse"), ("lens_markers", "messages")}
# The commands that write much or for long, and the actions of each that do (None: all of them):
# each takes the writer lock first. `restore --check` only reads; `audit --repair` writes.
WRITERS: dict[str, set[str] | None] = {
    "ingest": None, "demo": None, "ocr": None, "backup": None, "restore": None, "init": None, "index": None,
    "subjects": None, "names": {"load", "import-variants", "link", "import-hsg"}, "lens_markers": {"refresh"},
    "cite": {"keep"},
}
STORES_FILES = {"ingest", "demo"}  # they clear an interrupted writer's files before they start
# They handle SIGINT and SIGTERM themselves (finishing a running job; stopping the server's workers).
OWN_SIGNALS = {"worker", "serve"}


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


def writer_work(arguments: list[str]) -> str | None:
    """What the command line does if it is a writer, as the lock describes it ("import of
    a.jsonl"), or None."""
    command, rest = arguments[0], arguments[1:]
    words = [word for word in rest if not word.startswith("-")]
    if command == "audit":
        return "repair of the store (`mosaic audit --repair`)" if "--repair" in rest else None
    if command not in WRITERS or (command == "restore" and "--check" in rest):
        return None
    actions = WRITERS[command]
    if actions is not None and (not words or words[0] not in actions):
        return None
    if command == "ingest":
        return "import of " + (words[0] if len(words) == 1 else f"{words[0]} and {len(words) - 1} more files")
    return f"run of `mosaic {command}{' ' + words[0] if actions else ''}`"


def take_writer_lock(command: str, work: str) -> None:
    """Wait for the writer before this one, if any, then clear what an interrupted one left."""
    import django

    from mosaic.common import writer_lock

    def say(line: str) -> None:
        print(f"mosaic {command}: {line}", file=sys.stderr, flush=True)

    django.setup()
    writer_lock.acquire(command, work, say=say)
    if command in STORES_FILES:
        from mosaic.preservation.import_journal import clear_interrupted

        for line in clear_interrupted():
            say(line)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
    arguments = sys.argv[1:] if argv is None else argv
    command = arguments[0] if arguments else ""
    helping = bool({"-h", "--help"} & set(arguments))
    if command in NEEDS_CURRENT_SCHEMA and tuple(arguments[:2]) not in NO_ARCHIVE_NEEDED and not helping:
        import django
        from django.conf import settings

        django.setup()
        if problem := schema_problem():
            print(f"mosaic {command}: {problem} (archive: {settings.MOSAIC_HOME})", file=sys.stderr)
            sys.exit(2)
    from django.core.management import execute_from_command_line

    from mosaic.common import writer_lock
    from mosaic.common.interrupts import ending_in_one_line

    work = writer_work(arguments) if command and not helping else None
    ours = (command in NEEDS_CURRENT_SCHEMA or work is not None) and command not in OWN_SIGNALS
    with ending_in_one_line(command) if ours else contextlib.nullcontext():
        try:
            if work is not None:
                take_writer_lock(command, work)
            execute_from_command_line(["mosaic", *arguments])
        finally:
            writer_lock.release()


if __name__ == "__main__":
    main()
