"""`mosaic check` (and the development server) report a broken marker lexicon at start-up."""
from django.core.checks import Error, register

from mosaic.lib.markers.lexicon import LexiconError, load_lexicon


@register()
def lexicon_loads(app_configs=None, **kwargs):
    try:
        load_lexicon()
    except LexiconError as error:
        return [Error(problem, hint="Fix the lexicon file; `mosaic lens_markers check` also runs the rules' examples.",
                      obj=error.path, id="lens.E001") for problem in error.problems]
    return []
