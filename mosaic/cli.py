"""The `mosaic` command: Django's management commands under the archive's own name.

`mosaic init`, `mosaic demo`, `mosaic serve`, `mosaic ingest`, `mosaic cite parse`, `mosaic worker`
(background jobs, mosaic/jobs/), and every Django command (`mosaic createsuperuser`, `mosaic migrate`, ...).
"""
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mosaic", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
