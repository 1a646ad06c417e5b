"""Finding people's names in document texts and linking them to the authority (a heuristic).

Runs of capitalised words (Latin or Cyrillic) and Korean words are read with the matcher; a run
that confidently names one person becomes a suggested link. Curators confirm or reject links;
their decisions are kept whenever the texts are read again (e.g. after a re-import).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from django.db import transaction
from django.utils import timezone

from mosaic.corpus import access
from mosaic.corpus.models import Document, NameLink
from mosaic.entities.authority import get_matcher
from mosaic.entities.models import AuthorityTerm, Office, Person, TermVariant
from mosaic.lib.names.fold import is_cyrillic
from mosaic.lib.names.matcher import AMBIGUOUS_GAP
from mosaic.lib.names.russian import cyrillic_surname, declined
from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.text_folding import fold, is_cjk

# Fuzzy readings score lower than exact renderings; below this a name is not linked at all.
CONFIDENT_SCORE = 0.92
_WORD = r"[A-ZА-ЯЁŁŚŻŹĆŃÓČŠŽŘĎŤŇÁÉÍÚÝÖÜŐŰȘŞȚŢĂÂÎ](?:\w|['’]\w)*(?:-\w(?:\w|['’]\w)*)*"
CAPITALISED_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD})+")
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")
# Initials written as one word ("KIS"): read only when the authority lists exactly them for a person.
INITIALS = re.compile(r"(?<![\w-])[A-ZА-ЯЁ]{2,5}(?![\w-])")
# A surname alone, or after a title, links to a person the same document names in full, when
# exactly one such person has that surname; scored below any reading of a whole name.
SURNAME_SCORE = 0.75
# A name two or more people share, read as the one of them who held an office at the document's
# date (the authority's offices with their dates): below a reading of the name alone.
OFFICE_SCORE = 0.80
SURNAME_FIRST = frozenset({Person.KOREAN, Person.CHINESE})
TITLES = ("Comrade", "Premier", "Chairman", "Marshal", "General", "Minister", "Deputy Minister", "Vice Premier",
          "Ambassador", "Deputy", "Vice", "Secretary", "President", "Товарищ", "товарищ", "Премьер", "Маршал",
          "Министр", "Посол", "Председатель", "Генерал", "Genosse", "Elvtárs", "Towarzysz", "Soudruh", "Tovarăşul")
# A name that names a place or an institution is not a mention of the person: followed by one of
# these words ("Kim Chaek Iron Works", "Kim Ir Szen Egyetem") or after "named after" ("имени Ким
# Ир Сена", "im. Kim Ir Sena").
INSTITUTION_WORDS = frozenset(word.casefold() for word in (
    "University", "Polytechnic", "Institute", "Academy", "College", "School", "Works", "Iron", "Steel", "Factory",
    "Plant", "Mine", "Mines", "Combine", "Kombinat", "Square", "Street", "Avenue", "Bridge", "Stadium", "Prize",
    "Order", "Medal", "Hospital", "Museum", "Library", "Theatre", "Theater", "Farm", "Cooperative", "Station",
    "Universität", "Hochschule", "Platz", "Straße", "Egyetem", "Tér", "Uniwersytet", "Plac", "Univerzita",
    "Náměstí", "Universitatea", "Piața", "Университет", "Университета", "Площадь", "Улица"))
NAMED_AFTER = re.compile(r"(?:имени|им\.|im\.|named after|nach)\s+$", re.IGNORECASE)
# A foreign surname that only one person of the authority bears ("Puzanov", "Пузанову"), read
# without the full name: lower still. Titles in the languages of the reports, before such a name.
OWN_SURNAME_SCORE = 0.70
INITIALS_BEFORE = re.compile(r"(?<![\w.])((?:(?:[A-ZА-ЯЁ]|Ye|Yu|Ya|Yo|Zh|Kh|Ch|Sh|Ts)\.\s*){1,3})$")  # "A. M. ", "В. И. ", "G. Ye. "
SOVIET = frozenset({"USSR", "Russia"})
TITLE_WORDS = frozenset([*(title for title in TITLES if " " not in title), "Botschafter", "Nagykövet", "Ambasador",
                         "Velvyslanec", "Ambasadorul", "Ambassadeur", "посол", "Посланик", "посланик", "Mr.",
                         "Marschall", "Marszałek", "Genossen", "elvtárs", "towarzysz", "soudruh", "тов.", "Тов."])
# A short capitalised word after a name usually goes on with the name ("Choi Kwang Soo"), but not
# a verb of speech in a headline-style or capitalised sentence ("Nam Il Said").
SPEECH_VERBS = frozenset({"said", "says", "told", "tells", "asks", "adds", "notes", "asked", "added", "noted",
                          "stated", "replied", "declared", "answered", "remarked", "stressed"})


@dataclass(frozen=True)
class FoundName:
    surface_form: str
    person_id: str
    score: float
    basis: str = NameLink.NAME


def _windows(run: str, longest: int = 4):
    words = run.split()
    for size in range(min(longest, len(words)), 1, -1):
        for start in range(len(words) - size + 1):
            yield start, size, " ".join(words[start:start + size])


def institution_names() -> tuple[str, ...]:
    """Several-word names of organisations and places, case-folded, longest first: a person's name
    inside one of them ("Kim Il Sung University") is not a mention of the person."""
    forms = {v.form for v in TermVariant.objects.all()} | set(AuthorityTerm.objects.values_list("preferred", flat=True))
    return tuple(sorted((f.casefold() for f in forms if " " in f), key=len, reverse=True))


def _mask_institutions(text: str, institutions: tuple[str, ...]) -> str:
    """Blank out institution names (cheap substring checks first; a regex only for those present)."""
    lowered = text.casefold()
    present = [name for name in institutions if name in lowered]
    if not present:
        return text
    pattern = re.compile("|".join(re.escape(name) for name in present), re.IGNORECASE)
    return pattern.sub(lambda m: " " * len(m.group()), text)


def find_names(text: str, matcher=None, language: str | None = None, institutions: tuple[str, ...] | None = None,
               choose=None) -> list[FoundName]:
    """Every confident, non-overlapping person name in `text`, longest reading first. `choose`
    (candidates → person id or None) settles a name the matcher cannot tell between people."""
    matcher = matcher or get_matcher()
    institutions = institutions if institutions is not None else institution_names()
    found: list[FoundName] = []
    text = _mask_institutions(text, institutions)
    read_spans = []
    for match in CAPITALISED_RUN.finditer(text):
        if NAMED_AFTER.search(text, max(0, match.start() - 12), match.start()):
            continue
        # An English possessive is not part of the name: "Ri Sang-jo's letter".
        names = _read_run([re.sub(r"['’]s$", "", word) for word in match.group().split()], matcher, language, choose)
        if names:
            read_spans.append(match.span())
        found += names
    initials: dict[str, FoundName | None] = {}  # "USSR" comes back many times a text: read once
    for match in INITIALS.finditer(text):
        if any(start <= match.start() < end for start, end in read_spans):
            continue  # a word of a name already read ("KIM IL SUNG")
        word = match.group()
        if word not in initials:
            resolution = matcher.resolve(word, lang=language, k=2)
            best = resolution.candidates[0] if resolution.candidates else None
            confident = best and not resolution.ambiguous and best.score >= CONFIDENT_SCORE and best.matched_form == word
            initials[word] = FoundName(word, best.person_id, best.score, NameLink.INITIALS) if confident else None
        if initials[word] is not None:
            found.append(initials[word])
    for match in HANGUL_WORD.finditer(text):
        word = match.group()
        for length in (4, 3, 2):  # a name followed by particles or titles: 김일성동지의
            resolution = matcher.resolve(word[:length], lang="ko", k=2)
            if resolution.candidates and not resolution.ambiguous and resolution.candidates[0].score >= CONFIDENT_SCORE:
                found.append(FoundName(word[:length], resolution.candidates[0].person_id, resolution.candidates[0].score))
                break
    return found


def _read_run(words: list[str], matcher, language, choose=None) -> list[FoundName]:
    readings = []
    bases: dict[tuple[int, int], str] = {}
    institutions = {at for at, word in enumerate(words) if at and word.casefold() in INSTITUTION_WORDS}
    for start, size, window in _windows(" ".join(words)):
        if start + size in institutions:
            continue  # "Kim Chaek" of "Kim Chaek Iron Works"
        resolution = matcher.resolve(window, lang=language, k=4)
        best = resolution.candidates[0] if resolution.candidates else None
        if best and not resolution.ambiguous and best.score >= CONFIDENT_SCORE:
            readings.append((best.score, size, start, window, best.person_id))
        elif best and resolution.ambiguous and best.score >= CONFIDENT_SCORE and choose is not None:
            tied = [c.person_id for c in resolution.candidates if best.score - c.score < AMBIGUOUS_GAP]
            chosen = choose(tied)
            if chosen is not None:
                readings.append((OFFICE_SCORE, size, start, window, chosen))
                bases[(start, size)] = NameLink.OFFICE
    found, taken = [], set()
    # Longest first, even when its score is lower (a declined "Ким Ир Сеном"), so that "Kim Il Sung"
    # is not read as "Kim Il" (another person) ...
    for score, size, start, window, person_id in sorted(readings, key=lambda r: (-r[1], -r[0], r[2])):
        span = set(range(start, start + size))
        if span & taken:
            continue
        # ... then the shortest part naming the same person: "Premier Kim Il Sung" is "Kim Il Sung".
        inner = [r for r in readings if r[4] == person_id and r[0] >= score and set(range(r[2], r[2] + r[1])) <= span]
        score, size, start, window, person_id = min(inner, key=lambda r: (r[1], -r[0]))
        following = words[start + size] if start + size < len(words) else ""
        if following and len(following) <= 4 and following.casefold() not in SPEECH_VERBS:
            continue  # the name goes on ("Choi Kwang Soo"): a longer name that the authority lacks
        found.append(FoundName(window, person_id, score, bases.get((start, size), NameLink.NAME)))
        taken |= span
    return found


class Tenures:
    """When each person of the authority held office, from the offices with a start or an end."""

    def __init__(self, spans: dict[str, list[tuple[dt.date | None, dt.date | None]]]):
        self.spans = spans

    @classmethod
    def load(cls) -> "Tenures":
        spans: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
        for person_id, start, end in Office.objects.exclude(start="", end="").values_list("person__person_id", "start", "end"):
            try:
                span = (PartialDate.parse(start).earliest() if start else None, PartialDate.parse(end).latest() if end else None)
            except InvalidDate:
                continue  # a curator's typing error: the office cannot say when
            spans.setdefault(person_id, []).append(span)
        return cls(spans)

    def held_office(self, person_id: str, first: dt.date, last: dt.date) -> bool:
        return any((start is None or start <= last) and (end is None or end >= first)
                   for start, end in self.spans.get(person_id, ()))

    def chooser(self, first: dt.date | None, last: dt.date | None):
        """For a document dated `first`–`last`: of the people a name may stand for, the one who
        alone held an office then (None when the document is undated, or none or several did)."""
        if first is None and last is None:
            return None
        first, last = first or last, last or first

        def choose(person_ids: list[str]) -> str | None:
            holders = [person_id for person_id in person_ids if self.held_office(person_id, first, last)]
            return holders[0] if len(holders) == 1 else None

        return choose


@dataclass
class LinkingContext:
    """What every document's linking needs, looked up once per run."""

    matcher: object
    people: dict
    institutions: tuple[str, ...]
    tenures: Tenures | None = None

    @classmethod
    def current(cls) -> "LinkingContext":
        return cls(get_matcher(), {p.person_id: p for p in Person.objects.all()}, institution_names(), Tenures.load())

    @cached_property
    def _own_surnames(self) -> tuple[re.Pattern, list[tuple[re.Pattern, str]]] | None:
        """The surnames of non-Korean, non-Chinese people of the authority that no one else in it
        bears (Puzanov; for Soviet people also as Russian writes and declines it, Пузанову), as
        one pattern to find them and one each to tell whose."""
        bearers: dict[str, set[str]] = {}
        for person in self.people.values():
            words = person.display_name.split()
            if person.tradition != Person.OTHER:
                for word in words:
                    bearers.setdefault(word, set()).add(person.person_id)  # a Korean or Chinese name's word
            elif len(words) >= 2 and len(words[-1]) >= 5 and words[-1][0].isupper():
                bearers.setdefault(words[-1], set()).add(person.person_id)
                russian = cyrillic_surname(words[-1]) if person.country in SOVIET else None
                if russian:
                    bearers.setdefault(russian, set()).add(person.person_id)
        own = [(surname, next(iter(ids))) for surname, ids in bearers.items()
               if len(ids) == 1 and self.people[next(iter(ids))].tradition == Person.OTHER]
        if not own:
            return None
        forms = [(declined(surname) if is_cyrillic(surname) else re.escape(surname), person_id) for surname, person_id in own]
        # Not followed by another capitalised word: "Kádár János" is a whole name, read as one.
        finder = re.compile(rf"(?<![\w-])(?:{'|'.join(form for form, _ in sorted(forms, key=lambda f: -len(f[0])))})"
                            rf"(?![\w-])(?!\s+[A-ZÀ-ÖØ-ÞА-ЯЁŁŚŻŹĆŃČŠŽŘ])")
        return finder, [(re.compile(form), person_id) for form, person_id in forms]

    def foreign_surnames(self, text: str) -> list[FoundName]:
        """A foreign surname only one person of the authority bears, alone (0.70) or after a title or
        initials (0.75, "Ambassador Puzanov", "A. M. Puzanov", kept in the form); not when another
        capitalised word comes just before or after it, as it is then part of a longer name
        ("Aleksandr Puzanov", "Kádár János")."""
        if self._own_surnames is None:
            return []
        finder, whose = self._own_surnames
        found = []
        for match in finder.finditer(text):
            before = text[max(0, match.start() - 40):match.start()]
            person_id = next(person_id for form, person_id in whose if form.fullmatch(match.group()))
            initials = INITIALS_BEFORE.search(before)
            previous = re.search(r"(\S+)\s+$", before)
            # The form as written, from the initials or the title on.
            if initials:
                found.append(FoundName(before[initials.start(1):] + match.group(), person_id, SURNAME_SCORE,
                                       NameLink.OWN_SURNAME))
            elif previous and previous.group(1) in TITLE_WORDS:
                found.append(FoundName(before[previous.start(1):] + match.group(), person_id, SURNAME_SCORE,
                                       NameLink.OWN_SURNAME))
            elif previous and previous.group(1)[0].isupper() and previous.group(1)[-1] not in ".,;:!?":
                continue  # the end of a longer name ("Aleksandr Puzanov"), read whole or not at all
            else:
                found.append(FoundName(match.group(), person_id, OWN_SURNAME_SCORE, NameLink.OWN_SURNAME))
        return found


@dataclass
class _Mention:
    """A person named in a document under one written form: how often, how surely, in which language."""

    occurrences: int
    confidence: float
    language: str
    basis: str = NameLink.NAME


def _mentions(document: Document, context: LinkingContext) -> dict[tuple[str, str], _Mention]:
    """The document's confident mentions of people of the authority, by (person id, form as written)."""
    texts = [(document.title, None), (document.summary, None)]
    texts += [(layer.text, layer.language) for layer in access.visible_layers(document, user=None)]
    return mentions_in_texts(texts, context, document.date_min, document.date_max)


def mentions_in_texts(texts: list[tuple[str, str | None]], context: LinkingContext, first: dt.date | None = None,
                      last: dt.date | None = None) -> dict[tuple[str, str], _Mention]:
    """The mentions of people of the authority in one document's texts ((text, language) pairs),
    dated `first`–`last` if known: the names read in them (a name several people share, as the one
    who held office at that date), then the surnames of the people they name in full."""
    choose = context.tenures.chooser(first, last) if context.tenures else None
    found: dict[tuple[str, str], _Mention] = {}

    def add(name: FoundName, language: str | None) -> None:
        key = (name.person_id, name.surface_form)
        mention = found.get(key)
        if mention is None:
            found[key] = _Mention(1, name.score, language or "", name.basis)
        else:
            mention.occurrences += 1
            mention.confidence = max(mention.confidence, name.score)

    for text, language in texts:
        for name in find_names(text or "", context.matcher, language, context.institutions, choose):
            if name.person_id in context.people:
                add(name, language)
    # Surname first: Korean and Chinese names ("Premier Kim", "Marshal Chen"), not "Aleksandr".
    named_in_full = {(person_id, form) for (person_id, form), mention in found.items()
                     if mention.basis in (NameLink.NAME, NameLink.OFFICE)
                     and context.people[person_id].tradition in SURNAME_FIRST}
    for text, language in texts:
        for name in surnames_of_named_people(text or "", named_in_full):
            add(name, language)
        for name in context.foreign_surnames(text or ""):
            add(name, language)
    return found


def surnames_of_named_people(text: str, named_in_full: set[tuple[str, str]]) -> list[FoundName]:
    """"Kim", "Premier Kim", "Comrade Pak" in `text`, each linked to the one person among
    `named_in_full` ((person id, form as written) of the names read whole in the same document)
    whose written form begins with that surname; a surname two of them share is left alone, as is
    one followed by another capitalised word (the start of a whole name, read or not)."""
    people_by_surname: dict[str, set[str]] = {}
    for person_id, form in named_in_full:
        words = form.split()
        if len(words) >= 2 and not any(is_cjk(char) for char in form):
            people_by_surname.setdefault(words[0], set()).add(person_id)
    surnames = sorted((surname for surname, people in people_by_surname.items() if len(people) == 1), key=len, reverse=True)
    if not surnames:
        return []
    titles = "|".join(re.escape(title) for title in sorted(TITLES, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:(?:{titles})\s+)?({'|'.join(re.escape(surname) for surname in surnames)})"
                         rf"(?![\w-])(?!\s+[A-ZА-ЯЁ])")
    found = []
    for match in pattern.finditer(text):
        [person_id] = people_by_surname[match.group(1)]
        found.append(FoundName(match.group(), person_id, SURNAME_SCORE, NameLink.SURNAME))
    return found


def _store_links(mentions: dict[Document, dict[tuple[str, str], _Mention]], context: LinkingContext) -> int:
    """Make the documents' stored links agree with their mentions, in one transaction and a few
    statements for all of them: new links are added, changed counts and scores updated, and
    suggestions no longer found removed; curators' decisions stay as they are. Returns how many
    links the documents now have."""
    if not mentions:
        return 0
    with transaction.atomic():
        stored = {(link.document_id, link.person.person_id, link.surface_form): link
                  for link in NameLink.objects.filter(document__in=list(mentions)).select_related("person")}
        now = timezone.now()
        new, changed, kept = [], [], set()
        for document, found in mentions.items():
            for (person_id, surface), mention in found.items():
                key = (document.pk, person_id, surface)
                kept.add(key)
                link = stored.get(key)
                if link is None:
                    new.append(NameLink(document=document, person=context.people[person_id], surface_form=surface,
                                        confidence=mention.confidence, occurrences=mention.occurrences,
                                        language=mention.language, basis=mention.basis))
                elif (link.confidence, link.occurrences, link.basis) != (mention.confidence, mention.occurrences, mention.basis):
                    link.confidence, link.occurrences, link.basis = mention.confidence, mention.occurrences, mention.basis
                    link.modified = now
                    changed.append(link)
        NameLink.objects.bulk_create(new, batch_size=500)
        NameLink.objects.bulk_update(changed, ["confidence", "occurrences", "basis", "modified"], batch_size=500)
        stale = [link.pk for key, link in stored.items() if key not in kept and link.status == NameLink.SUGGESTED]
        NameLink.objects.filter(pk__in=stale).delete()
    return len(kept)


def link_document(document: Document, context: LinkingContext | None = None) -> int:
    """Refresh the suggested links of one document; curators' decisions are left as they are."""
    context = context or LinkingContext.current()
    return _store_links({document: _mentions(document, context)}, context)


# Documents whose links are written in one transaction by `link_documents`.
DOCUMENTS_PER_WRITE = 200


def link_documents(documents=None) -> int:
    """Refresh the suggested links of these documents (all public ones by default): the reading
    first, outside any transaction, then the writing, a few hundred documents at a time."""
    context = LinkingContext.current()
    if not context.people:
        return 0  # no authority loaded yet
    documents = documents if documents is not None else access.public_documents().prefetch_related("text_layers")
    linked, mentions = 0, {}
    for document in documents:
        mentions[document] = _mentions(document, context)
        if len(mentions) == DOCUMENTS_PER_WRITE:
            linked += _store_links(mentions, context)
            mentions = {}
    return linked + _store_links(mentions, context)


def unknown_names(document: Document, user, matcher=None) -> list[dict]:
    """Names in the document's texts `user` may read that begin with a Korean surname but that
    the authority reads as no one: candidates for a new person ({"written", "language",
    "occurrences"}), most frequent first."""
    matcher = matcher or get_matcher()
    institutions = institution_names()
    # Words of an office before a name ("Deputy Foreign Minister Pak ..."), not its surname.
    titles = {title.casefold() for title in TITLES} | {"foreign", "first", "head"}
    found: dict[str, dict] = {}
    texts = [(document.title, None)] + [(layer.text, layer.language) for layer in access.visible_layers(document, user)]
    for text, language in texts:
        for match in CAPITALISED_RUN.finditer(_mask_institutions(text or "", institutions)):
            words = [re.sub(r"['’]s$", "", word) for word in match.group().split()]
            for at, word in enumerate(words):
                if word.casefold() not in titles and matcher.is_korean_surname(word, language):
                    break
            else:
                continue
            # Surname and given name: "Pak Tong-cho", or its syllables apart, "Pak Tong Cho".
            name = words[at:at + 3]
            if len(name) == 3 and ("-" in name[1] or name[2].casefold() in SPEECH_VERBS | titles):
                name = name[:2]
            if len(name) < 2:
                continue
            written = " ".join(name)
            resolution = matcher.resolve(written, lang=language, k=1)
            if resolution.candidates and resolution.candidates[0].score >= CONFIDENT_SCORE:
                continue  # someone, even if the name alone cannot tell who
            entry = found.setdefault(written, {"written": written, "language": language or "", "occurrences": 0})
            entry["occurrences"] += 1
    return sorted(found.values(), key=lambda e: (-e["occurrences"], e["written"]))


def name_check(document: Document, user, house_form, matcher=None) -> list[dict]:
    """Renderings in the document's translations `user` may read that name a person confidently
    but differ from the house style: suggestions for the translator, never edits."""
    matcher = matcher or get_matcher()
    people = {p.person_id: p for p in Person.objects.all()}
    suggestions: dict[tuple[str, str], dict] = {}
    for layer in [layer for layer in access.visible_layers(document, user) if layer.kind == "translation"]:
        for name in find_names(layer.text, matcher, layer.language):
            person = people.get(name.person_id)
            if person is None:
                continue
            preferred = house_form(person)
            if not preferred or fold(name.surface_form) == fold(preferred) or fold(name.surface_form) in fold(preferred):
                continue
            entry = suggestions.setdefault((name.surface_form, person.person_id), {
                "written": name.surface_form, "person": person, "suggested": preferred,
                "score": name.score, "occurrences": 0, "language": layer.language})
            entry["occurrences"] += 1
    return sorted(suggestions.values(), key=lambda s: (-s["occurrences"], s["written"]))
