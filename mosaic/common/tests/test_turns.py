"""Pages made in turns: first come, first served, one at a time on SQLite; changes and searches in
the database do not hold the turn."""
import threading
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from mosaic.common import turns
from mosaic.common.turns import Turns, TurnsMiddleware, stepping_aside, turn
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params


def run_together(work, count: int, stagger: float = 0.002) -> None:
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
        time.sleep(stagger)  # so that they arrive in order
    for thread in threads:
        thread.join(timeout=20)


class Counter:
    def __init__(self):
        self.lock, self.now, self.most, self.order = threading.Lock(), 0, 0, []

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *exc):
        with self.lock:
            self.now -= 1


@pytest.mark.parametrize("at_once", [1, 2])
def test_turns_let_so_many_through_in_the_order_they_came(at_once):
    gate, counter = Turns(at_once), Counter()

    def work(n):
        gate.take()
        try:
            with counter:
                counter.order.append(n)
                time.sleep(0.02)
        finally:
            gate.give()

    run_together(work, 8)
    assert counter.most == at_once
    assert counter.order == list(range(8))


def test_turns_refuse_none():
    with pytest.raises(ValueError):
        Turns(0)


def test_pages_wait_their_turn_and_changes_do_not(settings):
    settings.MOSAIC_PAGES_AT_ONCE = 1
    counter, changed_while_a_page_was_made = Counter(), threading.Event()

    def view(request):
        if request.method == "POST":
            if counter.now:
                changed_while_a_page_was_made.set()
            return HttpResponse("changed")
        with counter:
            time.sleep(0.03)
        return HttpResponse("page")

    middleware, factory = TurnsMiddleware(view), RequestFactory()

    def work(n):
        middleware(factory.post("/edit") if n == 3 else factory.get(f"/page/{n}"))

    run_together(work, 6)
    assert counter.most == 1
    assert changed_while_a_page_was_made.is_set()


def test_a_page_stepping_aside_lets_the_next_one_have_the_turn(settings):
    settings.MOSAIC_PAGES_AT_ONCE = 1
    aside, other_page_made, back = threading.Event(), threading.Event(), []

    def long_search():
        with turn():
            with stepping_aside():
                aside.set()
                assert other_page_made.wait(10)
            back.append(turns.process_turns().waiting)

    def other_page():
        assert aside.wait(10)
        with turn():
            other_page_made.set()

    threads = [threading.Thread(target=long_search), threading.Thread(target=other_page)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert other_page_made.is_set() and back == [0]


def test_stepping_aside_outside_a_turn_does_nothing():
    with stepping_aside():
        pass


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["relevance", "title"])  # through the facet bitmaps, and in SQL alone
def test_a_search_gives_up_its_turn_while_the_database_matches(settings, demo_db, sort):
    """The statement where a search spends its time runs with the turn free for the next page."""
    settings.MOSAIC_PAGES_AT_ONCE = 1
    seen = []

    def watch(execute, sql, params, many, context):
        if " MATCH " in sql or "@@" in sql:
            seen.append(_turn_is_free())
        return execute(sql, params, many, context)

    with turn(), connection.execute_wrapper(watch):
        results = get_backend().search(search_query_from_params({"q": "plenum", "sort": sort}))
    # The first finds every hit in the whole index; the page's own rows (20 at most) are read in turn.
    assert results.total and seen[0]


def _turn_is_free() -> bool:
    gate = turns.process_turns()
    if gate._lock.acquire(timeout=1):
        try:
            return gate._free == 1
        finally:
            gate._lock.release()
    return False
