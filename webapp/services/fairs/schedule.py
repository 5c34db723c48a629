"""Interview schedules for a job fair, as a min-cost flow plus a bipartite edge colouring.

The problem: people × booths × time slots. Each person gets at most ``per_person``
interviews, at most one per booth and one per slot; each booth sees at most
``capacity[b]`` people per slot; only eligible pairs are scheduled; the total
match score is maximised.

It splits exactly into two well-known problems (this module knows nothing of
Flask or the database and works on arrays):

1. *Which pairs* — a transportation problem solved as a min-cost flow with
   OR-Tools: source → person (capacity ``per_person``) → booth (capacity 1 per
   pair, cost = −score) → sink (capacity ``capacity[b] × n_slots``), with a
   zero-cost bypass arc so no interview is forced. Its optimum bounds every
   schedule from above.
2. *Which slots* — split each booth into ``capacity[b]`` counters with at most
   ``n_slots`` interviews each; the pair graph then has maximum degree
   ≤ ``n_slots`` (``per_person`` is capped at ``n_slots``) and, by König's
   edge-colouring theorem, its edges can be coloured with ``n_slots`` slots so
   that nobody is in two places at once. The colouring uses alternating-path
   (Kempe chain) swaps, which always succeed on bipartite graphs.

So the schedule achieves the flow optimum: nothing is lost to the slot step.

Walk-ins (``recompute``) are added to a schedule without touching the
interviews already there: the residual problem (free booth seats in the
remaining slots, each newcomer's free slots) is a small 0/1 programme solved
with HiGHS through ``scipy.optimize.milp``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "Assignment",
    "Schedule",
    "check_schedule",
    "greedy_schedule",
    "quantise",
    "recompute",
    "solve",
    "unconstrained_best",
]

SCALE = 1_000_000  # scores are quantised to 1e-6 so that the flow's integer costs are exact


@dataclass(frozen=True, slots=True)
class Assignment:
    person: int
    booth: int
    slot: int


@dataclass
class Schedule:
    assignments: list[Assignment]
    total: float
    seconds: float = 0.0
    stats: dict[str, float] = field(default_factory=dict)


def quantise(scores: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(scores, dtype=np.float64) * SCALE).astype(np.int64)


def _prepare(
    scores: np.ndarray, eligible: np.ndarray, n_slots: int, per_person: int
) -> tuple[np.ndarray, np.ndarray, int]:
    q = quantise(scores)
    mask = np.asarray(eligible, dtype=bool) & (q > 0)
    return q, mask, max(0, min(per_person, n_slots))


def _total(q: np.ndarray, pairs: Iterable[tuple[int, int]]) -> float:
    return float(sum(int(q[p, b]) for p, b in pairs)) / SCALE


# --------------------------------------------------------------------------- stage 1: pairs


def _pairs_by_flow(
    q: np.ndarray, mask: np.ndarray, booth_totals: np.ndarray, per_person: int
) -> list[tuple[int, int]]:
    n_people, n_booths = q.shape
    people, booths = np.nonzero(mask)
    if len(people) == 0 or per_person == 0:
        return []
    source, sink = 0, 1 + n_people + n_booths
    supply = int(per_person) * n_people
    tails = np.concatenate(
        [
            np.zeros(n_people, dtype=np.int32),  # source → person
            1 + people.astype(np.int32),  # person → booth
            1 + n_people + np.arange(n_booths, dtype=np.int32),  # booth → sink
            np.array([source], dtype=np.int32),  # bypass
        ]
    )
    heads = np.concatenate(
        [
            1 + np.arange(n_people, dtype=np.int32),
            1 + n_people + booths.astype(np.int32),
            np.full(n_booths, sink, dtype=np.int32),
            np.array([sink], dtype=np.int32),
        ]
    )
    caps = np.concatenate(
        [
            np.full(n_people, per_person, dtype=np.int64),
            np.ones(len(people), dtype=np.int64),
            np.asarray(booth_totals, dtype=np.int64),
            np.array([supply], dtype=np.int64),
        ]
    )
    costs = np.concatenate(
        [
            np.zeros(n_people, dtype=np.int64),
            -q[people, booths],
            np.zeros(n_booths, dtype=np.int64),
            np.zeros(1, dtype=np.int64),
        ]
    )
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_node_supply(source, supply)
    smcf.set_node_supply(sink, -supply)
    status = smcf.solve()
    if status != smcf.OPTIMAL:  # pragma: no cover - the bypass arc makes it always feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = smcf.flows(arcs[n_people : n_people + len(people)])
    chosen = np.nonzero(flows)[0]
    return list(zip(people[chosen].tolist(), booths[chosen].tolist(), strict=True))


# --------------------------------------------------------------------------- stage 2: slots


def _edge_colour(edges: Sequence[tuple[int, int]], n_colours: int) -> list[int]:
    """Colour a bipartite multigraph's edges with ``n_colours`` ≥ its maximum degree (König)."""
    at_left: dict[int, dict[int, int]] = {}  # left vertex → colour → edge index
    at_right: dict[int, dict[int, int]] = {}
    colour = [-1] * len(edges)

    def free(used: dict[int, int]) -> int:
        for c in range(n_colours):
            if c not in used:
                return c
        raise ValueError("a vertex has more edges than there are colours")

    for i, (u, v) in enumerate(edges):
        lu = at_left.setdefault(u, {})
        rv = at_right.setdefault(v, {})
        a, b = free(lu), free(rv)
        if a in rv:
            # Swap colours a and b along the path from v that alternates a, b, a, ...;
            # in a bipartite graph it cannot end at u, so afterwards a is free at both ends.
            path: list[int] = []
            side_right, node, c = True, v, a
            while True:
                table = at_right if side_right else at_left
                e = table.get(node, {}).get(c)
                if e is None:
                    break
                path.append(e)
                eu, ev = edges[e]
                node = eu if side_right else ev
                side_right = not side_right
                c = b if c == a else a
            for e in path:
                eu, ev = edges[e]
                del at_left[eu][colour[e]]
                del at_right[ev][colour[e]]
            for e in path:
                eu, ev = edges[e]
                colour[e] = b if colour[e] == a else a
                at_left[eu][colour[e]] = e
                at_right[ev][colour[e]] = e
        colour[i] = a
        lu[a] = i
        rv[a] = i
    return colour


def _assign_slots(
    pairs: Sequence[tuple[int, int]], capacity: np.ndarray, n_slots: int, q: np.ndarray
) -> list[Assignment]:
    # Better matches first, so that each booth's counters fill evenly with its best pairs spread out.
    ordered = sorted(pairs, key=lambda pb: (-int(q[pb[0], pb[1]]), pb))
    seen: dict[int, int] = {}
    edges: list[tuple[int, int]] = []
    for p, b in ordered:
        k = seen.get(b, 0)
        seen[b] = k + 1
        edges.append((p, b * 1_000_000 + k % int(capacity[b])))  # booth b's counter k mod capacity
    colours = _edge_colour(edges, n_slots)
    return sorted(
        (Assignment(p, b, t) for (p, b), t in zip(ordered, colours, strict=True)),
        key=lambda a: (a.person, a.slot),
    )


# --------------------------------------------------------------------------- public


def solve(
    scores: np.ndarray,
    eligible: np.ndarray,
    capacity: Sequence[int] | np.ndarray,
    n_slots: int,
    per_person: int,
) -> Schedule:
    """The optimal schedule (see the module docstring)."""
    started = time.perf_counter()
    q, mask, per_person = _prepare(scores, eligible, n_slots, per_person)
    cap = np.asarray(capacity, dtype=np.int64)
    pairs = _pairs_by_flow(q, mask, cap * n_slots, per_person)
    flow_done = time.perf_counter()
    assignments = _assign_slots(pairs, cap, n_slots, q)
    done = time.perf_counter()
    return Schedule(
        assignments,
        _total(q, pairs),
        done - started,
        {"flow_seconds": flow_done - started, "slot_seconds": done - flow_done},
    )


def greedy_schedule(
    scores: np.ndarray,
    eligible: np.ndarray,
    capacity: Sequence[int] | np.ndarray,
    n_slots: int,
    per_person: int,
) -> Schedule:
    """Baseline: take pairs best first while the person and the booth have room."""
    started = time.perf_counter()
    q, mask, per_person = _prepare(scores, eligible, n_slots, per_person)
    cap = np.asarray(capacity, dtype=np.int64)
    people, booths = np.nonzero(mask)
    order = np.lexsort((booths, people, -q[people, booths]))
    person_left = np.full(q.shape[0], per_person, dtype=np.int64)
    booth_left = cap * n_slots
    pairs: list[tuple[int, int]] = []
    for i in order.tolist():
        p, b = int(people[i]), int(booths[i])
        if person_left[p] > 0 and booth_left[b] > 0:
            person_left[p] -= 1
            booth_left[b] -= 1
            pairs.append((p, b))
    assignments = _assign_slots(pairs, cap, n_slots, q)
    return Schedule(assignments, _total(q, pairs), time.perf_counter() - started)


def unconstrained_best(scores: np.ndarray, eligible: np.ndarray, n_slots: int, per_person: int) -> float:
    """Every person's best ``per_person`` eligible booths, as if booths had no capacity limit."""
    q, mask, per_person = _prepare(scores, eligible, n_slots, per_person)
    if per_person == 0 or q.size == 0:
        return 0.0
    masked = np.where(mask, q, 0)
    k = min(per_person, q.shape[1])
    top = -np.sort(-masked, axis=1)[:, :k]
    return float(top.sum()) / SCALE


def recompute(
    scores: np.ndarray,
    eligible: np.ndarray,
    capacity: Sequence[int] | np.ndarray,
    n_slots: int,
    per_person: int,
    *,
    fixed: Iterable[Assignment],
    newcomers: Iterable[int],
    first_slot: int = 0,
    candidates_per_person: int = 12,
    time_limit: float = 5.0,
) -> Schedule:
    """Schedule ``newcomers`` into what is left, from ``first_slot`` on; ``fixed`` never moves.

    Each newcomer is offered their ``candidates_per_person`` best eligible booths,
    which keeps the programme small enough to solve while people queue at the door.
    Returns only the new assignments; ``total`` is their score.
    """
    started = time.perf_counter()
    q, mask, per_person = _prepare(scores, eligible, n_slots, per_person)
    cap = np.asarray(capacity, dtype=np.int64)
    fixed = list(fixed)
    residual = np.repeat(cap[:, None], n_slots, axis=1)
    busy: dict[int, set[int]] = {}
    met: set[tuple[int, int]] = set()
    count: dict[int, int] = {}
    for a in fixed:
        residual[a.booth, a.slot] -= 1
        busy.setdefault(a.person, set()).add(a.slot)
        met.add((a.person, a.booth))
        count[a.person] = count.get(a.person, 0) + 1

    var_p: list[int] = []
    var_b: list[int] = []
    var_t: list[int] = []
    newcomers = sorted(set(newcomers))
    for p in newcomers:
        if per_person - count.get(p, 0) <= 0:
            continue
        options = np.nonzero(mask[p])[0]
        options = options[np.argsort(-q[p, options], kind="stable")][:candidates_per_person]
        for b in options.tolist():
            if (p, b) in met:
                continue
            for t in range(first_slot, n_slots):
                if residual[b, t] > 0 and t not in busy.get(p, ()):
                    var_p.append(p)
                    var_b.append(b)
                    var_t.append(t)
    n = len(var_p)
    if n == 0:
        return Schedule([], 0.0, time.perf_counter() - started)
    vp, vb, vt = np.array(var_p), np.array(var_b), np.array(var_t)
    cols = np.arange(n)

    def rows_for(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        return inverse.reshape(-1), uniq

    constraints = []
    # one interview per person and booth; one place per person and slot; booth seats per slot
    for keys, upper in (
        (np.stack([vp, vb], axis=1), None),
        (np.stack([vp, vt], axis=1), None),
        (np.stack([vb, vt], axis=1), "seats"),
    ):
        row, uniq = rows_for(keys)
        a = sparse.csr_array((np.ones(n), (row, cols)), shape=(len(uniq), n))
        ub = residual[uniq[:, 0], uniq[:, 1]].astype(float) if upper == "seats" else np.ones(len(uniq))
        constraints.append(LinearConstraint(a, -np.inf, ub))
    # at most per_person interviews in all
    row, uniq_p = np.unique(vp, return_inverse=True)[1], np.unique(vp)
    a = sparse.csr_array((np.ones(n), (row.reshape(-1), cols)), shape=(len(uniq_p), n))
    ub = np.array([per_person - count.get(int(p), 0) for p in uniq_p], dtype=float)
    constraints.append(LinearConstraint(a, -np.inf, ub))

    c = -q[vp, vb].astype(float) / SCALE
    result = milp(
        c,
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "disp": False},
    )
    if result.x is None:  # pragma: no cover - x = 0 is always feasible
        raise RuntimeError(f"walk-in recompute failed: {result.message}")
    chosen = np.nonzero(result.x > 0.5)[0]
    assignments = [Assignment(int(vp[i]), int(vb[i]), int(vt[i])) for i in chosen]
    total = _total(q, [(a.person, a.booth) for a in assignments])
    return Schedule(assignments, total, time.perf_counter() - started, {"variables": float(n)})


def check_schedule(
    assignments: Iterable[Assignment],
    eligible: np.ndarray,
    capacity: Sequence[int] | np.ndarray,
    n_slots: int,
    per_person: int,
) -> list[str]:
    """Every broken rule, in words (empty when the schedule is valid); used by tests and the CLI."""
    problems: list[str] = []
    seats: dict[tuple[int, int], int] = {}
    places: set[tuple[int, int]] = set()
    pairs: set[tuple[int, int]] = set()
    per: dict[int, int] = {}
    for a in assignments:
        if not 0 <= a.slot < n_slots:
            problems.append(f"slot {a.slot} out of range")
        if not eligible[a.person, a.booth]:
            problems.append(f"person {a.person} not eligible at booth {a.booth}")
        if (a.person, a.slot) in places:
            problems.append(f"person {a.person} twice in slot {a.slot}")
        places.add((a.person, a.slot))
        if (a.person, a.booth) in pairs:
            problems.append(f"person {a.person} twice at booth {a.booth}")
        pairs.add((a.person, a.booth))
        seats[a.booth, a.slot] = seats.get((a.booth, a.slot), 0) + 1
        per[a.person] = per.get(a.person, 0) + 1
    problems += [f"booth {b} over capacity in slot {t}" for (b, t), k in seats.items() if k > capacity[b]]
    problems += [f"person {p} has {k} interviews" for p, k in per.items() if k > per_person]
    return problems
