"""The reader's language: English at the bare address, Korean under /ko/.

Pages live under `i18n_patterns` without a prefix for English, so every address that worked
before still shows the same page, and crawlers (which send no Accept-Language) see English. The
reader's language is remembered in Django's language cookie once chosen with the switcher; until
then the browser's Accept-Language is the first guess. Machine endpoints (API, IIIF, OAI,
annotations) stay outside the prefix: their identifiers must not depend on a reader's language.
"""
from django.apps import apps
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import JavaScriptCatalog

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# The switcher names each language in itself, as readers look for their own.
NAMES_IN_THEMSELVES = {"en": "English", "ko": "한국어"}
LONGEST_KEPT_ADDRESS = 2000


def _prefixed(path: str) -> bool:
    return _language_of(path) != settings.LANGUAGE_CODE


def _language_of(path: str) -> str:
    return next((code for code in LANGUAGE_CODES if code != settings.LANGUAGE_CODE
                 and (path == f"/{code}" or path.startswith((f"/{code}/", f"/{code}?")))), settings.LANGUAGE_CODE)


def _wanted_language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in LANGUAGE_CODES:
        return chosen
    guessed = translation.get_language_from_request(request, check_path=False)
    return guessed if guessed in LANGUAGE_CODES else settings.LANGUAGE_CODE


class LanguageGuessMiddleware:
    """Sends a reader whose chosen (or browser) language is not English from a bare page address
    to the same page in that language. Placed above the page cache, so a kept English page is
    never served to a reader who should be redirected; the redirect itself is not kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not _prefixed(request.path_info):
            language = _wanted_language(request)
            if language != settings.LANGUAGE_CODE:
                # Read as the bare (default-language) address it is, whatever a previous request left active.
                with translation.override(settings.LANGUAGE_CODE):
                    target = translate_url(request.get_full_path(), language)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    response["Vary"] = "Accept-Language, Cookie"
                    response["Cache-Control"] = "private"
                    return response
        return self.get_response(request)


def switch_language(request):
    """GET /language/?to=ko&next=/documents/X/: remembers the choice and shows the same page in
    that language. A plain link, not a form, so it works in pages kept for every reader."""
    language = request.GET.get("to", "")
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    with translation.override(_language_of(next_url)):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        samesite="Lax", secure=request.is_secure())
    response["Cache-Control"] = "private"
    return response


def language_links(request) -> list[dict]:
    """For the switcher: each language with the address of this page in it (through the
    switch, which remembers the choice)."""
    from urllib.parse import urlencode

    here = request.get_full_path()
    if len(here) > LONGEST_KEPT_ADDRESS:  # a pasted passage as a query: the switch keeps the page, not the query
        here = request.path
    current = translation.get_language()
    return [{"code": code, "name": NAMES_IN_THEMSELVES.get(code, name), "current": code == current,
             "url": "/language/?" + urlencode({"to": code, "next": here})}
            for code, name in settings.LANGUAGES]


class ScriptCatalog(JavaScriptCatalog):
    """Django's catalogue for scripts, from every Mosaic app's djangojs.po and the project's own
    (mosaic/locale), which Django's view would leave out."""

    def get_paths(self, packages):
        apps_paths = super().get_paths([config.name for config in apps.get_app_configs() if config.name.startswith("mosaic.")])
        return [*apps_paths, *(str(path) for path in settings.LOCALE_PATHS)]
