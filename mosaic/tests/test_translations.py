"""Every string a reader sees exists in Korean (issue 17).

Two checks. The catalogues are regenerated from the sources (Django's makemessages, in a copy of
the package so the tree is never written) and every message must have a Korean translation that
is neither empty nor fuzzy, and the committed .mo files must say what their .po files say. And
templates may not hold user-facing text outside the translation tags: text between tags and the
attributes a reader sees or hears (title, alt, placeholder, aria-label, value of a button)."""
import gettext
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

PACKAGE = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".js", ".po"}
# Names, formats and protocols, the same in every language.
UNTRANSLATED_WORDS = {
    "Mosaic", "API", "IIIF", "OAI-PMH", "JSON", "CSV", "TEI", "PDF", "EPUB", "RIS", "BibTeX", "CSL-JSON",
    "ORCID", "Wikidata", "VIAF", "ISNI", "Atom", "JSON-LD", "OpenSeadragon", "English", "한국어", "SHA-256",
}
# Directories of templates whose strings are still being marked (issue 17); emptied as they are.
NOT_YET_MARKED: set[str] = set()


def _copy_sources(target: Path) -> None:
    def ignore(directory, names):
        here = Path(directory)
        return [n for n in names if (here / n).is_file() and Path(n).suffix not in SOURCE_SUFFIXES
                or n in {"vendor", "__pycache__", "data", "node_modules"}]
    shutil.copytree(PACKAGE, target / "mosaic", ignore=ignore)


def _statistics(po: Path) -> str:
    return subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True,
                          check=True).stderr.strip()


def test_every_message_has_a_korean_translation(tmp_path):
    _copy_sources(tmp_path)
    for domain in ("django", "djangojs"):
        subprocess.run([sys.executable, "-m", "django", "makemessages", "--locale=ko", f"--domain={domain}",
                        "--no-obsolete", "--ignore=tests/*", "--ignore=*/tests/*", "--ignore=static/vendor/*"],
                       cwd=tmp_path / "mosaic", env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path),
                                                     "DJANGO_SETTINGS_MODULE": "mosaic.settings",
                                                     "MOSAIC_HOME": str(tmp_path / "home")},
                       check=True, capture_output=True)
    catalogues = sorted((tmp_path / "mosaic").rglob("locale/ko/LC_MESSAGES/*.po"))
    assert catalogues, "makemessages wrote no Korean catalogue"
    problems = []
    for po in catalogues:
        counts = _statistics(po)
        if re.search(r"\b(fuzzy|untranslated)\b", counts):
            problems.append(f"{po.relative_to(tmp_path)}: {counts}")
    assert not problems, "Korean translations missing (run `make messages`, then translate):\n" + "\n".join(problems)


def test_committed_mo_files_match_their_po_files(tmp_path):
    pos = sorted(PACKAGE.rglob("locale/ko/LC_MESSAGES/*.po"))
    assert pos
    for po in pos:
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run `make messages`"
        fresh = tmp_path / mo.name
        subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True, capture_output=True)
        with mo.open("rb") as committed, fresh.open("rb") as compiled:
            assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog, \
                f"{mo} is older than {po.name}: run `make messages`"


class _VisibleText(HTMLParser):
    SEEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        attributes = dict(attrs)
        for name, value in attrs:
            # A <button>'s value is sent, not shown; an <input type="submit">'s value is its label.
            if value and (name in self.SEEN_ATTRIBUTES or name == "value" and tag == "input"
                          and attributes.get("type") in ("submit", "button")):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.found.append(data)


def _needs_translation(text: str) -> bool:
    words = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|&\w+;", " ", text)
    words = [w.strip(".,:;·()[]'\"–—-/|?!") for w in words.split()]
    return any(re.search(r"[^\W\d_]", w) and w not in UNTRANSLATED_WORDS for w in words)


def untranslated_template_text(path: Path) -> list[str]:
    """The user-facing text of one template that is outside the translation tags."""
    source = path.read_text(encoding="utf-8")
    outside, inside_block = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                inside_block += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment", "endverbatim"):
                inside_block -= 1
            outside.append(" ")
        elif token.token_type == TokenType.TEXT and not inside_block:
            outside.append(token.contents)
        else:
            outside.append(" ")
    parser = _VisibleText()
    parser.feed("".join(outside))
    return [text.strip() for text in parser.found if _needs_translation(text)]


def test_templates_hold_no_unmarked_text():
    problems = []
    for template in sorted(PACKAGE.rglob("templates/**/*.html")):
        if any(str(template.relative_to(PACKAGE)).startswith(prefix) for prefix in NOT_YET_MARKED):
            continue
        for text in untranslated_template_text(template):
            problems.append(f"{template.relative_to(PACKAGE)}: {text[:80]!r}")
    assert not problems, "text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(problems)


@pytest.mark.parametrize("source, unmarked", [
    ('<p>{% translate "Search" %}</p>', []),
    ("<p>Search the archive</p>", ["Search the archive"]),
    ('<input placeholder="Search the archive">', ["Search the archive"]),
    ('<img alt="{% translate \'Scan\' %}">', []),
    ("{% blocktranslate %}Found {{ n }} documents{% endblocktranslate %}", []),
    ("<p>{{ document.title }} · 1956</p>", []),
    ('<script>const label = "words";</script>', []),
    ("<p>PDF · EPUB</p>", []),
])
def test_the_template_check_finds_unmarked_text(tmp_path, source, unmarked):
    template = tmp_path / "t.html"
    template.write_text(source, encoding="utf-8")
    assert untranslated_template_text(template) == unmarked


def _staff_labels(packages=("mosaic.",)):
    """(where, label) for every app of these packages (Mosaic's, by default) and every concrete
    model of them, inlines and models no admin page lists included: the app's name, the model's
    Meta names and permissions, and each field's name, help text and choice labels."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith(packages):
            yield f"{config.label} app", config.verbose_name
    for model in apps.get_models():
        if not model.__module__.startswith(packages):
            continue
        opts = model._meta
        for name in ("verbose_name", "verbose_name_plural"):
            # original_attrs: Django's own plural ("{name}s") is lazy too, and wrong in Korean.
            yield f"{opts.label} Meta.{name}", opts.original_attrs.get(name)
        for codename, name in opts.permissions:
            yield f"{opts.label} permission {codename}", name
        for field in opts.get_fields():
            if (field.concrete or field.many_to_many) and not field.auto_created:
                yield f"{opts.label}.{field.name}", field.verbose_name
                if field.help_text:
                    yield f"{opts.label}.{field.name} help text", field.help_text
                for value, label in field.flatchoices:
                    yield f"{opts.label}.{field.name} choice {value!r}", label


def _same_in_every_language(label: str) -> bool:
    # A dash, a name such as "SHA-256", or a media type ("text/plain": a format's own name).
    return not _needs_translation(label) or re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", label) is not None


def untranslated_staff_labels(labels) -> list[str]:
    """What of (where, label) a staff member would read in English in the Korean admin."""
    from django.utils import translation
    from django.utils.functional import Promise

    problems = []
    for where, label in labels:
        if label is None:
            problems.append(f"{where}: not named (Django would make an English name)")
            continue
        if not isinstance(label, Promise):
            if not _same_in_every_language(label):
                problems.append(f"{where}: {label!r} is not marked with gettext_lazy")
            continue
        with translation.override("en"):
            english = str(label)
        with translation.override("ko"):
            korean = str(label)
        if korean == english and not _same_in_every_language(english):
            problems.append(f"{where}: {english!r} has no Korean translation")
    return problems


def test_staff_labels_of_every_model_are_translated():
    labels = list(_staff_labels())
    assert len(labels) > 700, "the walk over apps and models found too little to be the whole archive"
    problems = untranslated_staff_labels(labels)
    assert not problems, "staff would read English labels in the Korean admin:\n" + "\n".join(problems)


def test_the_labels_of_the_other_apps_staff_use_are_translated_by_mosaics_catalogue():
    # django-axes (sign-in throttling) and django-tasks-db (the job queue) ship no Korean; their
    # labels are marked in mosaic/other_apps_labels.py, so the project's catalogue carries them.
    # The one label django-tasks-db leaves unmarked, so no catalogue can reach it.
    plain = {"django_tasks_database.DBTaskResult.id"}
    labels = [(where, label) for where, label in _staff_labels(("axes", "django_tasks_db")) if where not in plain]
    assert len(labels) > 40
    problems = untranslated_staff_labels(labels)
    assert not problems, "staff would read English labels in the Korean admin:\n" + "\n".join(problems)


def test_the_label_check_finds_plain_and_untranslated_labels():
    from django.utils.translation import gettext_lazy

    assert untranslated_staff_labels([
        ("plain", "kind of record"),
        ("marked, not in the catalogue", gettext_lazy("a label no catalogue holds")),
        ("unnamed model", None),
        ("marked and translated", gettext_lazy("document")),
        ("a dash", "—"),
        ("a media type", "text/plain"),
        ("a name", "SHA-256"),
    ]) == [
        "plain: 'kind of record' is not marked with gettext_lazy",
        "marked, not in the catalogue: 'a label no catalogue holds' has no Korean translation",
        "unnamed model: not named (Django would make an English name)",
    ]


@pytest.mark.django_db
def test_the_korean_admin_shows_korean_field_labels(admin_client):
    from mosaic.corpus.models import Document, TextLayer

    document = Document.objects.create(public_id="labels-in-korean", title="Record of a conversation")
    TextLayer.objects.create(document=document, kind="translation", language="en", text="Kim Il Sung said …")
    response = admin_client.get(f"/ko/admin/corpus/document/{document.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ko"' in page
    for label in ("공개 식별자", "작성국", "공개 유예 종료일"):  # public_id, origin_country, embargo_until
        assert f">{label}:</label>" in page, label
    # Fieldset titles (Provenance, Rights and access) and inline headings (text layers, collections).
    for heading in ("출처 정보", "이용 조건과 공개 범위", "텍스트 층", "컬렉션"):
        assert re.search(rf"<h2[^>]*>\s*{heading}\s*</h2>", page), heading
    for english in ("Provenance", "Rights and access", "Text layers", "Collection memberships"):
        assert english not in page, english
    assert ">만든 이:</label>" in page  # a field of the text layer inline


@pytest.mark.django_db
def test_the_korean_admin_index_shows_korean_app_names(admin_client):
    page = admin_client.get("/ko/admin/").content.decode()
    for korean, english in [("소장 문서보관소", "Holding archives"), ("사료 비판 렌즈: 역사적 배경", "Source lens: historical context"),
                            ("보존: 파일, 무결성, 입수본", "Preservation: files, fixity, accessions"),
                            ("번역 대기 목록", "Translation backlog"), ("주제와 장소", "Subjects and places")]:
        assert f">{korean}</a>" in page, korean
        assert english not in page, english


@pytest.mark.django_db
def test_the_korean_admin_names_the_other_apps_in_korean(admin_client):
    index = admin_client.get("/ko/admin/").content.decode()
    assert "로그인 시도 제한" in index and "백그라운드 작업 대기열" in index
    assert "Tasks Database Backend" not in index and ">Axes<" not in index
    attempts = admin_client.get("/ko/admin/axes/accessattempt/").content.decode()
    assert "변경할 로그인 시도 선택" in attempts  # the list of access attempts
