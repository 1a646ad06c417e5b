"""The lexicon's texts for readers (category labels and explanations, rule rationales) in the
reader's language.

The lexicon is data (`mosaic/data/lexicon/markers.json`), so `makemessages` cannot find its texts:
their translations live in a catalogue of their own, `locale/<language>/LC_MESSAGES/lexicon.po`,
whose message ids are the lexicon's English texts. `mosaic lens_markers messages` writes the
template of that catalogue from the lexicon; a text with no translation (a rule added since) is
shown in English rather than not at all. The API and the command line keep the English.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "lexicon"


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(LOCALE), languages=[language], fallback=True)


def lexicon_text(text: str) -> str:
    """`text` from the lexicon in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if not text or language == settings.LANGUAGE_CODE:
        return text
    return _catalogue(language).gettext(text)


def lexicon_messages(lexicon) -> list[str]:
    """Every text of `lexicon` a reader may see, once each, in the lexicon's order."""
    texts = []
    for category in lexicon.categories.values():
        texts += [category.label, category.what_it_can_tell, category.what_it_cannot_tell]
    texts += [rule.rationale for rule in lexicon.rules]
    return list(dict.fromkeys(text for text in texts if text))


def catalogue_template(lexicon) -> str:
    """The lexicon's texts as a gettext template (.pot), for `msgmerge` into each language's lexicon.po."""
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    entries = [f'msgid ""\nmsgstr ""\n"Project-Id-Version: Mosaic lexicon {lexicon.version}\\n"\n"MIME-Version: 1.0\\n"\n'
               '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n']
    entries += [f"msgid {quoted(text)}\nmsgstr \"\"\n" for text in lexicon_messages(lexicon)]
    return "\n".join(entries)
