"""Language markers on text layers: a versioned lexicon of pattern rules, sense filters, and the
voice each hit stands in. Pure Python (no Django): `find_markers(text, language)`."""
from mosaic.lib.lazy_exports import lazy_exports

# Imported on first use (PEP 562): importing the engine compiles the lexicon's patterns and the
# voice rules, which a process that only reads `mosaic.lib.markers.voice`'s names need not pay.
_LAZY = {"Marker": "engine", "find_markers": "engine", "rates": "engine", "word_count": "engine",
         "Lexicon": "lexicon", "LexiconError": "lexicon", "default_lexicon": "lexicon", "load_lexicon": "lexicon"}
__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = ["Marker", "find_markers", "rates", "word_count", "Lexicon", "LexiconError", "default_lexicon", "load_lexicon"]
