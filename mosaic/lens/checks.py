"""`mosaic check` (and the development server) report a broken marker lexicon or frame lexicon at start-up."""
from django.core.checks import Error, register

from mosaic.lib.markers.lexicon import LexiconError, load_lexicon
from mosaic.lib.markers.voice import load_frames


@register()
def lexicon_loads(app_configs=None, **kwargs):
    errors = []
    for load in (load_lexicon, load_frames):  # the marker rules, and the voice rules' frames
        try:
            load()
        except LexiconError as error:
            errors += [Error(problem, hint="Fix the lexicon file; `mosaic lens_markers check` also runs its examples.",
                             obj=error.path, id="lens.E001") for problem in error.problems]
    return errors
