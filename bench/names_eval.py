"""Evaluate the Korean name matcher against a variants file, side by side with two baselines.

    .venv/bin/python bench/names_eval.py /work/shared/data/names/variants_dev.tsv [--seed-only]
                                         [--authority-with-attested] [--confusables FILE] [--with-people]

Without a flag both authorities are evaluated:
  shipped    seed + aliases.tsv + the file's attested and kb variants loaded as attested forms
  seed-only  seed + aliases.tsv (aliases no rule can derive: Hegai, KIS, birth names)

Systems compared (each returns up to 3 candidates):
  mosaic     NameMatcher.resolve(variant, lang) with lang from the row's script_or_language
  mosaic?    the same with lang=None (language unknown: every folding tried)
  exact      exact match after ASCII folding (NFKD, marks dropped, a small table for ł ß æ …
             and Cyrillic letters, case and punctuation dropped) against all known forms: seed
             MR/RR/hangul/hanja, aliases, and attested forms when loaded
  fuzzy      rapidfuzz fuzz.ratio (normalized Indel similarity, 0–100) of the same folded
             strings, best form per person; "confident" when ≥ 85 and 5 points ahead

Rows whose hangul is not in the authority count as right when no confident candidate comes back
(group "not-in-seed"). Printed: recall@1, recall@3 and MRR by source kind (attested/kb/derived) and by language (first
token of script_or_language); wrongly merged confusable pairs and forced matches of names not in
the seed (a confident top-1 on the wrong person); throughput on distinct queries; every miss of
mosaic on attested+kb rows with its top candidate. Runs without Django.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from mosaic.lib.names import (AuthorityPerson, ForeignPerson, NameMatcher, attach_attested, language_of,  # noqa: E402
                              load_authority)
from mosaic.lib.names.chinese import chinese_forms  # noqa: E402

SEED = ROOT / "mosaic/data/names/authority_seed.tsv"
ALIASES = ROOT / "mosaic/data/names/aliases.tsv"

# Names that are not in the seed: none may come back as a confident match.
NOT_IN_SEED = [
    ("Kim Jong Un", "en"), ("Ким Чен Ын", "ru"), ("Kim Dzsongun", "hu"), ("Choe Ryong-hae", "en"),
    ("Cso Rjong He", "hu"), ("Ri Yong-ho", "en"), ("Kim Kwang-jin", "en"), ("Kim Jong-suk", "en"),
    ("Leonid Brezhnev", "en"), ("Pyongyang", "en"), ("Kimchaek", "en"), ("Kim Il Sung University", "en"),
    ("Jang Song Thaek", "en"), ("Kim Yong-chun", "en"), ("Pak Pong-ju", "en"), ("Hwang Jang-yop", "en"),
]

_ASCII = str.maketrans({"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ð": "d"})
_CYR = dict(zip("абвгдезийклмнопрстуфхцчшщъыьэюяё",
                ["a", "b", "v", "g", "d", "e", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
                 "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "yo"]))
_CYR["ж"] = "zh"


def ascii_fold(text: str) -> str:
    """Baseline folding: what a generic search engine does (no knowledge of Korean)."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_ASCII))
    text = "".join(_CYR.get(c, c) for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


class ExactBaseline:
    def __init__(self, people):
        self.people = people
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, forms in enumerate(self._known(people)):
            for f in forms:
                key = ascii_fold(f).replace(" ", "")
                if key and i not in self.index[key]:
                    self.index[key].append(i)

    @staticmethod
    def _known(people):
        for p in people:
            forms = [p.mr, p.rr, p.hangul, p.hanja, p.rok]
            forms += [a[0] for a in p.aliases] + [a[0] for a in p.attested]
            yield [f for f in forms if f]

    def resolve(self, query: str):
        hits = self.index.get(ascii_fold(query).replace(" ", ""), [])
        ids = [self.people[i].person_id for i in hits][:3]
        return ids, len(hits) == 1


class FuzzyBaseline(ExactBaseline):
    def __init__(self, people):
        self.people = people
        self.choices: list[str] = []
        self.owner: list[int] = []
        for i, forms in enumerate(self._known(people)):
            for f in forms:
                self.choices.append(ascii_fold(f))
                self.owner.append(i)

    def resolve(self, query: str):
        best: dict[int, float] = {}
        for _c, score, j in process.extract(ascii_fold(query), self.choices, scorer=fuzz.ratio, limit=None,
                                            score_cutoff=1):
            i = self.owner[j]
            if score > best.get(i, -1):
                best[i] = score
        ranked = sorted(best.items(), key=lambda t: -t[1])[:3]
        ids = [self.people[i].person_id for i, _ in ranked]
        confident = bool(ranked) and ranked[0][1] >= 85 and (len(ranked) < 2 or ranked[0][1] - ranked[1][1] >= 5)
        return ids, confident


class MosaicSystem:
    def __init__(self, matcher: NameMatcher, use_lang: bool):
        self.matcher, self.use_lang = matcher, use_lang

    def resolve(self, query: str, lang: str | None = None):
        res = self.matcher.resolve(query, lang=lang if self.use_lang else None, k=3)
        return [c.person_id for c in res.candidates], res.confident


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def evaluate(systems: dict, rows: list[dict], pid_by_hangul: dict[str, str]):
    """{system: {group: [hits@1, hits@3, rr_sum, n]}} and the per-row results."""
    table: dict[str, dict[str, list[float]]] = {name: defaultdict(lambda: [0, 0, 0.0, 0]) for name in systems}
    details = []
    for row in rows:
        expected = pid_by_hangul.get(row["hangul"])
        kind = row["source"].split(":")[0]
        lang_group = row["script_or_language"].split()[0]
        lang = language_of(row["script_or_language"])
        for name, system in systems.items():
            ids, confident = system.resolve(row["variant"], lang) if isinstance(system, MosaicSystem) else \
                system.resolve(row["variant"])
            if expected is None:  # a person not in the authority: right when nobody is claimed
                rank = 0 if confident and ids else 1
            else:
                rank = ids.index(expected) + 1 if expected in ids else 0
            groups = ("ALL", f"kind:{kind}", f"lang:{lang_group}", "attested+kb" if kind in ("attested", "kb") else None,
                      "not-in-seed" if expected is None else None)
            for group in groups:
                if group is None:
                    continue
                cell = table[name][group]
                cell[0] += rank == 1
                cell[1] += 0 < rank <= 3
                cell[2] += 1 / rank if rank else 0
                cell[3] += 1
            if name == "mosaic":
                details.append((row, kind, expected, ids, rank))
    return table, details


def print_table(table: dict, systems: list[str]) -> None:
    groups = sorted({g for s in table.values() for g in s}, key=lambda g: (g != "ALL", g != "attested+kb",
                                                                        not g.startswith("kind"), g))
    head = f"{'group':24} {'n':>4} " + " ".join(f"{s:>20}" for s in systems)
    print(head)
    print(f"{'':24} {'':>4} " + " ".join(f"{'R@1  R@3  MRR':>20}" for _ in systems))
    for g in groups:
        n = table[systems[0]][g][3]
        cells = []
        for s in systems:
            h1, h3, rr, cnt = table[s][g]
            cells.append(f"{h1 / cnt:5.3f} {h3 / cnt:5.3f} {rr / cnt:5.3f}" if cnt else "")
        print(f"{g:24} {n:>4} " + " ".join(f"{c:>20}" for c in cells))


def confusable_report(systems: dict, confusables: Path | None, pid_by_hangul: dict[str, str]) -> None:
    pairs = read_rows(confusables) if confusables and confusables.exists() else []
    print(f"\nConfusable pairs wrongly merged (confident top-1 on the other person, or a name not in the "
          f"seed forced onto someone), {len(pairs)} pairs; names not in the seed forced, {len(NOT_IN_SEED)} names:")
    for name, system in systems.items():
        merged, notes = 0, []
        for pair in pairs:
            pa, pb = pid_by_hangul.get(pair["hangul_a"]), pid_by_hangul.get(pair["hangul_b"])
            bad = False
            for q, own, other in ((pair["name_a"], pa, pb), (pair["name_b"], pb, pa)):
                ids, confident = system.resolve(q, None) if isinstance(system, MosaicSystem) else system.resolve(q)
                if confident and ids and (ids[0] == other or own is None or ids[0] != own):
                    bad = True
                    notes.append(f"{q} -> {ids[0]}")
            merged += bad
        forced = []
        for q, lang in NOT_IN_SEED:
            ids, confident = system.resolve(q, lang) if isinstance(system, MosaicSystem) else system.resolve(q)
            if confident and ids:
                forced.append(f"{q} -> {ids[0]}")
        print(f"  {name:8} merged pairs {merged}/{len(pairs)}  forced {len(forced)}/{len(NOT_IN_SEED)}"
              + (f"   [{'; '.join(notes + forced)}]" if notes or forced else ""))


def throughput_queries(rows: list[dict]) -> list[tuple[str, str | None]]:
    """Distinct queries: every variant, plus upper-case, lower-case, unhyphenated, western-order
    and library-inverted spellings of it (no result is cached, repetition would not help)."""
    out: dict[str, str | None] = {}
    for row in rows:
        v, lang = row["variant"], language_of(row["script_or_language"])
        words = v.replace("-", " ").split()
        for q in (v, v.upper(), v.lower(), v.replace("-", " "), " ".join(words[1:] + words[:1]),
                  f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else v, v.replace(" ", "-")):
            out.setdefault(q, lang)
    return list(out.items())


def throughput(systems: dict, queries, seconds: float = 1.5) -> None:
    print(f"\nThroughput, single process, {len(queries)} distinct queries, no result caching:")
    for name, system in systems.items():
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for q, lang in queries:
                if isinstance(system, MosaicSystem):
                    system.resolve(q, lang)
                else:
                    system.resolve(q)
            n += len(queries)
        print(f"  {name:8} {n / (time.perf_counter() - start):>10,.0f} names/s")


def people_folder(folder: Path) -> tuple[list[AuthorityPerson], list[ForeignPerson]]:
    """The people files beside the seed (mosaic/data/names/people/*.tsv) as the matcher reads them:
    Koreans by their hangul, Chinese people by the forms their characters give, others whole."""
    korean, foreign = [], []
    for path in sorted(folder.glob("*.tsv")):
        if path.name.endswith("_offices.tsv") or path.name in ("aliases.tsv", "seed_offices.tsv", "seed_lives.tsv"):
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t"):
            if row["tradition"] == "korean":
                korean.append(AuthorityPerson(person_id=row["person_id"], hangul=row["hangul"], mr=row["name"],
                                              hanja=row["hanja"], hangul_rok=row["hangul_rok"]))
            elif row["tradition"] == "chinese":
                foreign.append(ForeignPerson(row["person_id"], row["name"], tuple(chinese_forms(row["name"], row["hanja"]))))
            else:
                foreign.append(ForeignPerson(row["person_id"], row["name"]))
    return korean, foreign


def run(label: str, people, rows, confusables: Path | None, show_misses: bool, timing: bool, foreign=()) -> None:
    pid_by_hangul = {p.hangul: p.person_id for p in people}
    start = time.perf_counter()
    matcher = NameMatcher(people, foreign)
    build = time.perf_counter() - start
    systems = {"mosaic": MosaicSystem(matcher, True), "mosaic?": MosaicSystem(matcher, False),
               "exact": ExactBaseline(people), "fuzzy": FuzzyBaseline(people)}
    print(f"\n=== {label}: {len(people)} people, {sum(len(p.aliases) for p in people)} aliases, "
          f"{sum(len(p.attested) for p in people)} attested forms; index built in {build:.2f} s ===")
    table, details = evaluate(systems, rows, pid_by_hangul)
    print_table(table, list(systems))
    confusable_report(systems, confusables, pid_by_hangul)
    if show_misses:
        misses = [d for d in details if d[1] in ("attested", "kb") and d[4] != 1]
        print(f"\nmosaic misses on attested+kb rows ({len(misses)}):")
        for row, kind, expected, ids, rank in misses:
            print(f"  {row['variant']!r} [{row['script_or_language']}] expected {expected}, got {ids} ({kind})")
        derived = [d for d in details if d[1] == "derived" and d[4] != 1]
        print(f"mosaic misses on derived rows ({len(derived)}):")
        for row, kind, expected, ids, rank in derived:
            print(f"  {row['variant']!r} [{row['script_or_language']}] expected {expected}, got {ids}")
    if timing:
        throughput(systems, throughput_queries(rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("variants", type=Path)
    ap.add_argument("--seed-only", action="store_true", help="only the seed + aliases authority")
    ap.add_argument("--authority-with-attested", action="store_true", help="only the shipped authority")
    ap.add_argument("--seed", type=Path, default=SEED)
    ap.add_argument("--aliases", type=Path, default=ALIASES)
    ap.add_argument("--confusables", type=Path, default=None,
                    help="default: confusables_dev.tsv beside the variants file")
    ap.add_argument("--no-throughput", action="store_true")
    ap.add_argument("--with-people", action="store_true",
                    help="add the people files beside the seed (mosaic/data/names/people/: about 470 more people, "
                         "Chinese and other foreign names among them) to both authorities")
    args = ap.parse_args(argv)
    rows = read_rows(args.variants)
    confusables = args.confusables or args.variants.with_name("confusables_dev.tsv")
    base = load_authority(args.seed, args.aliases)
    foreign = ()
    if args.with_people:
        more, foreign = people_folder(args.seed.parent / "people")
        base = base + more
    both = not args.seed_only and not args.authority_with_attested
    if args.authority_with_attested or both:
        run("shipped authority (seed + aliases + attested/kb variants as attested forms)",
            attach_attested(base, args.variants, ("attested", "kb")), rows, confusables, False,
            not args.no_throughput, foreign)
    if args.seed_only or both:
        run("seed-only authority (seed + aliases.tsv, no attested forms)", base, rows, confusables, True,
            not args.no_throughput, foreign)
    return 0


if __name__ == "__main__":
    sys.exit(main())
