"""Messages for people, written in lib where no Django is imported, read in the reader's language.

A `Message` is an English template marked for the interface's catalogue plus its values:
`str(message)` is the English (what the API, the command line and logs give), and
`message.worded(gettext)` is the same message in the language of the `gettext` a page passes.
An error raised from lib (`WordedError` and its subclasses) carries one, so the page that shows
the error can word it for its reader.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def gettext_noop(text: str) -> str:
    """Marks a text for the interface's Korean catalogue and returns it unchanged.

    Django's makemessages reads calls of this name; pages translate the text when they show it
    (`gettext(label)`, `Message.worded(gettext)`, or `common.models.translated_choices`)."""
    return text


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True)
class Message:
    template: str  # English, with %(name)s placeholders; marked with gettext_noop where it is written
    values: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def worded(self, gettext: Callable[[str], str] = _unchanged) -> str:
        """The message in gettext's language; values that are messages are worded alike."""
        values = {name: value.worded(gettext) if isinstance(value, Message) else value
                  for name, value in self.values.items()}
        return gettext(self.template) % values if values else gettext(self.template)

    def __str__(self) -> str:
        return self.worded()


class WordedError(ValueError):
    """An error whose text is a `Message` (`error.wording`); str() gives it in English."""

    def __init__(self, template: str, **values):
        self.wording = Message(template, MappingProxyType(values))
        super().__init__(str(self.wording))
