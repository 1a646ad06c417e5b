"""The `--progress` / `--no-progress` switch every long-running command offers."""


def add_progress_arguments(parser) -> None:
    """Adds the switch as `progress`: True, False, or None when neither is given (each command
    then decides, usually by whether stderr is a terminal)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--progress", dest="progress", action="store_true", default=None,
                       help="Always show a progress bar (by default only on a terminal).")
    group.add_argument("--no-progress", dest="progress", action="store_false", help="Never show a progress bar.")
