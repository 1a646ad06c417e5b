from mosaic.lib.subject_headings import broader_heading, heading_problem, heading_slug, normalise_heading


def test_headings_are_written_one_way():
    assert normalise_heading("Korea (North) -- Foreign relations --  Soviet Union") == "Korea (North)--Foreign relations--Soviet Union"
    assert normalise_heading("Kim Il Sung — Cult of personality") == "Kim Il Sung--Cult of personality"
    assert normalise_heading("Korean War (1950-1953)") == "Korean War (1950-1953)"  # a single hyphen is no subdivision


def test_slugs_fold_diacritics_and_keep_subdivisions_apart():
    assert heading_slug("Korea (North)--Foreign relations--Soviet Union") == "korea-north--foreign-relations--soviet-union"
    assert heading_slug("Łódź--Students") == "lodz--students"
    assert heading_slug("Korean War (1950-1953)") == "korean-war-1950-1953"


def test_broader_heading_drops_the_last_subdivision():
    assert broader_heading("Korea (North)--Foreign relations--China") == "Korea (North)--Foreign relations"
    assert broader_heading("Juche") is None


def test_problems_are_named():
    assert heading_problem("Korea (North)--Economic policy") is None
    assert "empty subdivision" in str(heading_problem("Korea (North)----"))
    assert "empty" in str(heading_problem("  "))
    assert "letters or digits" in str(heading_problem("?!"))
    assert "at most" in str(heading_problem("x" * 300))
