"""The authority at the size of its subject: the shipped people files (Korean, Chinese, Soviet, East
European and ROK figures with offices and sources), loaded safely, and foreign names claimed by
their own records in texts."""
import pytest

from mosaic.corpus.models import Document, NameLink, TextLayer
from mosaic.entities.authority import (AuthorityFileError, PEOPLE_DIR, get_matcher, load_people_files,
                                       load_shipped_authority, read_people_files)
from mosaic.entities.linking import link_document
from mosaic.entities.models import NameVariant, Office, Person
from mosaic.lib.partial_dates import PartialDate

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = "person_id\ttradition\tname\thangul\thangul_rok\thanja\tborn\tdied\tgroup\tsource\n"
OFFICES_HEADER = "person_id\ttitle\tstart\tend\tsource\n"
GOOD_PERSON = "T001\tkorean\tPaek Nam-un\t백남운\t백남운\t白南雲\t1894\t1979\tDPRK\tkb: EncyKorea 백남운\n"
GOOD_OFFICE = "T001\tMinister of Education\t1948-09\t\tkb: EncyKorea 백남운\n"


def test_the_shipped_authority_holds_five_hundred_people_with_sourced_offices():
    load_shipped_authority()
    assert Person.objects.count() >= 500
    assert Person.objects.filter(offices__isnull=False).distinct().count() >= 500
    assert not Office.objects.filter(source="").exists()
    shipped = read_people_files(PEOPLE_DIR)["people"]
    loaded = Person.objects.filter(person_id__in=list(shipped))
    assert loaded.count() == len(shipped) and not loaded.filter(biography_sources="").exists()
    assert not loaded.filter(country="").exists()
    assert set(loaded.values_list("tradition", flat=True)) == {Person.KOREAN, Person.CHINESE, Person.OTHER}
    # Syngman Rhee is found under the form English readers know.
    assert NameVariant.objects.filter(form="Syngman Rhee", kind="alias", person__hangul_rok="이승만").exists()
    assert load_shipped_authority() == (0, 0)


def test_loading_again_keeps_what_a_curator_changed():
    load_shipped_authority()
    chen = Person.objects.get(display_name="Chen Yi")
    office = chen.offices.order_by("order").first()
    office.title = "Foreign Minister (curator's wording)"
    office.save()
    Person.objects.filter(pk=chen.pk).update(born="1901", country="China")
    assert load_people_files() == 0
    chen.refresh_from_db()
    assert (chen.born, chen.country) == ("1901", "China")
    assert chen.offices.order_by("order").first().title == "Foreign Minister (curator's wording)"


@pytest.mark.parametrize("people, offices, problem", [
    ("person_id\tname\n" + GOOD_PERSON, OFFICES_HEADER + GOOD_OFFICE, "extra.tsv: line 1: the columns must be"),
    (PEOPLE_HEADER + "T001\tkorean\tPaek Nam-un\t\t\t\t1894\t\tDPRK\tkb: x\n", OFFICES_HEADER, "extra.tsv: line 2: a Korean name needs its hangul"),
    (PEOPLE_HEADER + GOOD_PERSON.replace("1894", "1894-13"), OFFICES_HEADER, "extra.tsv: line 2: born:"),
    (PEOPLE_HEADER + GOOD_PERSON.replace("kb: EncyKorea 백남운", ""), OFFICES_HEADER, "a person needs a name and a source"),
    (PEOPLE_HEADER + GOOD_PERSON.replace("T001", "P001"), OFFICES_HEADER, "the id 'P001' is empty or already taken"),
    (PEOPLE_HEADER + GOOD_PERSON.replace("korean", "martian"), OFFICES_HEADER, "tradition must be one of"),
    (PEOPLE_HEADER + "T002\tchinese\tChen Yi\t\t\t\t\t\tPRC\tkb: x\n", OFFICES_HEADER, "a Chinese name needs its characters"),
    (PEOPLE_HEADER + GOOD_PERSON, OFFICES_HEADER + GOOD_OFFICE.replace("T001", "T999"), "office 'Minister of Education' of T999: no such person"),
    (PEOPLE_HEADER + GOOD_PERSON, OFFICES_HEADER + GOOD_OFFICE.replace("\tkb: EncyKorea 백남운", "\t"), "an office needs a title and a source"),
    (PEOPLE_HEADER + GOOD_PERSON.replace("\tDPRK", "\tDPRK\textra"), OFFICES_HEADER, "extra.tsv: line 2: 11 fields where there are 10"),
])
def test_a_bad_people_file_is_refused_whole_with_its_file_and_line_named(tmp_path, people, offices, problem):
    load_shipped_authority(people_folder=None)
    before = Person.objects.count()
    (tmp_path / "extra.tsv").write_text(people, encoding="utf-8")
    (tmp_path / "extra_offices.tsv").write_text(offices, encoding="utf-8")
    with pytest.raises(AuthorityFileError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_people_files(tmp_path)
    assert Person.objects.count() == before


def test_a_people_file_not_in_utf8_is_refused(tmp_path):
    (tmp_path / "extra.tsv").write_bytes((PEOPLE_HEADER + GOOD_PERSON).encode("euc-kr"))
    with pytest.raises(AuthorityFileError, match="extra.tsv: not UTF-8 text"):
        load_people_files(tmp_path)


def test_a_good_people_folder_adds_its_people_once(tmp_path):
    load_shipped_authority(people_folder=None)
    (tmp_path / "extra.tsv").write_text(PEOPLE_HEADER + GOOD_PERSON, encoding="utf-8")
    (tmp_path / "extra_offices.tsv").write_text(OFFICES_HEADER + GOOD_OFFICE, encoding="utf-8")
    assert load_people_files(tmp_path) == 1 and load_people_files(tmp_path) == 0
    paek = Person.objects.get(person_id="T001")
    assert (paek.display_name, paek.mr, paek.hanja, paek.country) == ("Paek Nam Un", "Paek Nam-un", "白南雲", "DPRK")
    assert list(paek.offices.values_list("title", "start", "source")) == [("Minister of Education", "1948-09", "kb: EncyKorea 백남운")]
    assert get_matcher().resolve("Пэк Нам Ун").candidates[0].person_id == "T001"


def test_chinese_and_soviet_names_are_claimed_by_their_own_records():
    load_shipped_authority()
    matcher = get_matcher()
    chen = Person.objects.get(display_name="Chen Yi")
    zhou = Person.objects.get(display_name="Zhou Enlai")
    for written, person in [("Chen Yi", chen), ("Чэнь И", chen), ("陈毅", chen), ("Chou En-lai", zhou), ("Чжоу Эньлай", zhou)]:
        resolution = matcher.resolve(written)
        assert resolution.candidates[0].person_id == person.person_id and not resolution.ambiguous, written
    assert matcher.resolve("Aleksandr Puzanov").candidates[0].mr == "Aleksandr Puzanov"


def test_a_report_naming_a_chinese_marshal_links_him_not_a_korean_who_sounds_alike(settings):
    load_shipped_authority()
    document = Document.objects.create(public_id="chen-yi-visit", title="Chen Yi in Pyongyang", doc_type="report",
                                       status="published")
    TextLayer.objects.create(document=document, kind="translation", language="en", text=(
        "Marshal Chen Yi and Zhou Enlai arrived in Pyongyang; Nam Il met them at the airport. "
        "Chen said that the volunteers would leave by the end of the year."))
    link_document(document)
    links = {(link.person.display_name, link.surface_form, link.basis) for link in NameLink.objects.filter(document=document)}
    assert {("Chen Yi", "Chen Yi", NameLink.NAME), ("Zhou Enlai", "Zhou Enlai", NameLink.NAME),
            ("Chen Yi", "Chen", NameLink.SURNAME)} <= links
    assert "P041" not in set(NameLink.objects.filter(document=document).values_list("person__person_id", flat=True))
    assert ("Nam Il", "Nam Il") in {(link.person.mr, link.surface_form) for link in NameLink.objects.filter(document=document)}


def test_a_person_page_shows_the_country_served_and_which_sources_are_not_yet_checked(client):
    load_shipped_authority()
    chen = Person.objects.get(display_name="Chen Yi")
    page = client.get(f"/people/{chen.person_id}/").content.decode()
    assert "Country served: PRC" in page and 'href="https://history.state.gov/' in page
    assert "Sources of this record" in page and "compiled by the team, not yet checked against:" in page
    assert "Minister of Foreign Affairs of the PRC" in page


TWO_OF_A_NAME = (PEOPLE_HEADER
                 + "T101\tkorean\tKim Tal-hyŏn\t김달현\t김달현\t\t1884\t1958\tDPRK\tkb: test\n"
                 + "T102\tkorean\tKim Tal-hyŏn\t김달현\t김달현\t\t1941\t\tDPRK\tkb: test\n")
THEIR_OFFICES = (OFFICES_HEADER
                 + "T101\tVice-Chairman, Presidium of the Supreme People's Assembly\t1948\t1958\tkb: test\n"
                 + "T102\tChairman, State Planning Commission\t1989\t1993-12\tkb: test\n")


@pytest.mark.parametrize("date, expected", [("1950-03-02", "T101"), ("1990-06", "T102"), ("1970", None), ("", None)])
def test_a_name_two_people_share_is_read_as_the_one_in_office_at_the_documents_date(tmp_path, date, expected):
    load_shipped_authority(people_folder=None)
    (tmp_path / "two.tsv").write_text(TWO_OF_A_NAME, encoding="utf-8")
    (tmp_path / "two_offices.tsv").write_text(THEIR_OFFICES, encoding="utf-8")
    load_people_files(tmp_path)
    interval = PartialDate.parse(date).interval() if date else None
    document = Document.objects.create(public_id="kim-tal-hyon", title="Record of a conversation", doc_type="report",
                                       status="published", date=date, date_min=interval and interval.start,
                                       date_max=interval and interval.end)
    TextLayer.objects.create(document=document, kind="translation", language="en",
                             text="Kim Tal Hyon received the ambassador. Kim spoke of the harvest.")
    link_document(document)
    links = {(link.person.person_id, link.surface_form, link.basis, link.confidence)
             for link in NameLink.objects.filter(document=document)}
    if expected is None:
        assert links == set()
    else:
        # The choice is said, and scored below a name read alone; the surname follows the choice.
        assert links == {(expected, "Kim Tal Hyon", NameLink.OFFICE, 0.80), (expected, "Kim", NameLink.SURNAME, 0.75)}


def linked(text: str, language: str = "en") -> set[tuple[str, str, str]]:
    document = Document.objects.create(public_id=f"text-{abs(hash(text))}", title="Report", doc_type="report",
                                       status="published")
    TextLayer.objects.create(document=document, kind="original" if language != "en" else "translation",
                             language=language, text=text)
    link_document(document)
    return {(link.person.display_name, link.surface_form, link.basis) for link in NameLink.objects.filter(document=document)}


def test_a_soviet_ambassador_named_by_his_surname_alone_or_declined_in_russian():
    load_shipped_authority()
    assert linked("Ambassador Puzanov met Nam Il. Puzanov said the credit would be discussed in Moscow.") >= {
        ("Aleksandr Puzanov", "Ambassador Puzanov", NameLink.OWN_SURNAME), ("Aleksandr Puzanov", "Puzanov", NameLink.OWN_SURNAME)}
    assert ("Aleksandr Puzanov", "Пузанову", NameLink.OWN_SURNAME) in linked(
        "Нам Ир сообщил Пузанову о решении пленума.", "ru")
    # Part of a longer name, the surname is not read again on its own; after initials, it is the name.
    full = linked("Aleksandr Puzanov arrived; A. M. Puzanov is the new ambassador. Vasily Puzanov is not he.")
    assert {(form, basis) for _name, form, basis in full} == {("Aleksandr Puzanov", NameLink.NAME),
                                                             ("A. M. Puzanov", NameLink.OWN_SURNAME)}
    assert ("Aleksandr Puzanov", "В. И. Пузанова", NameLink.OWN_SURNAME) in linked("Записка В. И. Пузанова.", "ru")
    confidence = NameLink.objects.get(surface_form="Пузанову").confidence
    assert confidence == pytest.approx(0.70)


def test_a_hungarian_leader_in_hungarian_order():
    load_shipped_authority()
    assert linked("Kádár János elvtárs fogadta Kim Ir Szen elvtársat.", "hu") >= {("János Kádár", "Kádár János", NameLink.NAME)}


def test_a_name_that_names_an_institution_is_not_a_mention():
    load_shipped_authority()
    links = linked("The delegation visited the Kim Chaek Iron Works and the Kim Il Sung University.")
    assert links == set()
    assert linked("Студенты Университета имени Ким Ир Сена приветствовали делегацию.", "ru") == set()


def test_a_declined_name_is_read_whole_not_as_the_shorter_name_inside_it():
    load_shipped_authority(people_folder=None)
    links = linked("Пак Хен Ен беседовал с Ким Ир Сеном о плане.", "ru")
    assert {(person, form) for person, form, _basis in links} >= {("Kim Il Sung", "Ким Ир Сеном")}
    assert "Kim Il" not in {person for person, _form, _basis in links}
