"""`{% bilingual record "field" %}`: a curated text in the page's language (mosaic/common/bilingual.py).

Three forms, one per place a text can stand:
- `{% bilingual collection "title" %}` inline, in a heading, link or paragraph;
- `{% bilingual person "biography" "rich" %}` rich text, reduced to the allow-list like `rich_text`;
- `{% bilingual event "title" "plain" %}` bare text, for the page title or an attribute (`as name`
  keeps it for a filter, e.g. truncatewords).
English shown on a Korean page for want of Korean carries `lang="en"` and a short note saying so;
`{% fallback_note %}` is that note alone, for a text chosen before the template (a publication's
body, rendered with its notes by publications/essay.py).
"""
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from mosaic.common.bilingual import curated_text
from mosaic.lib.rich_text import sanitize_html

register = template.Library()
MODES = ("inline", "rich", "plain")


def _note() -> str:
    # Translators: after an English text shown on a Korean page because no Korean text exists yet.
    return gettext("(English original)")


@register.simple_tag
def fallback_note():
    return format_html('<p class="fallback-note">{}</p>', _note())


@register.simple_tag
def bilingual(record, field: str, mode: str = "inline"):
    if mode not in MODES:
        raise template.TemplateSyntaxError(f"bilingual: mode {mode!r} is not one of {', '.join(MODES)}")
    chosen = curated_text(record, field)
    if mode == "plain":
        return chosen.text
    note = _note()
    if mode == "rich":
        html = mark_safe(sanitize_html(chosen.text))  # noqa: S308 (passed the nh3 allow-list)
        if not chosen.fell_back:
            return html
        return format_html('<div lang="en">{}</div><p class="fallback-note">{}</p>', html, note)
    if not chosen.fell_back:
        return chosen.text  # escaped by the template engine, as any value
    return format_html('<span lang="en">{}</span> <span class="fallback-note">{}</span>', chosen.text, note)
