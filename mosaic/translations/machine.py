"""The slot for a machine translation engine. None is configured by default, and none runs
offline: Mosaic does not ship one and never pretends to have one.

To plug an engine in, write a class with a ``name`` and a ``translate`` method::

    class MyEngine:
        name = "My engine 2.1"

        def translate(self, text: str, source_language: str, target_language: str) -> str:
            ...  # call the engine; raise MachineTranslationFailed with a readable message on failure

and point ``settings.MOSAIC_MACHINE_TRANSLATOR`` at it by dotted path
("mypackage.engines.MyEngine"). The class is instantiated without arguments (read credentials
from your own settings or the environment). Languages are ISO 639-1 codes ("ru", "en").

The workspace then offers a button that shows the engine's output in a separate pane, labelled
machine-made. It is a suggestion for the translator: it is never saved as a text layer, and
nothing reaches the public unless a translator writes it into their own draft and a curator
approves that draft.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@runtime_checkable
class MachineTranslator(Protocol):
    name: str

    def translate(self, text: str, source_language: str, target_language: str) -> str: ...


class MachineTranslationFailed(Exception):
    """The engine could not translate; the message is shown to the translator."""


def get_machine_translator() -> MachineTranslator | None:
    """The configured engine, or None when there is none (the default)."""
    path = getattr(settings, "MOSAIC_MACHINE_TRANSLATOR", "")
    if not path:
        return None
    try:
        engine_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"MOSAIC_MACHINE_TRANSLATOR names {path!r}, which cannot be imported: {error}") from error
    engine = engine_class() if isinstance(engine_class, type) else engine_class
    if not isinstance(engine, MachineTranslator) or not isinstance(getattr(engine, "name", None), str):
        raise ImproperlyConfigured(
            f"MOSAIC_MACHINE_TRANSLATOR {path!r} must have a `name` and a "
            "`translate(text, source_language, target_language)` method."
        )
    return engine


def machine_translate(engine: MachineTranslator, text: str, source_language: str, target_language: str) -> str:
    """The engine's translation; any failure becomes MachineTranslationFailed with a message to show."""
    try:
        result = engine.translate(text, source_language, target_language)
    except MachineTranslationFailed:
        raise
    except Exception as error:  # an engine is third-party code: report its failure, do not crash the workspace
        raise MachineTranslationFailed(f"{engine.name} failed: {error}") from error
    if not isinstance(result, str):
        raise MachineTranslationFailed(f"{engine.name} returned {type(result).__name__}, not text.")
    return result
