"""Jobs for the queue's own tests. Each keeps its state in files, so that a worker in another
process can be watched from the test."""
import time
from pathlib import Path

from django_tasks import task


@task()
def slow_then_quick(folder: str) -> str:
    """Idempotent: writes done.txt. Its first attempt writes started.txt and then takes a minute,
    long enough to be killed; any later attempt (which finds started.txt) finishes at once."""
    folder_path = Path(folder)
    started = folder_path / "started.txt"
    if not started.exists():
        started.write_text("first attempt")
        time.sleep(60)
    (folder_path / "done.txt").write_text("done")
    return "done"


@task()
def fails_until(folder: str, successful_attempt: int) -> int:
    """Raises on each attempt before the `successful_attempt`-th (counted in attempts.txt)."""
    counter = Path(folder) / "attempts.txt"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    if attempt < successful_attempt:
        raise RuntimeError(f"attempt {attempt} failed on purpose")
    return attempt


@task()
def takes_a_while(folder: str, name: str, seconds: float) -> None:
    """Records when it started and when it ended (NAME.start, NAME.end), for telling whether jobs ran side by side."""
    Path(folder, f"{name}.start").write_text(str(time.time()))
    time.sleep(seconds)
    Path(folder, f"{name}.end").write_text(str(time.time()))
