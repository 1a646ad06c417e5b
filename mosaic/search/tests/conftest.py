import json
import os
import subprocess
import sys

import pytest

from mosaic.archives.seed import load_repositories
from mosaic.ingest.pipeline import ingest_file
from mosaic.search.index import get_backend

# Hand-written records: each exercises one thing search must do.
RECORDS = [
    {"id": "hu-1955-report", "title": "Jelentés a nagykövetség munkájáról", "date": "1955-03-02", "origin_country": "Hungary",
     "original_language": "hu", "type": "report", "status": "published", "classification": "Szigorúan titkos",
     "source": "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. Translated for NKIDP by Balazs Szalontai",
     "texts": [{"kind": "original", "language": "hu", "text": "A nagykövetség munkatársai Phenjanban Kim Ir Szen beszédét hallgatták."},
               {"kind": "translation", "language": "en", "text": "The embassy staff in Pyongyang listened to Kim Il Sung's speech."}]},
    {"id": "ro-1967-telegram", "title": "Telegram from Pyongyang to Bucharest", "date": "1967-05-20", "origin_country": "Romania",
     "original_language": "ro", "type": "telegram", "status": "published", "classification": "Secret",
     "agents": [{"name": "Ion Ştefănescu", "role": "author"}],
     "texts": [{"kind": "translation", "language": "en", "text": "Ambassador Ştefănescu reported on the Kapsan faction and the purge of May 1967."}]},
    {"id": "pl-1956-year-only", "title": "Political report of the Polish embassy", "date": "1956", "origin_country": "Poland",
     "original_language": "pl", "type": "report", "status": "published",
     "agents": [{"name": "Władysław Gomułka", "role": "mentioned"}],
     "texts": [{"kind": "translation", "language": "en", "text": "Comrade Gomułka's letter was discussed at length in Łódź."}]},
    {"id": "ko-1956-article", "title": "Rodong Sinmun editorial", "date": "1956-08-31", "origin_country": "DPRK",
     "original_language": "ko", "type": "article", "status": "published",
     "texts": [{"kind": "original", "language": "ko", "text": "김일성동지의 령도밑에 전당이 단결하였다."}]},
    {"id": "zh-1958-record", "title": "Record of conversation", "date": "1958-02-14", "origin_country": "China",
     "original_language": "zh", "type": "memorandum_of_conversation", "status": "published",
     "texts": [{"kind": "original", "language": "zh", "text": "周恩来总理会见金日成首相，谈志愿军撤军问题。"}]},
    {"id": "su-1956-06", "title": "Journal of Ambassador Ivanov", "date": "1956-06-14", "origin_country": "USSR",
     "original_language": "ru", "type": "journal", "status": "published",
     "source": "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person.",
     "texts": [{"kind": "translation", "language": "en", "text": "Puzanov was not yet in Pyongyang; Ivanov spoke with Nam Il about the plenum."},
               {"kind": "original", "language": "ru", "text": "Секретный оригинал: только для сотрудников архива.", "access": "staff"}]},
    {"id": "su-draft", "title": "Unpublished draft record about the plenum", "date": "1956-07-01", "origin_country": "USSR",
     "status": "draft", "texts": [{"kind": "translation", "language": "en", "text": "Draft plenum text nobody may see."}]},
    {"id": "su-restricted", "title": "Restricted plenum record", "date": "1956-07-02", "origin_country": "USSR",
     "status": "published", "access": "staff", "texts": [{"kind": "translation", "language": "en", "text": "Restricted plenum text."}]},
    {"id": "undated-note", "title": "Undated note on the plenum", "origin_country": "USSR", "status": "published", "type": "note"},
]


@pytest.fixture
def corpus(db, write_jsonl):
    # Transactional tests empty Django's tables between tests, not the index's own tables.
    get_backend().clear()
    load_repositories()
    report = ingest_file(write_jsonl(RECORDS))
    assert report.ok, report.errors
    return report



# --- an archive under its own MOSAIC_HOME, for the command line and the real server ----------------

SERVED_TOPICS = ["plenum", "faction", "cooperative", "delegation", "armistice", "harvest", "railway", "students"]


def served_records():
    """The records above and 60 more public reports on Kim Il Sung in Pyongyang, so that long queries
    of common words match many documents across several countries, years and facets."""
    countries = ["USSR", "Hungary", "Poland", "Romania", "China", "DPRK"]
    extra = [
        {"id": f"load-{n:03d}", "title": f"Report {n} on the {SERVED_TOPICS[n % 8]} in Pyongyang",
         "date": f"{1950 + n % 20}-{1 + n % 12:02d}-{1 + n % 28:02d}", "origin_country": countries[n % 6],
         "type": "report", "status": "published",
         "texts": [{"kind": "translation", "language": "en",
                    "text": f"Kim Il Sung spoke in Pyongyang about the {SERVED_TOPICS[n % 8]} and the "
                            f"{SERVED_TOPICS[(n + 3) % 8]}; the embassy reported on the plenum. " * 6}]}
        for n in range(60)
    ]
    return [*RECORDS, *extra]


def run_mosaic(home, *args, check=True, timeout=300):
    env = {**os.environ, "MOSAIC_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "mosaic", *args], env=env, capture_output=True, text=True,
                          check=check, timeout=timeout)


@pytest.fixture(scope="session")
def served_home(tmp_path_factory, copy_of_home):
    """A throwaway MOSAIC_HOME after `mosaic init` and the import of `served_records()`."""
    home = tmp_path_factory.mktemp("served-home")
    records = home / "records.jsonl"
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in served_records()), encoding="utf-8")
    copy_of_home("init", home)
    run_mosaic(home, "ingest", str(records))
    return home
