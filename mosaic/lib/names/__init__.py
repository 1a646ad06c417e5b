"""Cross-script matching of Korean personal names ("Rosetta Stone").

Resolve a name as written in a Soviet-bloc document (Ким Ир Сен, Kim Ir Szen, Kim Dzong Il,
Пак Ден Ай, 朴憲永, Piao Xianyong, 이효순 …) to people in the name authority. Pure Python; the
design is /work/shared/design/names.md §4, the modules are named for one idea each:

    hangul     syllable arithmetic, ROK/DPRK initial-sound rule
    romanize   per-system renderings from hangul (MR, RR, DPRK, Soviet, Kontsevich, bloc languages)
    hanja      pinyin with Korean surname readings, Korean readings of hanja, simplified forms
    fold       language-aware folding of Latin and Cyrillic spellings
    keys       surname classes and given-name class codes
    chinese    the forms of a Chinese person's name (pinyin, Wade–Giles, Palladius, characters)
    matcher    the authority index, scorer and resolver
"""
from .matcher import (AuthorityPerson, Candidate, ForeignPerson, NameMatcher, Resolution, attach_attested,
                      language_of, load_authority)
from .romanize import renderings

__all__ = ["AuthorityPerson", "Candidate", "ForeignPerson", "NameMatcher", "Resolution", "attach_attested", "language_of",
           "load_authority", "renderings"]
