"""Fair interview schedule at the size of a large mobile fair.

3,000 jobseekers, 60 booths × 8 slots, up to 3 interviews each. Scores and
eligibility are synthetic but shaped like the ranker's: each person fits a
few occupations, so most pairs are weak or ineligible and popular booths are
over-subscribed. Times the full schedule and a walk-in recompute (100 people
arriving at slot 3 while the rest of the schedule stays put), and compares the
schedule's total score with the unconstrained best and the greedy baseline.

    .venv/bin/python benchmarks/fair.py [--json] [--people 3000] [--booths 60] [--slots 8]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from webapp.services.fairs import schedule as sched


def instance(people: int, booths: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    groups = 12
    person_group = rng.integers(0, groups, people)
    booth_group = rng.integers(0, groups, booths)
    popularity = rng.gamma(2.0, 0.5, booths)  # some booths are wanted by many
    fit = (person_group[:, None] == booth_group[None, :]) * 0.5 + rng.random((people, booths)) * 0.5
    scores = np.clip(fit * (0.7 + 0.3 * popularity / popularity.max()), 0, 1)
    eligible = rng.random((people, booths)) < 0.6
    capacity = rng.integers(12, 30, booths)  # people a booth sees per slot (several recruiters)
    return scores, eligible, capacity


def run(people: int, booths: int, slots: int, per: int, walk_ins: int) -> dict[str, float]:
    scores, eligible, capacity = instance(people + walk_ins, booths)
    pre = people
    t = time.perf_counter()
    full = sched.solve(scores[:pre], eligible[:pre], capacity, slots, per)
    full_s = time.perf_counter() - t
    greedy = sched.greedy_schedule(scores[:pre], eligible[:pre], capacity, slots, per)
    best = sched.unconstrained_best(scores[:pre], eligible[:pre], slots, per)
    assert not sched.check_schedule(full.assignments, eligible, capacity, slots, per)
    t = time.perf_counter()
    added = sched.recompute(
        scores,
        eligible,
        capacity,
        slots,
        per,
        fixed=full.assignments,
        newcomers=range(pre, pre + walk_ins),
        first_slot=3,
    )
    walk_s = time.perf_counter() - t
    assert not sched.check_schedule(full.assignments + added.assignments, eligible, capacity, slots, per)
    return {
        "people": people,
        "booths": booths,
        "slots": slots,
        "interviews_per_person": per,
        "seats": int(capacity.sum()) * slots,
        "interviews": len(full.assignments),
        "full_schedule_seconds": round(full_s, 4),
        "flow_seconds": round(full.stats["flow_seconds"], 4),
        "slot_colouring_seconds": round(full.stats["slot_seconds"], 4),
        "total_score": round(full.total, 3),
        "greedy_score": round(greedy.total, 3),
        "unconstrained_best": round(best, 3),
        "share_of_unconstrained": round(full.total / best, 4) if best else 1.0,
        "gain_over_greedy_percent": round(100 * (full.total / greedy.total - 1), 3) if greedy.total else 0.0,
        "walk_ins": walk_ins,
        "walk_in_interviews": len(added.assignments),
        "walk_in_recompute_seconds": round(walk_s, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--booths", type=int, default=60)
    parser.add_argument("--slots", type=int, default=8)
    parser.add_argument("--per-person", type=int, default=3)
    parser.add_argument("--walk-ins", type=int, default=100)
    args = parser.parse_args()
    figures = run(args.people, args.booths, args.slots, args.per_person, args.walk_ins)
    if args.json:
        print(json.dumps(figures))
        return
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
