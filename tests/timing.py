"""Timing for tests that must not depend on the machine's speed: ratios of the same code on
input of size n and 10n, CPU time, the collector kept out, and a deadline that stops a runaway.

A test never compares a time with a fixed budget (a loaded CI machine would fail it); it
compares the code with itself on a larger input, which catches quadratic or exponential work.
"""

from __future__ import annotations

import gc
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class TooSlow(Exception):
    pass


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Interrupt a runaway computation (Python's regex engine checks for signals)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TooSlow(f"{what} took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def cpu_time(work: Callable[[], object], runs: int = 3) -> float:
    """Least CPU time of ``runs`` calls (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        work()
        best = min(best, time.process_time() - t0)
    return best


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects alive now (what earlier tests left) out of the garbage collector.

    Otherwise each full collection the timed work triggers walks them too, and the larger
    input, triggering more, looks super-linear for a reason that is not its own.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _uncollected(work: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        work()
        return time.process_time() - t0
    finally:
        gc.enable()


def sandwiched_ratio(
    small: Callable[[], object], large: Callable[[], object], rounds: int = 5
) -> tuple[float, float, float]:
    """Median over ``rounds`` of large's CPU time over small's, small timed just before and after.

    Times the analysis's own work, not the collector's: the 100 KB shapes keep ~10^5 spans
    alive while they run, and each collection their allocations trigger walks the survivors so
    far, which added 3-6x to the ratio (14-19x with the collector on, 9-13x paused) although the
    analysis does the same work per character.  Garbage is collected between calls, so one
    call's leftovers never slow the next.  This shared virtual machine has slow spells that
    change one call's time by up to 2x within a second; a ratio of calls a few hundred
    milliseconds apart, and the median of several, measures the code rather than the spell.
    ``test_analysis_is_linear`` keeps the collector on.  Returns (ratio, small s, large s).
    """
    rows = []
    for _ in range(rounds):
        before, t_large, after = _uncollected(small), _uncollected(large), _uncollected(small)
        t_small = (before + after) / 2
        # 5 ms of slack: timer noise on a small input of a few milliseconds
        rows.append((max(t_large - 0.005, 0.0) / max(t_small, 1e-9), t_small, t_large))
    rows.sort()
    return rows[len(rows) // 2]


def linear_ratio(work: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    """How many times longer ``work`` takes on ``make(10 * n)`` than on ``make(n)`` (about 10
    for linear work, the median of five sandwiched rounds); a 30 s deadline stops a runaway."""
    small, large = make(n), make(10 * n)
    work(small)  # warm: lexicons compiled, analyzers imported
    with frozen_heap(), deadline(30, f"{small[:20]!r}… x10"):
        ratio, _t_small, _t_large = sandwiched_ratio(lambda: work(small), lambda: work(large))
    return ratio


def repeated(unit: str, chars: int = 2_000) -> tuple[Callable[[int], str], int]:
    """``unit`` repeated: the maker and the count that gives about ``chars`` characters."""
    return (lambda k: unit * k), max(1, chars // len(unit))
