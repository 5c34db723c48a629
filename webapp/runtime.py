"""Process settings for a long-running server (``vieclam serve``) and the benchmarks that stand in for one."""

from __future__ import annotations

import gc

__all__ = ["freeze_startup_heap"]


def freeze_startup_heap() -> int:
    """Collect once, then move every object alive now out of the cyclic collector's reach.

    The collector's full passes walk every container object in the process: about
    300,000 once Flask, SQLAlchemy, scikit-learn and the ranker are loaded, 160 ms a
    pass on the 2-core build machine, which made one request in twenty slow
    (benchmarks/RESULTS-matching.md). What exists at start-up lives as long as the
    process, so the collector has nothing to find there. Call it once, after start-up
    and warm-up; returns how many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
