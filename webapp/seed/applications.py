"""Applications with simulated outcomes for the demo data (owned by the matching work).

Until the outcome simulator lands this creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session


def seed_applications(session: Session, rng: random.Random, today: dt.date, scale: float = 1.0) -> int:
    """Create applications (with status history) between seeded jobseekers and vacancies; returns the count."""
    return 0
