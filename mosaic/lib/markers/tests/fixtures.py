"""Test fixtures: passages written for these tests. They are not archival text.

The sentences imitate the register of translated embassy reports so that the rules meet the
kind of prose they are meant for, but every one was composed here; the speakers are invented
or generic ("Deputy Minister Ri", "the Korean comrades") and no sentence quotes a real person.
"""

FIXTURE_NOTE = "Passages written for these tests; not archival text."

# One passage per category and voice: (category, voice, speaker, passage, wording expected).
CATEGORY_VOICES = [
    ("prescriptive", "author", None,
     "The Korean comrades ought to consult the embassy before such steps.", "ought to"),
    ("prescriptive", "reported_speech", "Deputy Minister Ri",
     "Deputy Minister Ri said that the cooperatives must be merged before the winter.", "must"),
    ("prescriptive", "quotation", "Pak",
     "Pak replied: “The Soviet side should send the turbines at once.”", "should"),

    ("hierarchy", "author", None,
     "The young republic still looks to the Soviet Union as its elder brother.", "elder brother"),
    ("hierarchy", "reported_speech", "the Korean comrades",
     "According to the Korean comrades, the people regard the Soviet Union as an elder brother.", "elder brother"),
    ("hierarchy", "quotation", "Ri",
     "“We grew up under Soviet tutelage,” said Ri.", "tutelage"),

    ("deficit_othering", "author", None,
     "The Koreans are by nature suspicious of foreigners.", "The Koreans are by nature suspicious"),
    ("deficit_othering", "reported_speech", "Pak Kum-chol",
     "Pak Kum-chol, the head of the department, said that the methods in the villages were backward.", "backward"),
    ("deficit_othering", "quotation", "the chairman",
     "At the plenum the chairman declared: «The remnants of feudal thinking keep our peasants backward.»", "backward"),

    ("attributed", "author", None,
     "These production figures cannot be verified.", "cannot be verified"),
    ("attributed", "reported_speech", "the Korean comrades",
     "According to the Korean comrades, the dam was finished ahead of time.", "According to"),
    ("attributed", "quotation", "Ri",
     "Ri added: „The so-called reform has not reached the mountain counties.“", "so-called"),

    ("disputing", "author", None,
     "The press speaks of a bumper harvest; in reality, the granaries are half empty.", "in reality"),
    ("disputing", "reported_speech", "the Chinese counsellor",
     "The Chinese counsellor told me that the Korean figures were exaggerated.", "exaggerated"),
    ("disputing", "quotation", "Pak",
     "Pak said: “These foreign reports do not correspond to reality.”", "do not correspond to reality"),
]

# Wordings the rules must leave alone, each with the reason.
NEGATIVES = [
    ("The delegation must have arrived in Moscow by now.", "“must have” + participle is an inference"),
    ("The new hospital should be able to take two hundred patients.", "“should be able” is ability"),
    ("The ambassador conveyed fraternal greetings to the Korean people.", "a bloc formula, counted but not flagged"),
    ("The Korean comrades received the delegation at the station.", "“the Korean comrades” alone is a bloc formula"),
    ("We met with Koreans who had studied in Leningrad.", "Koreans not as the subject of a generalisation"),
    ("Some Koreans were suspicious of the new rules.", "a subset, not the group"),
    ("The Koreans were present at the reception.", "a fact about one occasion, not a character trait"),
    ("The Koreans could not take part in the talks this week.", "one occasion, not a general inability"),
    ("The plan became a reality in 1961.", "“reality” without “in reality” disputes nothing"),
    ("He actually arrived on Monday.", "“actually” as filler, with no claim to counter"),
    ("In fact, the delegation stayed for two more days.", "“in fact” as emphasis"),
    ("It should be noted that the weather was poor.", "the writer's signpost"),
    ("I should like to thank the Minister for the reception.", "older British “should” = would"),
    ("Should the talks fail, the delegation will leave.", "conditional “should”"),
    ("The factory was built according to the plan.", "conformity, not a source"),
    ("His elder brother works in Kaesong.", "a real sibling"),
    ("The dam was built under the guidance of the Workers' Party.", "the DPRK's own leadership formula"),
    ("It can be said without exaggeration that the reception was warm.", "an intensifier"),
    ("The salaries of teachers in Korean schools were raised.", "real teachers"),
    ("He graduated from the Institute of Oriental Studies in Moscow.", "an institution's name"),
    ("The lecture explained primitive socialist accumulation.", "a Marxist term"),
    ("The lorry rolled backwards down the slope.", "a direction"),
]

# A memorandum of conversation in which most words are the North Korean official's.
MEMORANDUM = """Record of a conversation with Deputy Minister Ri, 14 May.

Deputy Minister Ri informed us that the harvest had exceeded the plan. He said that the cooperatives must be strengthened and that backward methods must be abandoned. According to the Korean comrades, the peasants welcomed the reform; in reality, the granaries we visited were half empty.

Ri said: “Our young cadres are still immature and must learn from the Soviet experience.” The Korean comrades conveyed fraternal greetings.

In our view, the Korean friends should be advised to slow down collectivisation. The delegation must have arrived in Moscow by now."""
