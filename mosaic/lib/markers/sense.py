"""Sense filters: the named checks a lexicon rule can ask for after its pattern matched.

A pattern finds a wording; a filter asks whether this occurrence has the sense the rule is about
("must" of obligation, not of inference; "teacher" as a metaphor, not a schoolteacher). Each
filter reads the match inside its sentence and returns True to keep the match. Rules name their
filters in the lexicon file (`sense_filters`), and the lexicon loader refuses names not listed
here, so a typo cannot silently switch a filter off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from mosaic.lib.markers.voice import conformity_pattern


@dataclass(frozen=True)
class MatchContext:
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int

    @property
    def before(self) -> str:
        """The sentence up to the match."""
        return self.text[self.sentence_start:self.start]

    @property
    def after(self) -> str:
        """The sentence after the match."""
        return self.text[self.end:self.sentence_end]

    @property
    def matched(self) -> str:
        return self.text[self.start:self.end]

    @property
    def sentence(self) -> str:
        return self.text[self.sentence_start:self.sentence_end]


# A past participle after "have": "must have known" infers, "must have economic growth" obliges.
_PARTICIPLE = (
    r"(?:\w+ed|been|known|had|seen|done|made|gone|come|given|taken|thought|felt|heard|said|told|understood|left|lost|"
    r"found|got|gotten|become|begun|brought|built|bought|chosen|drawn|driven|fallen|forgotten|grown|held|hidden|kept|"
    r"led|meant|met|paid|put|read|run|sent|set|shown|sold|spent|spoken|stood|taught|won|written|arisen|broken|caught|"
    r"fought|struck|sought|withdrawn|overlooked|missed)\b"
)
# "must have arrived", "must be a misunderstanding", "should be able to": inference or ability,
# not obligation. "should have consulted us" stays: a reproach about what was owed is deontic.
_EPISTEMIC_AFTER = re.compile(
    r"^\s+(?:(?:not|also|surely|certainly|probably|already|still|indeed)\s+)*"
    rf"(?:(?<!\w)have\s+{_PARTICIPLE}"
    r"|be\s+(?:(?:quite|very|rather|so|fully|well|very\s+well)\s+)?(?:able|capable|possible|impossible|likely|unlikely|expected|true|false|right|wrong|correct|"
    r"mistaken|aware|the\s+case|a\b|an\b|clear|evident|obvious|due|because|that|tired|busy|difficult|easy|there|here|"
    r"somewhere|about|around|some|one|more\s+than|less\s+than|many|few)\b)",
    re.I,
)
_MUST_HAVE = re.compile(rf"^\s+(?:(?:not|also|surely|certainly|probably|already)\s+)*have\s+{_PARTICIPLE}", re.I)
# "Must" of inference: "this must mean …", "it must be connected with …", "the cause must be sought in …".
# Not "must be explained to them" (an instruction): only "explained by" is an inference.
_MUST_INFERENCE_AFTER = re.compile(
    r"^\s+(?:(?:surely|certainly|probably|therefore|also|then|obviously|evidently)\s+)?"
    r"(?:mean|means|imply|indicate|signify|reflect"
    r"|be\s+(?:(?:closely|somehow|partly|directly)\s+)?(?:connected|linked|related|tied|attributed|attributable|owing)\s+(?:to|with)"
    r"|be\s+(?:explained|caused|motivated|dictated)\s+by|be\s+(?:sought|found|looked\s+for)\s+in"
    r"|be\s+the\s+(?:result|reason|cause|consequence|explanation|work|case)|be\s+(?:assumed|supposed|presumed|concluded|inferred|so|why))\b",
    re.I,
)
# "There must be two reasons / some explanation": an inference that something exists. "There must be
# more discipline" stays deontic.
_THERE_BEFORE = re.compile(r"\bthere\s*$", re.I)
_INFERRED_EXISTENCE_AFTER = re.compile(
    r"^\s+be\s+(?:a|an|some|two|three|several|other|another|more\s+than\s+one|\d+|many|deeper)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:reasons?|explanations?|causes?|motives?|grounds|connection|link|mistake|misunderstanding|error|background|intention|purpose)\b"
    r"|^\s+be\s+(?:something|someone|somebody)\b",
    re.I,
)


def not_epistemic(match: MatchContext) -> bool:
    """Drop modals of inference or ability: "must have known", "should be able to", "must be a mistake",
    "this must mean", "there must be two reasons", "must be connected with".

    For "should" and "ought to", "have" + participle is a reproach ("should have consulted us")
    and is kept; for "must" it is an inference ("must have known") and is dropped."""
    word = match.matched.lower()
    after = match.after
    if word.startswith(("should", "ought")):
        if _MUST_HAVE.match(after):
            return True
    if _EPISTEMIC_AFTER.match(after):
        return False
    if word == "must":
        if re.search(r"\b(?:a|the)\s*$", match.before, re.I):
            return False  # "a must" (a noun)
        if _MUST_INFERENCE_AFTER.match(after):
            return False
        if _THERE_BEFORE.search(match.before) and _INFERRED_EXISTENCE_AFTER.match(after):
            return False
    return True


_CONDITIONAL_BEFORE = re.compile(r"\b(?:if|in\s+case|lest|unless|provided)\b[^,.;:]{0,60}$", re.I)
_SUBJECT_AFTER = re.compile(r"^\s+(?:the|a|an|they|he|she|it|we|you|this|these|there|any|our|their)\b|^\s+[A-Z]")


def not_conditional(match: MatchContext) -> bool:
    """Drop "should" as "if": "if the Koreans should refuse", "Should the talks fail, …"."""
    if _CONDITIONAL_BEFORE.search(match.before):
        return False
    opening = match.before.strip()
    at_clause_start = opening == "" or re.search(r"(?:[,;:(—–-]|\band|\bor|\bbut)\s*$", opening) is not None
    return not (at_clause_start and _SUBJECT_AFTER.match(match.after))


_POLITE_AFTER = re.compile(
    r"^\s+(?:(?:very\s+)?much\s+)?(?:like|love|prefer|wish|be\s+(?:(?:very|most|extremely)\s+)?(?:glad|grateful|happy|pleased|obliged|delighted))\b",
    re.I,
)


def not_politeness_formula(match: MatchContext) -> bool:
    """Drop the older British "I should like to …", "we should be grateful if …" (= would)."""
    return not _POLITE_AFTER.match(match.after)


_DISCOURSE_VERBS = (
    r"noted|note|mentioned|mention|said|say|added|add|stressed|stress|emphasi[sz]ed|emphasi[sz]e|underlined|underline|"
    r"pointed\s+out|point\s+out|admitted|admit|recalled|recall|remembered|remember|borne\s+in\s+mind|bear\s+in\s+mind|"
    r"observed|observe|confess|confessed|acknowledged|acknowledge|recognised|recognized|recognise|recognize|repeated|repeat|"
    r"explained|explain"
)
_DISCOURSE_AFTER = re.compile(rf"^\s+(?:(?:also|again|however|frankly|once\s+again|first|here)\s+)?(?:be\s+)?(?:{_DISCOURSE_VERBS})\b", re.I)
_DISCOURSE_SUBJECT = re.compile(r"\b(?:it|this|we|I|one)\s*$", re.I)


def not_discourse_formula(match: MatchContext) -> bool:
    """Drop the writer's signposts: "it should be noted that", "I must say", "we must admit"."""
    return not (_DISCOURSE_AFTER.match(match.after) and _DISCOURSE_SUBJECT.search(match.before))


_SUBSET_BEFORE = re.compile(
    r"\b(?:these|those|some|several|few|a\s+few|two|three|four|five|six|seven|eight|nine|ten|dozen|\d+|certain|individual|"
    r"other|the\s+other|both|many\s+of|some\s+of|most\s+of|none\s+of|of|with|to|for|by|among|amongst|between|from|"
    r"about|against|at|in|on|young|older|local|our)\s+$",
    re.I,
)


def subject_is_ethnonym_plural(match: MatchContext) -> bool:
    """Keep a generalisation only when the plural ethnonym is the subject and stands for the
    group, not for some people: drop "some Koreans were …", "talks with Koreans who …"."""
    return not _SUBSET_BEFORE.search(match.before)


_OCCASION = re.compile(
    r"\b(?:today|tomorrow|yesterday|tonight|this\s+(?:morning|afternoon|evening|week|month|time)|"
    r"at\s+(?:the|this|that|our|their)\s+(?:meeting|talks|reception|conference|session|negotiations|banquet|dinner|lunch)|"
    r"during\s+(?:the|this|that|our|their)\s+(?:meeting|talks|visit|conversation|negotiations|session)|"
    r"on\s+(?:\d{1,2}\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December)|on\s+\d{1,2}(?:st|nd|rd|th)?\b|in\s+(?:this|that)\s+(?:matter|case|question|instance)|"
    r"(?:the|this|that)\s+(?:delegation|invitation|proposal|request|draft|document|answer|question))\b",
    re.I,
)


def generic_predicate(match: MatchContext) -> bool:
    """Drop statements about one occasion ("the Koreans could not attend the reception on
    Monday"): a generalisation is about what the group is or can do in general."""
    return not _OCCASION.search(match.sentence)


_GUIDANCE_FORMULA = re.compile(
    r"^\s+(?:the\s+)?(?:(?:Korean\s+)?Workers['’]?\s+Party|KWP|WPK|Party|Central\s+Committee|(?:Comrade\s+)?Kim\s+Il[\s-]?Sung|"
    r"(?:Great\s+|beloved\s+|respected\s+)?Leader|Premier|Government|Cabinet|Political\s+Committee|Presidium|Politburo|"
    r"Supreme\s+People['’]s\s+Assembly|Chairman)\b",
    re.I,
)


def not_bloc_formula(match: MatchContext) -> bool:
    """Drop the DPRK's own leadership formula ("under the guidance of the Party / of Comrade Kim
    Il Sung"): it names domestic leadership, not a foreign tutor."""
    return not _GUIDANCE_FORMULA.match(match.after)


def not_literal_kinship(match: MatchContext) -> bool:
    """Drop real siblings: "his younger brother Kim Yong-ju", "Kim Il Sung's elder brother".
    A collective possessor ("their elder brother, the Soviet Union") stays."""
    return not re.search(r"(?:\b(?:his|her|my|your)|['’]s)\s+$", match.before, re.I)


_STATE_OR_PARTY = re.compile(
    r"\b(?:Soviets?|USSR|Soviet\s+Union|Chinese|China|DPRK|Koreans?|Korean\s+(?:comrades|friends|side|leadership|people|party|cadres)|"
    r"our\s+(?:country|party|people|specialists|advisers|advisors|comrades|experience)|the\s+Party|socialist\s+camp|fraternal\s+countries)\b",
    re.I,
)
_SCHOOLING = re.compile(
    r"\b(?:school|schools|schoolchildren|classroom|classes|lessons?|universit(?:y|ies)|college|kindergarten|pedagogical|"
    r"curriculum|teaching\s+staff|salar(?:y|ies)|students\s+of|pupils\s+of|graduates?|enrol(?:l)?ed|training\s+course|courses?)\b",
    re.I,
)


def figurative_not_schooling(match: MatchContext) -> bool:
    """Keep "teacher", "pupil", "mentor" only as a metaphor about states or parties: the sentence
    names one, and it is not about schooling."""
    return bool(_STATE_OR_PARTY.search(match.sentence)) and not _SCHOOLING.search(match.sentence)


def attribution_not_conformity(match: MatchContext) -> bool:
    """Drop "according to the plan / the agreement / the rules": conformity, not a source."""
    return not conformity_pattern().match(match.after)


# Traits of character: "exaggerated" said of them describes people, it disputes no claim.
_TRAITS = (
    r"(?:national\s+)?(?:pride|self-esteem|self-regard|self-importance|vanity|conceit|sensitivity|sensitiveness|touchiness|"
    r"suspicion|suspiciousness|distrust|mistrust|caution|politeness|courtesy|modesty|ambition|ambitions|zeal|"
    r"nationalism|patriotism|sense\s+of\s+(?:honou?r|dignity|independence|pride)|self-confidence|respect|deference|"
    r"hospitality|emotionality|temperament)"
)
_TRAIT_AFTER = re.compile(rf"^(?:ly)?\s+(?:and\s+\w+\s+)?{_TRAITS}\b|^ly\s+(?:proud|sensitive|touchy|suspicious|polite|modest|ambitious|cautious)\b", re.I)
_TRAIT_BEFORE = re.compile(rf"\b{_TRAITS}\s+(?:(?:is|was|are|were|seems?|seemed|appears?|appeared)\s+)?(?:(?:very|rather|quite|somewhat|often|greatly|highly|clearly|also|much)\s+)?(?:an?\s+)?$", re.I)


# A disposition: "by nature inclined to exaggerate" describes people, it disputes no particular claim.
_DISPOSITION_BEFORE = re.compile(r"\b(?:inclined|prone|apt|disposed|tend|tends|tended|tendency|like|likes|liked|love|loves)\s+to\s+$", re.I)


def not_of_a_character_trait(match: MatchContext) -> bool:
    """Drop "exaggerated" where it qualifies a trait of character ("their exaggerated national
    pride", "Korean national pride is exaggerated") or names a disposition ("inclined to
    exaggerate"): that describes people (see the deficit rules on generalisations), it sets no
    claim against the facts."""
    return not (_TRAIT_AFTER.match(match.after) or _TRAIT_BEFORE.search(match.before)
                or _DISPOSITION_BEFORE.search(match.before))


_A_PEOPLE = re.compile(
    r"\b(?:(?:the|all|most)\s+)?(?:North\s+)?Koreans\b|\bKorean\s+(?:people|nation|national|character|mentality|temperament|psyche|soul)\b"
    r"|\bnational\s+(?:pride|vanity|self-esteem|sensitivity|character|temperament)\b|\b(?:Orientals|Asians|Easterners)\b",
    re.I,
)


def names_a_people(match: MatchContext) -> bool:
    """Keep only where the sentence speaks of a people as such ("the Koreans", "the Korean people",
    "national pride"), not of one person ("his exaggerated pride")."""
    found = _A_PEOPLE.search(match.sentence)
    return bool(found) and not _SUBSET_BEFORE.search(match.sentence[:found.start()])


_CONTRAST = re.compile(r"\b(?:but|however|whereas|while|although|though|yet|contrary|instead|despite|in\s+spite)\b", re.I)


def contrastive_context(match: MatchContext) -> bool:
    """Keep "actually" where it sets a claim against what is so: after a contrast in the same
    sentence, or opening the sentence ("Actually, the figures …"); drop the filler use
    ("he actually arrived on Monday")."""
    if _CONTRAST.search(match.before):
        return True
    opening = match.before.strip()
    return (opening == "" or re.fullmatch(r"(?:and|but|yet)\s*,?", opening, re.I) is not None) and match.after.startswith(",")


def after_contrast(match: MatchContext) -> bool:
    """Keep only after a contrast in the same sentence ("…, but in fact …"); "in fact" alone
    usually adds emphasis rather than disputing."""
    return bool(_CONTRAST.search(match.before))


# A claim reported in the sentence before: "The Korean side explained the shortfall by a poor
# harvest. In fact the apples were exported."
_CLAIM_BEFORE = re.compile(
    r"\b(?:said|says|claimed|claims|stated|states|explained|explains|reported|reports|maintained|maintains|asserted|"
    r"asserts|insisted|insists|describes?|described|speaks?\s+of|spoke\s+of|according\s+to|announced|boasted|"
    r"assured|told)\b",
    re.I,
)


def sets_against_a_claim(match: MatchContext) -> bool:
    """Keep "in fact" after a contrast in its sentence ("…, but in fact …"), or opening a sentence
    that follows a reported claim ("X said …. In fact …"); alone it usually adds emphasis."""
    if after_contrast(match):
        return True
    if match.before.strip():
        return False
    previous = match.text[max(0, match.sentence_start - 300):match.sentence_start]
    last_stop = max(previous.rfind(". ", 0, len(previous) - 2), previous.rfind("\n", 0, len(previous) - 2))
    return bool(_CLAIM_BEFORE.search(previous[last_stop + 1:]))


SENSE_FILTERS: dict[str, Callable[[MatchContext], bool]] = {
    "not_epistemic": not_epistemic,
    "not_conditional": not_conditional,
    "not_politeness_formula": not_politeness_formula,
    "not_discourse_formula": not_discourse_formula,
    "subject_is_ethnonym_plural": subject_is_ethnonym_plural,
    "generic_predicate": generic_predicate,
    "not_bloc_formula": not_bloc_formula,
    "not_literal_kinship": not_literal_kinship,
    "figurative_not_schooling": figurative_not_schooling,
    "attribution_not_conformity": attribution_not_conformity,
    "contrastive_context": contrastive_context,
    "not_of_a_character_trait": not_of_a_character_trait,
    "names_a_people": names_a_people,
    "after_contrast": after_contrast,
    "sets_against_a_claim": sets_against_a_claim,
}
