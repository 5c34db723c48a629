"""Property tests of the interview schedule: the rules always hold and it beats greedy."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.services.fairs import schedule as sched


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    people = draw(st.integers(0, 25))
    booths = draw(st.integers(1, 6))
    slots = draw(st.integers(1, 5))
    per = draw(st.integers(0, 4))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    scores = rng.random((people, booths)).round(3)
    eligible = rng.random((people, booths)) < draw(st.floats(0.0, 1.0))
    capacity = rng.integers(1, 4, booths)
    return scores, eligible, capacity, slots, per


@settings(max_examples=150, deadline=None)
@given(instances())
def test_schedule_respects_rules_and_beats_greedy(inst: tuple) -> None:
    scores, eligible, capacity, slots, per = inst
    result = sched.solve(scores, eligible, capacity, slots, per)
    assert sched.check_schedule(result.assignments, eligible, capacity, slots, per) == []
    greedy = sched.greedy_schedule(scores, eligible, capacity, slots, per)
    assert sched.check_schedule(greedy.assignments, eligible, capacity, slots, per) == []
    assert result.total >= greedy.total
    assert result.total <= sched.unconstrained_best(scores, eligible, slots, per) + 1e-9
    recomputed = sum(float(sched.quantise(scores)[a.person, a.booth]) for a in result.assignments)
    assert abs(recomputed / sched.SCALE - result.total) < 1e-6


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(0, 5), st.integers(0, 5))
def test_walk_ins_never_move_fixed_interviews(inst: tuple, late: int, first_slot: int) -> None:
    scores, eligible, capacity, slots, per = inst
    people = scores.shape[0]
    late = min(late, people)
    newcomers = list(range(people - late, people))
    base = sched.solve(scores[: people - late], eligible[: people - late], capacity, slots, per)
    first_slot = min(first_slot, slots)
    added = sched.recompute(
        scores,
        eligible,
        capacity,
        slots,
        per,
        fixed=base.assignments,
        newcomers=newcomers,
        first_slot=first_slot,
    )
    everything = base.assignments + added.assignments
    assert sched.check_schedule(everything, eligible, capacity, slots, per) == []
    assert all(a.person in newcomers and a.slot >= first_slot for a in added.assignments)


def test_ineligible_pairs_are_never_scheduled_even_when_best() -> None:
    scores = np.array([[1.0, 0.1], [0.9, 0.2]])
    eligible = np.array([[False, True], [True, True]])
    result = sched.solve(scores, eligible, [1, 1], 2, 2)
    assert {(a.person, a.booth) for a in result.assignments} == {(0, 1), (1, 0), (1, 1)}
    assert sched.check_schedule(result.assignments, eligible, [1, 1], 2, 2) == []


def test_optimum_beats_greedy_on_a_crafted_case() -> None:
    # Greedy gives booth 0's only seat to person 0 (0.9) and leaves person 1 with nothing;
    # the optimum sends person 0 to booth 1 instead.
    scores = np.array([[0.9, 0.8], [0.85, 0.0]])
    eligible = np.array([[True, True], [True, False]])
    opt = sched.solve(scores, eligible, [1, 1], 1, 1)
    greedy = sched.greedy_schedule(scores, eligible, [1, 1], 1, 1)
    assert opt.total > greedy.total
    assert abs(opt.total - 1.65) < 1e-9
