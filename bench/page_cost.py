"""CPU time a fresh page costs, per kind of request of the load mix (bench/load.py).

Run: .venv/bin/python bench/page_cost.py [--documents 10000] [--home DIR] [--per-kind 40]
     [--profile KIND] [--top 30] [--sort tottime] [--statements KIND] [--kept-parts]

Uses the archive bench/load.py builds (the same --home default; built here if it is missing), in
this one process, through Django's whole middleware stack (the test client), with the page cache
off: every request makes its page, as the pages not yet kept do under load. The requests are the
load mix's own (same generator, fixed seed), --per-kind of each kind, after a warm-up round of
other requests (the first search builds the facet bitmaps, the first name reading the matcher:
once per process, not per request). Prints, per kind, the CPU time a request (mean, median, p90)
and the SQL statements a request, and the mean weighted by the mix's shares.

The parts of pages kept across changes (citations under a digest of their facts, and whatever
else the fragments cache holds) start empty, as in load.py's runs; with --kept-parts each request
is made twice and the second is measured, which is what a page costs once its parts are kept.
--profile KIND prints the functions where that kind spends its time (cProfile, cumulative);
--statements KIND the SQL statements where it spends its database time.
"""
import argparse
import cProfile
import functools
import io
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--home", type=Path, help="the archive bench/load.py built (default: its own default)")
    parser.add_argument("--per-kind", type=int, default=40, help="requests measured per kind (default %(default)s)")
    parser.add_argument("--profile", metavar="KIND", help="print a cProfile of this kind's requests (e.g. document)")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile (default %(default)s)")
    parser.add_argument("--sort", choices=("cumulative", "tottime"), default="cumulative",
                        help="order of --profile's functions: with what they call, or their own time")
    parser.add_argument("--kept-parts", action="store_true", help="measure each page a second time, its kept parts warm")
    parser.add_argument("--statements", metavar="KIND",
                        help="print the SQL statements where that kind spends its database time, slowest first")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.per_kind < 1:
        parser.error("--per-kind must be positive")
    home = (args.home or Path(tempfile.gettempdir()) / f"mosaic-load-bench-{args.documents}").resolve()
    import load

    load.build_archive(home, args.documents)  # or reuse it, brought to the current schema

    os.environ["MOSAIC_HOME"] = str(home)
    os.environ["MOSAIC_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
    # Empty parts-of-pages cache, as each of load.py's runs starts with.
    shutil.rmtree(home / "cache", ignore_errors=True)

    import django
    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    status, body = _get(client, "/people/")
    people = sorted(set(re.findall(r'href="/people/([^/"]+)/"', body.decode())))
    mix = load.Mix(args.documents, people, seed=args.seed)
    kinds = [kind for kind, _ in mix.kinds]
    shares = dict(mix.kinds)
    wanted = {kind: [] for kind in kinds}
    warm_up = {kind: [] for kind in kinds}
    seen = set()
    while any(len(paths) < args.per_kind for paths in wanted.values()):
        kind, path = mix.next()
        if path in seen and kind != "home":  # the home page has one address: it is made again each time
            continue
        seen.add(path)
        target = warm_up if len(warm_up[kind]) < 3 else wanted
        if len(target[kind]) < args.per_kind:
            target[kind].append(path)

    for kind, paths in warm_up.items():
        for path in paths:
            _check(kind, path, _get(client, path)[0])

    profiler = cProfile.Profile() if args.profile else None
    statement_times: dict[str, list[float]] = {}
    rows = {}
    for kind in kinds:
        times, statements = [], []
        for path in wanted[kind]:
            if args.kept_parts:
                _get(client, path)
            counted = []
            timed = statement_times if kind == args.statements else None
            with connection.execute_wrapper(functools.partial(_count_and_time, counted, timed)):
                if profiler and kind == args.profile:
                    profiler.enable()
                started = time.process_time()
                status, _ = _get(client, path)
                spent = time.process_time() - started
                if profiler and kind == args.profile:
                    profiler.disable()
            _check(kind, path, status)
            times.append(1000 * spent)
            statements.append(len(counted))
        rows[kind] = (statistics.mean(times), statistics.median(times), _percentile(times, 0.9), statistics.mean(statements))

    print(f"fresh pages (page cache off{', kept parts warm' if args.kept_parts else ', kept parts cold'}), "
          f"{args.per_kind} requests a kind, {home}")
    print(f"| kind | CPU ms mean | median | p90 | SQL statements |\n|---|---|---|---|---|")
    for kind, (mean, median, p90, sql) in rows.items():
        print(f"| {kind} | {mean:.1f} | {median:.1f} | {p90:.1f} | {sql:.1f} |")
    weighted = sum(rows[kind][0] * shares[kind] for kind in kinds) / sum(shares.values())
    print(f"| the mix (weighted by its shares) | {weighted:.1f} | | | |")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
    if statement_times:
        print(f"\n{args.statements}: SQL statements by total time over its {args.per_kind} requests")
        print("| ms in all | calls | ms a call | statement |\n|---|---|---|---|")
        ranked = sorted(statement_times.items(), key=lambda item: -sum(item[1]))
        for sql, spent in ranked[:args.top]:
            print(f"| {sum(spent):.1f} | {len(spent)} | {statistics.mean(spent):.2f} | `{sql[:160]}` |")


def _count_and_time(counted, timed, execute, sql, params, many, context):
    counted.append(1)
    if timed is None:
        return execute(sql, params, many, context)
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        # Statements that differ only in their list of ids are one statement here.
        shape = re.sub(r"(%s, )+%s", "%s, ...", sql)
        timed.setdefault(shape, []).append(1000 * (time.perf_counter() - started))


def _get(client, path):
    response = client.get(path)
    return response.status_code, response.content


def _check(kind, path, status):
    if status != 200:
        raise SystemExit(f"{kind} {path} answered {status}")


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


if __name__ == "__main__":
    main()
