from mosaic.lib.event_actors import actor_country, event_countries


def test_codes_names_and_bodies_stand_for_their_country():
    assert actor_country("HU") == "Hungary"
    assert actor_country("SU") == actor_country("USSR") == actor_country("Soviet Union") == "USSR"
    assert actor_country("PRC") == actor_country("PRC Red Guards") == "China"
    assert actor_country("DD") == actor_country("GDR") == "GDR"
    assert actor_country("KWP CC") == actor_country("DPRK MFA") == actor_country("KPA Unit 124") == "DPRK"


def test_people_and_unknown_actors_stand_for_no_country():
    assert actor_country("Kim Il Sung") is None
    assert actor_country("UNC") is None  # the UN Command is not the UN of the vocabulary
    assert actor_country("Cambodia") is None
    assert actor_country("  ") is None


def test_an_event_stands_for_every_country_of_its_actors():
    assert event_countries(["DPRK", "PRC", "UNC"]) == {"DPRK", "China"}
    assert event_countries(["Kim Il Sung", "Choe Chang-ik"]) == set()
