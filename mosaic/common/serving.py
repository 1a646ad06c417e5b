"""Gunicorn's threaded worker, taking a new connection only while one of its threads is free.

Gunicorn's own accepts every connection it can, busy or not, and a kept-alive connection stays
with the process that took it. With 50 readers keeping their connections, measured: one process
held 46 of them and the other 4, so most readers queued behind one core while the other idled
(p95 853 ms). A process whose threads are all at work now leaves new connections to the others,
and connections are not kept alive (`mosaic serve`), so each request waits in the kernel's queue
for the first process with a thread free.
"""
from gunicorn.workers.gthread import ThreadWorker


class EvenThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests_in_hand = 0

    def has_a_free_thread(self) -> bool:
        return self.requests_in_hand < self.cfg.threads

    def set_accept_enabled(self, enabled):
        # Gunicorn's loop asks again on every turn, so accepting resumes once a request is done.
        super().set_accept_enabled(enabled and self.has_a_free_thread())

    def enqueue_req(self, conn):
        self.requests_in_hand += 1
        super().enqueue_req(conn)
        if not self.has_a_free_thread():
            super().set_accept_enabled(False)

    def finish_request(self, conn, fs):
        self.requests_in_hand -= 1
        super().finish_request(conn, fs)
