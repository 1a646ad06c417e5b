"""Load test: many readers at once against `mosaic serve --workers N` on this machine.

Run: .venv/bin/python bench/load.py [--documents 10000] [--clients 50] [--seconds 60] [--workers 2]
     [--home DIR] [--port 8765]

Builds a synthetic archive of N documents under --home (default: a directory in the system's
temporary folder named after N), or reuses it when it is there already; then, for --workers 1
and for --workers W, side by side in one run: starts `mosaic serve` on 127.0.0.1 itself with an
empty page cache, lets the clients warm it (--warm-up, 5 s), and runs the clients for the given
time over a mix of what readers ask for: the home page, searches with facets (page and API; most
of them the common queries, a share of them what one reader types once), document pages (page and
API; a few documents are read far more than the rest, and a crawler's share is spread over all of
them) and person pages. Most readers are anonymous; --signed-in of the clients sign in as
researchers first, so none of their pages can come from the page cache. Prints requests/s,
errors (anything but a 200), median and p95 per kind and in all, the share served from the page
cache, and the server's CPU time per request (all its processes, from /proc): the machine is
shared, so that figure says what the server would do on free cores better than requests/s alone.

Only the loopback interface is ever loaded: --host refuses anything but 127.0.0.1.
"""
import argparse
import bisect
import http.client
import http.cookies
import itertools
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"

COUNTRIES = [("USSR", "ru", 40), ("Hungary", "hu", 12), ("GDR", "de", 12), ("Poland", "pl", 8), ("Czechoslovakia", "cs", 7),
             ("Romania", "ro", 8), ("Bulgaria", "bg", 5), ("China", "zh", 5), ("Albania", "sq", 2), ("Mongolia", "mn", 1)]
TYPES = ["memorandum_of_conversation", "report", "telegram", "letter", "journal", "minutes", "note"]
# Names in the shipped authority, in several renderings, so documents link to person pages.
NAMES = ["Kim Il Sung", "Kim Ir Sen", "Kim Ir Szen", "Nam Il", "Pak Heon-yeong", "Choe Yong-geon", "Kim Tu-bong",
         "Pak Chang-ok", "Puzanov", "Pak Kum-chol", "Kim Kwang-hyop", "Ho Ka-i", "Mu Chong", "Ri Sang-jo"]
WORDS = ("the embassy comrade minister delegation reported said asked party central committee plenum leadership "
         "cooperative agriculture industry five-year plan economic aid delivery equipment relations soviet chinese "
         "korean workers people army unification south american imperialists armistice conference negotiation "
         "cadres criticism faction purge cult personality collective meeting visit reception ambassador counsellor "
         "secretary information trade agreement credit grain harvest steel factory railway hydroelectric students "
         "youth women propaganda newspaper speech friendship brotherly support struggle revision correction mistakes "
         "situation difficult food shortage refugees border incident fishing boats").split()
SEARCH_WORDS = ["plenum", "harvest", "faction", "Kim Il Sung", "Puzanov", "railway", "\"five-year plan\"", "delegation",
                "armistice", "grain", "purge", "students", "Nam Il", "refugees", "steel factory", "embass*"]
RARE_SEARCHES = 0.3  # the share of searches that are a reader's own rather than one of SEARCH_WORDS
FACETS = [{}, {"origin_country": "USSR"}, {"origin_country": "Hungary"}, {"decade": "1950s"}, {"decade": "1960s"},
          {"doc_type": "report"}, {"doc_type": "telegram"}, {"origin_country": "GDR", "decade": "1960s"},
          {"from": "1956", "to": "1961"}]


# --- the archive -----------------------------------------------------------------------------------

# Raised whenever synthetic_records changes, so an archive built by an older version is rebuilt.
ARCHIVE_VERSION = 2


def synthetic_records(count: int):
    """Documents as `mosaic ingest` reads them: dated 1950–1989 (most in the 1950s–60s), ten
    origin countries, an English translation of about 300 words naming three people."""
    rng = random.Random(1956)
    countries, weights = [c[:2] for c in COUNTRIES], [c[2] for c in COUNTRIES]
    for n in range(count):
        country, language = rng.choices(countries, weights)[0]
        year = 1950 + int(40 * rng.betavariate(2, 4))
        words = rng.choices(WORDS, k=int(rng.lognormvariate(5.6, 0.4)))
        people = rng.sample(NAMES, 3)
        for person in people:
            words.insert(rng.randrange(len(words)), person)
        yield {
            "id": f"load-{n}",
            "title": f"{rng.choice(['Report', 'Memorandum', 'Telegram', 'Note'])} on the {' '.join(rng.sample(WORDS, 3))} ({n})",
            "type": rng.choice(TYPES),
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "origin_country": country,
            "original_language": language,
            "agents": [{"name": people[0], "role": "mentioned"}, {"name": f"Diplomat {n % 80}", "role": "author"}],
            # Only the first letter raised: str.capitalize() would lower the names, and no name would link.
            "texts": [{"kind": "translation", "language": "en", "text": (text := " ".join(words))[:1].upper() + text[1:] + "."}],
            "status": "published",
        }


def mosaic(home: Path, *arguments: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "MOSAIC_HOME": str(home)}
    env.pop("MOSAIC_PAGE_CACHE", None)  # the server's default: on
    return subprocess.Popen([sys.executable, "-m", "mosaic", *arguments], cwd=ROOT, env=env, **popen)


def build_archive(home: Path, count: int) -> None:
    done = home / "load-bench-archive.json"
    made = {"documents": count, "records": ARCHIVE_VERSION}
    if done.exists() and json.loads(done.read_text()) == made:
        print(f"archive: reusing {count:,} documents in {home}")
        # Brought to this version's schema first, as an operator upgrading would.
        assert mosaic(home, "init", "--verbosity", "0").wait() == 0
        # Citations an archive built before they were derived work lacks (the jobs make them now).
        assert mosaic(home, "cite", "keep", stdout=subprocess.DEVNULL).wait() == 0
        return
    if done.exists():
        raise SystemExit(f"{home} holds an archive made by an older version of this benchmark: remove it, or give another --home")
    home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    assert mosaic(home, "init", "--verbosity", "0").wait() == 0
    records = home / "load-bench.jsonl"
    with records.open("w", encoding="utf-8") as handle:
        for record in synthetic_records(count):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    # The import waits for the derived work (markers, name links, citations), as an archive without a worker does.
    assert mosaic(home, "ingest", str(records)).wait() == 0
    done.write_text(json.dumps(made))
    print(f"archive: {count:,} documents built in {time.perf_counter() - started:.0f} s in {home}")


# --- the server -------------------------------------------------------------------------------------

class Server:
    def __init__(self, home: Path, port: int, workers: int, threads: int | None = None):
        self.home, self.port, self.workers, self.threads = home, port, workers, threads
        self.log = None
        self.process = None

    def __enter__(self):
        # Every run starts with empty caches (pages, and the parts of pages kept across changes).
        shutil.rmtree(self.home / "cache", ignore_errors=True)
        self.log = (self.home / f"load-bench-serve-{self.workers}.log").open("wb")
        threads = [] if self.threads is None else ["--threads", str(self.threads)]
        self.process = mosaic(self.home, "serve", "--host", LOOPBACK, "--port", str(self.port), "--workers", str(self.workers),
                              *threads, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(LOOPBACK, self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start; see {self.log.name}")
            time.sleep(0.2)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: the server and its workers only
            self.process.wait()
        self.log.close()


def get(host: str, port: int, path: str, connection: http.client.HTTPConnection | None = None, cookie: str = ""):
    own = connection is None
    connection = connection or http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, response.getheader("X-Page-Cache") == "hit"
    finally:
        if own:
            connection.close()


# --- signed-in readers ----------------------------------------------------------------------------

READER = ("load-bench-reader", "only-for-the-load-benchmark-7Qx")


def ensure_reader(home: Path) -> None:
    """A researcher's account (no staff role) for the signed-in clients, made once."""
    username, password = READER
    code = ("from django.contrib.auth import get_user_model; users = get_user_model(); "
            f"users.objects.filter(username={username!r}).exists() or users.objects.create_user({username!r}, password={password!r})")
    assert mosaic(home, "shell", "-c", code, stdout=subprocess.DEVNULL).wait() == 0


def _cookies(response) -> dict[str, str]:
    jar = http.cookies.SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int) -> str:
    """Sign in through the site's own form, as a reader does; returns the Cookie header to send."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        connection.request("GET", "/accounts/login/")
        response = connection.getresponse()
        form = response.read().decode()
        cookies = _cookies(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        fields = urllib.parse.urlencode({"username": READER[0], "password": READER[1], "csrfmiddlewaretoken": token})
        connection.request("POST", "/accounts/login/", body=fields, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())})
        response = connection.getresponse()
        response.read()
        cookies.update(_cookies(response))
    finally:
        connection.close()
    if response.status != 302:
        raise SystemExit(f"the benchmark's reader could not sign in (status {response.status})")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- the server's CPU time -------------------------------------------------------------------------

def _stat(pid: int) -> list[str]:
    # The fields after the command name, which may itself hold spaces and parentheses.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a process and of its living descendants (gunicorn's workers),
    from /proc; None where there is no /proc."""
    try:
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parents[int(entry.name)] = int(_stat(int(entry.name))[1])
                except (OSError, IndexError, ValueError):
                    pass  # ended meanwhile
        family, grown = {pid}, True
        while grown:
            more = {child for child, parent in parents.items() if parent in family} - family
            family |= more
            grown = bool(more)
        ticks = 0
        for member in family:
            try:
                fields = _stat(member)
                ticks += int(fields[11]) + int(fields[12])  # utime and stime
            except (OSError, IndexError, ValueError):
                pass
        return ticks / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


# --- the readers --------------------------------------------------------------------------------

@dataclass
class Results:
    samples: list = field(default_factory=list)  # (kind, seconds, status, kept, path, signed in)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Mix:
    """What readers ask for, with the share of each kind of request."""

    def __init__(self, documents: int, people: list[str], seed: int):
        self.rng = random.Random(seed)
        self.documents, self.people = documents, people
        # Zipf-like popularity (rank r read 1/r as often) for readers; crawlers read any document.
        self.popular = list(itertools.accumulate(1 / rank for rank in range(1, documents + 1)))
        self.order = list(range(documents))
        random.Random(7).shuffle(self.order)
        self.kinds = [("home", 10), ("search", 25), ("api search", 10), ("document", 30), ("api document", 10),
                      ("person", 15)]

    def _document(self) -> str:
        if self.rng.random() < 0.3:
            return f"load-{self.rng.randrange(self.documents)}"
        rank = bisect.bisect(self.popular, self.rng.random() * self.popular[-1])
        return f"load-{self.order[min(rank, self.documents - 1)]}"

    def _search(self) -> str:
        if self.rng.random() < RARE_SEARCHES:
            # What one reader types once: a word or two, under any filter.
            query = " ".join(self.rng.sample(WORDS, self.rng.randint(1, 2)))
            year = self.rng.randint(1950, 1985)
            facets = self.rng.choice([*FACETS, {"from": str(year), "to": str(year + self.rng.randint(0, 4))}])
            return urllib.parse.urlencode({"q": query, **facets})
        params = {"q": self.rng.choice(SEARCH_WORDS), **self.rng.choice(FACETS)}
        if self.rng.random() < 0.2:
            params["page"] = str(self.rng.randint(2, 5))
        return urllib.parse.urlencode(params)

    def next(self) -> tuple[str, str]:
        kind = self.rng.choices([k for k, _ in self.kinds], [w for _, w in self.kinds])[0]
        if kind == "home":
            return kind, "/"
        if kind == "search":
            return kind, f"/search?{self._search()}"
        if kind == "api search":
            return kind, f"/api/search?{self._search()}"
        if kind == "document":
            return kind, f"/documents/{self._document()}/"
        if kind == "api document":
            return kind, f"/api/documents/{self._document()}"
        return kind, f"/people/{self.rng.choice(self.people)}/"


def reader(port: int, mix: Mix, until: float, measure_from: float, results: Results, cookie: str = "") -> None:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    mine = []
    while time.monotonic() < until:
        kind, path = mix.next()
        started = time.monotonic()
        try:
            status, _, kept = get(LOOPBACK, port, path, connection, cookie)
        except (OSError, http.client.HTTPException):
            status, kept = 0, False
            connection.close()
            connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
        if started >= measure_from:
            mine.append((kind, time.monotonic() - started, status, kept, path, bool(cookie)))
    connection.close()
    with results.lock:
        results.samples.extend(mine)


def people_on_the_site(port: int) -> list[str]:
    status, body, _ = get(LOOPBACK, port, "/people/")
    found = sorted(set(re.findall(r'href="/people/([^/"]+)/"', body.decode())))
    if status != 200 or not found:
        raise SystemExit("no person pages found at /people/")
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _summary(samples: list) -> tuple[int, float, float, float]:
    times = [seconds for _, seconds, *_ in samples]
    return (len(times), 1000 * statistics.median(times), 1000 * percentile(times, 0.95),
            sum(kept for _, _, _, kept, *_ in samples) / len(times))


def run_load(home: Path, port: int, workers: int, clients: int, seconds: float, documents: int, warm_up: float,
             signed_in: int, server_threads: int | None = None) -> dict:
    with Server(home, port, workers, server_threads) as server:
        mix_people = people_on_the_site(port)
        cookies = [sign_in(port) if n < signed_in else "" for n in range(clients)]
        results = Results()
        start = time.monotonic()
        measure_from = start + warm_up
        until = measure_from + seconds
        threads = [threading.Thread(target=reader, args=(port, Mix(documents, mix_people, seed=n), until, measure_from, results,
                                                         cookies[n]))
                   for n in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(max(0.0, measure_from - time.monotonic()))
        cpu_before, client_before = cpu_seconds(server.process.pid), os.times()
        for thread in threads:
            thread.join()
        cpu_after, client_after = cpu_seconds(server.process.pid), os.times()
    samples = results.samples
    count, median, p95, kept = _summary(samples)
    figures = {"workers": workers, "threads": server_threads, "requests": count, "per_second": count / seconds,
               "errors": sum(status != 200 for _, _, status, *_ in samples), "median_ms": median, "p95_ms": p95,
               "kept_share": kept, "kinds": {}, "signed_in": None, "server_cpu_ms": None,
               "client_cpu_ms": 1000 * ((client_after.user + client_after.system) - (client_before.user + client_before.system)) / count}
    if cpu_before is not None and cpu_after is not None:
        figures["server_cpu_ms"] = 1000 * (cpu_after - cpu_before) / count
    for kind in sorted({k for k, *_ in samples}):
        figures["kinds"][kind] = _summary([sample for sample in samples if sample[0] == kind])
    if signed_in:
        figures["signed_in"] = _summary([sample for sample in samples if sample[5]])
    failed = [(status, path) for _, _, status, _, path, _ in samples if status != 200]
    figures["first_errors"] = failed[:5]
    return figures


def report(figures: dict) -> None:
    threads = "" if figures["threads"] is None else f" --threads {figures['threads']}"
    print(f"\n--workers {figures['workers']}{threads}: {figures['requests']:,} requests, {figures['per_second']:.1f} requests/s, "
          f"{figures['errors']} errors, median {figures['median_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
          f"{figures['kept_share']:.0%} from the page cache")
    for kind, (count, median, p95, kept) in figures["kinds"].items():
        print(f"  {kind:<13} {count:>6,}  median {median:>6.0f} ms  p95 {p95:>6.0f} ms  cache {kept:.0%}")
    if figures["signed_in"]:
        count, median, p95, _ = figures["signed_in"]
        print(f"  {'(signed in)':<13} {count:>6,}  median {median:>6.0f} ms  p95 {p95:>6.0f} ms")
    if figures["server_cpu_ms"] is not None:
        print(f"  server CPU {figures['server_cpu_ms']:.1f} ms a request (all its processes), this client's "
              f"{figures['client_cpu_ms']:.1f} ms")
    if figures["first_errors"]:
        print(f"  first errors: {figures['first_errors']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="compared with --workers 1 in the same run")
    parser.add_argument("--threads", type=int, nargs="+", metavar="N",
                        help="the server's threads a process (default: mosaic serve's); several values are each run "
                             "with --workers W, side by side")
    parser.add_argument("--home", type=Path, help="the archive to build or reuse")
    parser.add_argument("--host", default=LOOPBACK, help="only 127.0.0.1: this test loads nothing but this machine")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warm-up", type=float, default=5, help="seconds of load before measuring (default %(default)s)")
    parser.add_argument("--signed-in", type=int, default=2,
                        help="clients that sign in as researchers first (default %(default)s; the others are anonymous)")
    args = parser.parse_args()
    if args.host != LOOPBACK:
        parser.error(f"refusing to load {args.host}: bench/load.py runs against {LOOPBACK} only")
    if args.documents < 1 or args.clients < 1 or args.seconds <= 0 or args.workers < 1:
        parser.error("--documents, --clients, --seconds and --workers must be positive")
    if not 0 <= args.signed_in <= args.clients:
        parser.error("--signed-in must be between 0 and --clients")
    home = (args.home or Path(tempfile.gettempdir()) / f"mosaic-load-bench-{args.documents}").resolve()
    build_archive(home, args.documents)
    if args.signed_in:
        ensure_reader(home)
    print(f"load: {args.clients} clients ({args.signed_in} signed in) for {args.seconds:.0f} s (after {args.warm_up:.0f} s of "
          f"warm-up) on {os.cpu_count()} cores, client and server on this machine")
    if args.threads and len(args.threads) > 1:
        runs = [run_load(home, args.port, args.workers, args.clients, args.seconds, args.documents, args.warm_up,
                         args.signed_in, threads) for threads in args.threads]
    else:
        threads = args.threads[0] if args.threads else None
        runs = [run_load(home, args.port, workers, args.clients, args.seconds, args.documents, args.warm_up, args.signed_in,
                         threads) for workers in sorted({1, args.workers})]
    for figures in runs:
        report(figures)
    print("\n| workers | threads | requests/s | errors | median ms | p95 ms | from cache | server CPU ms a request |\n"
          "|---|---|---|---|---|---|---|---|")
    for f in runs:
        cpu = "—" if f["server_cpu_ms"] is None else f"{f['server_cpu_ms']:.1f}"
        print(f"| {f['workers']} | {f['threads'] or 'default'} | {f['per_second']:.1f} | {f['errors']} | {f['median_ms']:.0f} | {f['p95_ms']:.0f} | "
              f"{f['kept_share']:.0%} | {cpu} |")


if __name__ == "__main__":
    main()
