"""Language markers on text layers: a versioned lexicon of pattern rules, sense filters, and the
voice each hit stands in. Pure Python (no Django): `find_markers(text, language)`."""
from mosaic.lib.markers.engine import Marker, find_markers, rates, word_count
from mosaic.lib.markers.lexicon import Lexicon, LexiconError, default_lexicon, load_lexicon

__all__ = ["Marker", "find_markers", "rates", "word_count", "Lexicon", "LexiconError", "default_lexicon", "load_lexicon"]
