"""Which countries an event's actors stand for, so that the timeline can show a country's events
beside its documents. An event's actors are written as the curators' seed file has them: country
codes (HU, SU, PRC, DD ...), country names, the country's bodies (KWP, "DPRK MFA", "KPA Unit 124")
or people. The rule: an actor stands for a country when it is the country's name or one of its
codes, or when its first word is (a body: "PRC Red Guards", "KWP CC"). People and actors this
table does not know ("UNC", "Cambodia") stand for no country of the vocabulary."""
from __future__ import annotations

from mosaic.lib.vocabularies import country_key

# Codes and party or army abbreviations of the events file, and the ISO codes curators may use.
ACTOR_CODES = {
    "SU": "USSR", "CPSU": "USSR",
    "PRC": "China", "CN": "China", "CCP": "China", "CPV": "China",
    "HU": "Hungary", "DD": "GDR", "SED": "GDR", "PL": "Poland", "CS": "Czechoslovakia", "RO": "Romania",
    "BG": "Bulgaria", "AL": "Albania", "MN": "Mongolia", "YU": "Yugoslavia", "VN": "Vietnam", "CU": "Cuba",
    "KP": "DPRK", "KWP": "DPRK", "KPA": "DPRK", "KR": "ROK", "US": "USA", "JP": "Japan", "GB": "UK",
}


def actor_country(actor: str) -> str | None:
    """The country (a key of the countries vocabulary) this actor stands for, or None."""
    actor = actor.strip()
    if not actor:
        return None
    for candidate in (actor, actor.split()[0]):
        found = ACTOR_CODES.get(candidate) or country_key(candidate)
        if found:
            return found
    return None


def event_countries(actors: list[str]) -> set[str]:
    return {country for country in map(actor_country, actors) if country}
