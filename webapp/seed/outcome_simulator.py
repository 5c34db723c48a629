"""Simulated hiring outcomes for the demo data, from preferences the ranker never sees.

Why this exists: the ranker is evaluated on the demo's past applications. If
their outcomes were computed from the ranker's own features, any model would
look good and the comparison would mean nothing. So outcomes come from a small
hidden world, deliberately kept outside ``matching/``:

* every employer has **unstated tastes**, drawn once per employer: how much it
  values experience, how strongly it prefers people who live nearby, how
  strict it is overall, how much a language margin counts, and a "pet skill"
  it likes but may not list;
* **interactions and thresholds** between attributes, which a fixed weighted
  sum of the ranker's features cannot express but a tree model can learn:
  distance hurts only when the pay is below what the person wants (nobody
  commutes 40 km for less than they asked); pay at or above the person's wish
  helps, a shortfall of more than 15% hurts a lot; experience counts as a
  threshold for domestic manual work (two years), on a smooth curve for other
  domestic work, and hardly at all for overseas orders, where a language
  margin above the pass mark matters instead; being over-qualified (college
  or more) for manual work lowers the chance; an overseas order to someone
  who did not say they would go abroad rarely ends in a hire; a preferred
  country helps only for overseas orders; a profile updated in the last six
  weeks helps, one untouched for eight months hurts (people stop answering);
* the trade matters less than a text match suggests: applicants are mostly
  from the same occupation already, and within a trade the above decide;
* every person has a hidden **reliability** (shows up, follows through) that no
  feature captures;
* then **noise**: each application's result is a random draw from a logistic
  model, so the same pair can end differently.

The simulator reads raw attributes (``Profile`` and ``Job`` objects, which are
plain data), never ``matching.features``. Eligibility (age, language, licence)
is the law, not a preference, so ineligible applicants are simply rejected.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from matching import Job, Profile, exclusions, level_value

__all__ = ["EmployerTaste", "HiddenWorld", "Outcome"]

_MANUAL_MAJOR_GROUPS = {"6", "7", "8", "9"}


@dataclass(frozen=True)
class EmployerTaste:
    experience: float  # weight on years of experience beyond the minimum
    proximity: float  # dislike of distance (km) for domestic jobs
    strictness: float  # overall bar: lower means fewer hires
    language: float  # weight on language level above the pass mark (overseas)
    pet_skill: str | None  # a folded skill name it likes, listed or not


@dataclass(frozen=True)
class Outcome:
    stage: int  # 0 applied only, 1 shortlisted, 2 interviewed, 3 offered, 4 hired
    withdrawn: bool
    reason: str | None  # why it ended, for the rejection
    hire_probability: float


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _km(a: Profile, b: Job) -> float | None:
    if b.overseas or None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat or 0), math.radians(b.lat or 0)
    dp, dl = p2 - p1, math.radians((b.lon or 0) - (a.lon or 0))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, h)))


class HiddenWorld:
    """Tastes and reliabilities drawn once from ``rng``; ``outcome`` draws one application's result."""

    def __init__(self, rng: random.Random, skills: list[str]) -> None:
        self.rng = rng
        self.skills = skills
        self.tastes: dict[int, EmployerTaste] = {}
        self.reliability: dict[int, float] = {}

    def taste(self, employer_id: int, job: Job) -> EmployerTaste:
        if employer_id not in self.tastes:
            r = self.rng
            pool = sorted(job.skills) if job.skills and r.random() < 0.5 else self.skills
            self.tastes[employer_id] = EmployerTaste(
                experience=max(0.0, r.gauss(0.9, 0.5)),
                proximity=max(0.0, r.gauss(1.0, 0.5)),
                strictness=r.gauss(-2.2, 0.35),
                language=max(0.0, r.gauss(1.5, 0.6)),
                pet_skill=r.choice(pool) if pool else None,
            )
        return self.tastes[employer_id]

    def hire_logit(self, p: Profile, j: Job, on: dt.date) -> float:
        t = self.taste(j.employer_id, j)
        z = t.strictness
        shared = 0
        while (
            shared < 4
            and p.isco[shared : shared + 1]
            and p.isco[shared : shared + 1] == j.isco[shared : shared + 1]
        ):
            shared += 1
        # The trade matters, but within a trade (most applicants) other things decide.
        z += {4: 1.0, 3: 0.6, 2: 0.3, 1: 0.0}.get(shared, -1.2)
        manual = j.isco[:1] in _MANUAL_MAJOR_GROUPS
        gap = p.experience_years - j.min_experience_years
        if j.overseas:
            # Trainee and EPS orders want young hands who will learn their way: a
            # long domestic career counts for little, a language margin for a lot.
            z += 0.3 * math.tanh(gap / 2.0)
        elif manual:
            # A threshold, not a line: the first two years matter, later ones hardly.
            z += t.experience * (1.2 if gap >= 2 else -0.6 if gap < 0 else 0.3)
        else:
            z += t.experience * math.tanh(gap / 3.0)
        if t.pet_skill and t.pet_skill in p.skills:
            z += 0.9
        z += 0.6 * (len(j.skills & p.skills) / len(j.skills) - 0.5) if j.skills else 0.0
        # College graduates in manual work leave early, and employers know it.
        if p.education_rank >= 6 and manual:
            z -= 1.5
        pay, want = j.salary_mid_vnd, p.desired_salary_vnd
        underpaid = bool(pay and want and pay < want)
        if pay and want:
            # People who get at least what they asked for stay; a big shortfall ends it.
            z += 0.5 if not underpaid else (-1.2 if pay < 0.85 * want else -0.3)
        km = _km(p, j)
        if km is not None:
            # Distance hurts only when the pay does not make the commute worth it.
            z -= t.proximity * (km / 12.0) * (2.5 if underpaid else 0.15)
        if j.overseas:
            z += 0.0 if p.willing_overseas else -2.5
            if p.preferred_countries:
                z += 0.8 if j.country_code in p.preferred_countries else -0.6
            req = j.language_requirement or j.programme_rules.get("language")
            if req:
                z += t.language * self._language_excess(p, req)
        # People who updated their profile lately answer the phone; stale profiles rarely do.
        age_days = (on - p.updated_on).days if p.updated_on else 365
        z += 0.7 if age_days < 45 else (-0.9 if age_days > 240 else 0.0)
        if p.id not in self.reliability:
            self.reliability[p.id] = self.rng.gauss(0.0, 0.4)
        return z + self.reliability[p.id]

    @staticmethod
    def _language_excess(p: Profile, req: dict[str, object]) -> float:
        """0 at the pass mark, about 1 at a comfortable margin (EPS-TOPIK +60, JLPT two levels)."""
        need = level_value(
            str(req.get("test", "")), req.get("min_score") or req.get("min_level") or req.get("level")
        )
        best = None
        for lang in p.languages:
            if lang.code == req.get("code"):
                v = level_value(lang.test or str(req.get("test", "")), lang.level)
                if v is not None and need is not None:
                    best = v - need if best is None else max(best, v - need)
        if best is None:
            return -1.0
        scale = 60.0 if need and need > 9 else 2.0
        return min(1.5, best / scale)

    def outcome(self, p: Profile, j: Job, on: dt.date) -> Outcome:
        r = self.rng
        if exclusions(p, j, on):
            return Outcome(0, False, "not_eligible", 0.0)
        z = self.hire_logit(p, j, on)
        prob = _sigmoid(z)
        pay, want = j.salary_mid_vnd, p.desired_salary_vnd
        if pay and want and pay < 0.8 * want and r.random() < 0.4:
            return Outcome(r.randint(0, 2), True, "salary", prob)
        # How far a rejected application got follows the same logit, with noise.
        u = z + r.gauss(0, 0.6)
        hired = r.random() < prob
        if hired:
            return Outcome(4, False, None, prob)
        stage = 3 if u > 0.5 else 2 if u > -0.5 else 1 if u > -1.5 else 0
        if stage == 3 and r.random() < 0.5:
            return Outcome(3, True, "declined_offer", prob)
        return Outcome(stage, False, "not_suitable" if stage >= 2 else "skills", prob)
