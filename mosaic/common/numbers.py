"""Reading a number (a record id, a revision) from a request parameter.

`str.isdigit()` is True for characters `int()` refuses, such as "²", and `int()` accepts forms
no link or form of ours sends (" 7", "+7", "٧", "1_000"); a database integer holds at most
2**63 - 1, and a larger one sent to the database fails there. So a number in a request is ASCII
digits only, within that range; anything else is no number.
"""
from __future__ import annotations

import re

LARGEST_STORED_INTEGER = 2**63 - 1


def parse_number(value) -> int | None:
    """The non-negative whole number `value` spells in ASCII digits, or None."""
    if isinstance(value, int) and not isinstance(value, bool):  # JSON bodies carry numbers as numbers
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,19}", value):
        return None
    number = int(value)
    return number if number <= LARGEST_STORED_INTEGER else None
